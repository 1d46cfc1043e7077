"""``speckit-graph tree``: one spec's ancestors, children, dependencies and dependents in the terminal."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, use_color, write_output
from speckit_graph.cli.options import load_options
from speckit_graph.render.registry import TREE_RENDERERS, RenderContext
from speckit_graph.usecases.tree import TreeRequest, run_tree


class TreeDirection(str, enum.Enum):
    all = "all"
    up = "up"
    down = "down"
    deps = "deps"
    dependents = "dependents"
    related = "related"


@error_boundary
def tree_command(
    spec_id: Annotated[str, typer.Argument(metavar="ID", help="The spec to show.")],
    path: Annotated[Path, typer.Argument(help="Folder to scan for spec files.")] = Path("."),
    depth: Annotated[
        Optional[int], typer.Option("--depth", "-d", min=1, help="Levels shown below the spec [default: all].")
    ] = None,
    direction: Annotated[
        TreeDirection,
        typer.Option(
            "--direction",
            help="up (parents), down (children), deps (what it depends on), dependents, related, or all.",
        ),
    ] = TreeDirection.all,
    config_file: Annotated[
        Optional[Path], typer.Option("--config", help="Configuration file (default: found upward from PATH).")
    ] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the tree to FILE.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text even on a terminal.")] = False,
) -> None:
    """Show a spec and what surrounds it as an indented tree; cycles are marked, never followed."""
    request = TreeRequest(spec_id, load_options(path, config_file, None, None, True), direction.value, depth)
    outcome = run_tree(request)
    rich = output is None and use_color(no_color)
    write_output(TREE_RENDERERS["rich" if rich else "text"](outcome, RenderContext(path=path, output=output)), output)
    raise typer.Exit(0)
