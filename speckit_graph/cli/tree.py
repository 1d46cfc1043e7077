"""``speckit-graph tree``: one spec's ancestors, children, dependencies and dependents in the terminal."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, print_notes, split_list, use_color, write_output
from speckit_graph.cli.completion import complete_spec_ids
from speckit_graph.cli.options import (
    CacheDirOption,
    ConfigOption,
    JobsOption,
    KindsOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    PathArgument,
    at_least,
    complete_directions,
    load_options,
    parse_kinds,
)
from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind


class TreeDirection(str, enum.Enum):
    """deps, dependents, both; the old words still work and say what they mean now."""

    deps = "deps"
    dependents = "dependents"
    both = "both"
    all = "all"
    up = "up"
    down = "down"
    related = "related"


@error_boundary
def tree_command(
    spec_id: Annotated[str, typer.Argument(metavar="ID", help="The spec to show.", autocompletion=complete_spec_ids)],
    path: PathArgument = Path("."),
    depth: Annotated[
        Optional[int],
        typer.Option("--depth", "-d", metavar="N", callback=at_least(1), help="Levels shown below the spec \\[default: all]."),
    ] = None,
    direction: Annotated[
        TreeDirection,
        typer.Option(
            "--direction",
            metavar="deps|dependents|both",
            autocompletion=complete_directions,
            help="What it needs (parent chain, dependencies), what needs it (children, dependents), or both.",
        ),
    ] = TreeDirection.both,
    kinds: KindsOption = None,
    output: OutputOption = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Show a spec and what surrounds it as an indented tree; cycles are marked, never followed."""
    from speckit_graph.render.registry import TREE_RENDERERS, RenderContext
    from speckit_graph.usecases.tree import TreeRequest, run_tree

    way, followed = _direction_and_kinds(direction, kinds)
    request = TreeRequest(spec_id, load_options(path, config_file, jobs, cache_dir, no_cache), way, depth, followed)
    outcome = run_tree(request)
    print_notes(outcome.notes)
    rich = output is None and use_color(no_color)
    write_output(TREE_RENDERERS["rich" if rich else "text"](outcome, RenderContext(path=path, output=output)), output)
    raise typer.Exit(0)


def _direction_and_kinds(direction: TreeDirection, kinds: list[str] | None) -> tuple[str, frozenset[LinkKind]]:
    """The old words (all, up, down, related) as direction and kinds, with a note saying so."""
    from speckit_graph.graph.tree import LEGACY_DIRECTIONS

    if direction.value not in LEGACY_DIRECTIONS:
        return direction.value, parse_kinds(kinds)
    way, legacy_kinds = LEGACY_DIRECTIONS[direction.value]
    if direction.value == "all":
        new_words = f"--direction {way}"
    else:
        if split_list(kinds):
            raise UsageError(
                f"--direction {direction.value} cannot be combined with --kinds: write --direction {way} --kinds ..."
            )
        new_words = f"--direction {way} --kinds {','.join(sorted(kind.value for kind in legacy_kinds))}"
    print_notes([f"--direction {direction.value} is now written {new_words}"])
    return way, parse_kinds(kinds) if direction.value == "all" else legacy_kinds
