"""Where things are, as reports name them: a finding as ``path:line:col``, the checked folder, links to specs."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from speckit_graph.core.findings import Finding


def location(finding: Finding, prefix: str) -> str:
    """``prefix/path:line:col`` as editors and terminals make clickable."""
    path = finding.path or "."
    if prefix not in ("", "."):
        path = f"{prefix.rstrip('/')}/{path}" if path != "." else prefix
        if finding.path is not None and finding.path.startswith("../"):  # code beside the specs (SG5xx)
            path = posixpath.normpath(path)
    parts = [path]
    if finding.line is not None:
        parts.append(str(finding.line))
        if finding.column is not None:
            parts.append(str(finding.column))
    return ":".join(parts)


def display_root(path: Path) -> str:
    """The checked folder as reports should name it: POSIX, relative to the current directory.

    CI tools (GitHub annotations, code scanning) resolve paths from the repository root,
    which is where CI runs; a folder outside the current directory stays absolute.
    """
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute.as_posix()
    text = relative.as_posix()
    return "" if text == "." else text


def link_base_for(root: Path, output: Path | None) -> str:
    """The prefix that makes a spec's path clickable from where the diagram will be opened.

    Relative from the output file's folder to the repository (or from the current folder
    when writing to stdout), always with forward slashes and a trailing one.
    """
    start = output.resolve().parent if output is not None else Path.cwd()
    try:
        relative = os.path.relpath(root.resolve(), start)
    except ValueError:  # another drive on Windows
        relative = root.resolve().as_posix()
    relative = relative.replace(os.sep, "/")
    return "" if relative == "." else relative.rstrip("/") + "/"
