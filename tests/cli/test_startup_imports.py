"""Start-up stays small: ``--version`` and ``--help`` import no renderer, and nothing imports networkx
unless a diagram or an export needs it (checking uses our own graph algorithms).

Each case runs the real command in a fresh interpreter with ``-X importtime``, which names every
module the run imported, so a module-level import added anywhere on the way fails here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$", re.M)

#: Modules that draw, format findings or reports, or load: none is needed to print a version or help.
RENDERERS = (
    "speckit_graph.render.findings",
    "speckit_graph.render.diff",
    "speckit_graph.render.report",
    "speckit_graph.render.diagram.draw",
    "speckit_graph.render.diagram.dot",
    "speckit_graph.render.diagram.graphml",
    "speckit_graph.render.tree_text",
    "speckit_graph.render.init_report",
)
HEAVY = ("networkx", "pydot", "yaml", "speckit_graph.usecases.check", "speckit_graph.load.loader", *RENDERERS)


def imported(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "speckit_graph", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    return proc, set(_IMPORTED.findall(proc.stderr))


def offenders(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


def test_importtime_output_is_parsed() -> None:
    """The parser must see the modules, or every assertion below would pass on an empty set."""
    proc, modules = imported("--help")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "speckit_graph.cli.root" in modules and "typer" in modules


def test_version_imports_neither_typer_nor_any_renderer() -> None:
    proc, modules = imported("--version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("speckit-graph ")
    assert offenders(modules, (*HEAVY, "typer", "rich", "speckit_graph.render", "speckit_graph.usecases")) == []


def test_help_imports_no_renderer_and_no_networkx() -> None:
    proc, modules = imported("--help")
    assert proc.returncode == 0
    assert offenders(modules, HEAVY) == []


@pytest.mark.parametrize("command", ["check", "report", "graph"])
def test_command_help_imports_no_renderer(command: str) -> None:
    proc, modules = imported(command, "--help")
    assert proc.returncode == 0
    assert offenders(modules, HEAVY) == []


def test_check_imports_no_networkx_and_only_its_renderer() -> None:
    proc, modules = imported("check", "examples/checkout", "--no-cache")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "speckit_graph.render.findings.check_text" in modules
    assert offenders(modules, ("networkx", "pydot", "speckit_graph.render.diagram.draw", "speckit_graph.render.report")) == []


def test_graph_export_still_imports_networkx() -> None:
    """The other side: GraphML export needs networkx, and gets it when asked."""
    proc, modules = imported("graph", "examples/checkout", "--format", "graphml", "--no-cache")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "networkx" in modules


def test_registry_defaults_match_the_modules_that_use_them() -> None:
    from speckit_graph.render import registry
    from speckit_graph.render.diagram import draw
    from speckit_graph.render.report import render_md

    assert registry.DEFAULT_LIMIT == render_md.DEFAULT_LIMIT
    assert registry.DEFAULT_TIMEOUT == draw.DEFAULT_TIMEOUT
