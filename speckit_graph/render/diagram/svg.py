"""SVG through Graphviz: a system ``dot`` when there is one, else the ``graphviz-pure`` wheel.

Graphviz runs as a subprocess with a time limit: ``dot`` grows much faster than linearly
and can run for many minutes on a few thousand nodes, so a render that goes on too long
is stopped with a message that says what to do instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from speckit_graph.core.errors import SpeckitGraphError

#: Environment variable naming the Graphviz command to use (a path or a name on PATH).
RENDERER_ENV = "SPECKIT_GRAPH_GRAPHVIZ"
ENGINES = ("dot", "sfdp", "neato", "fdp", "circo", "twopi", "osage", "patchwork")


class RenderError(SpeckitGraphError):
    """Graphviz ran but could not draw the graph."""


class RendererNotFound(RenderError):
    """Neither a system Graphviz nor graphviz-pure is installed."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            (detail + "; " if detail else "")
            + "SVG needs Graphviz: install it so that `dot` is on PATH (apt-get install graphviz, "
            "brew install graphviz, choco install graphviz) or reinstall speckit-graph, which brings "
            "the self-contained graphviz-pure; --format dot or mermaid need neither"
        )


class RenderTimeout(RenderError):
    """The layout took longer than allowed."""


@dataclass(frozen=True)
class Renderer:
    """A Graphviz command line: ``dot`` itself or graphviz-pure, which takes the same flags."""

    path: str
    name: str


def find_renderer() -> Renderer:
    """The Graphviz to use: $SPECKIT_GRAPH_GRAPHVIZ, else ``dot`` on PATH, else graphviz-pure.

    graphviz-pure is also looked for beside the running Python, so a virtualenv's copy works
    without the virtualenv being activated.
    """
    wanted = os.environ.get(RENDERER_ENV, "").strip()
    if wanted:
        found = shutil.which(wanted)
        if found is None:
            raise RendererNotFound(f"{RENDERER_ENV}={wanted} is not an executable")
        return Renderer(found, Path(wanted).name)
    found = shutil.which("dot")
    if found is not None:
        return Renderer(found, "dot")
    scripts = {Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))}
    for candidate in ["graphviz-pure", *(str(directory / "graphviz-pure") for directory in sorted(scripts))]:
        found = shutil.which(candidate)
        if found is not None:
            return Renderer(found, "graphviz-pure")
    raise RendererNotFound("no Graphviz found")


def render_svg(dot_text: str, engine: str = "dot", timeout: float | None = 60.0, renderer: Renderer | None = None) -> str:
    """Lay out ``dot_text`` with ``engine`` and return the SVG text.

    Raises RendererNotFound, RenderTimeout (after ``timeout`` seconds; None waits forever)
    or RenderError with Graphviz's own first line of complaint.
    """
    if engine not in ENGINES:
        raise RenderError(f"unknown layout engine {engine!r} (known: {', '.join(ENGINES)})")
    renderer = renderer or find_renderer()
    command = [renderer.path, f"-K{engine}", "-Tsvg"]
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise RendererNotFound(f"cannot run {renderer.path}: {exc.strerror or exc}") from None
    try:
        out, err = process.communicate(dot_text.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RenderTimeout(
            f"{renderer.name} -K{engine} did not finish within {timeout:g} s; draw less with --root/--depth or "
            "filters, let big views collapse (--collapse auto), try --engine sfdp, or raise --timeout (0 waits forever)"
        ) from None
    if process.returncode != 0 or not out.strip():
        message = next((line.strip() for line in err.decode("utf-8", "replace").splitlines() if line.strip()), "")
        raise RenderError(f"{renderer.name} -K{engine} failed (exit {process.returncode})" + (f": {message}" if message else ""))
    return out.decode("utf-8", "replace")
