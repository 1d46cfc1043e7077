"""``speckit-graph tree``: one spec's ancestors, children, dependencies and dependents in the terminal."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from speckit_graph.cli.common import error_boundary, use_color, write_output
from speckit_graph.render.tree_text import render_tree_rich, render_tree_text
from speckit_graph.usecases import api


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
    config = api.resolve_config(path, config_file)
    graph = api.load(path, config)
    tree = api.spec_tree(graph, spec_id, direction.value, depth)
    if output is None and use_color(no_color):
        Console(highlight=False, soft_wrap=True).print(render_tree_rich(tree, config.vocabulary))
    else:
        write_output(render_tree_text(tree), output)
    raise typer.Exit(0)
