"""``speckit-graph move``: move a spec file and rewrite every path link to it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from speckit_graph.cli.common import error_boundary, print_notes
from speckit_graph.cli.options import (
    CacheDirOption,
    ConfigOption,
    JobsOption,
    NoCacheOption,
    NoColorOption,
    PathArgument,
    load_options,
)
from speckit_graph.cli.rename import AllowDirtyOption, DryRunOption
from speckit_graph.render.registry import error_text, render_unified_diff


@error_boundary
def move_command(
    old: Annotated[Path, typer.Argument(metavar="OLD_PATH", help="The spec file to move.")],
    new: Annotated[Path, typer.Argument(metavar="NEW_PATH", help="Where it goes (inside PATH, not an existing file).")],
    path: PathArgument = Path("."),
    dry_run: DryRunOption = False,
    allow_dirty: AllowDirtyOption = False,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Move a spec file (git mv when git tracks it) and rewrite every path link to it, relative ones recomputed."""
    from speckit_graph.usecases.move import MoveRequest, run_move  # here, not at the top: --help stays fast

    request = MoveRequest(old, new, load_options(path, config_file, jobs, cache_dir, no_cache), dry_run, allow_dirty)
    outcome = run_move(request)
    print_notes(outcome.notes)
    changed = [c for c in outcome.changes if c.after != c.before]
    if dry_run:
        sys.stdout.write(render_unified_diff(outcome.changes, {outcome.old: outcome.new}))
    else:
        for item in changed:
            shown = outcome.new if item.relpath == outcome.old else item.relpath
            typer.echo(error_text(str(path / shown)))
    how = " (git mv)" if outcome.by_git else ""
    verb = "would move" if dry_run else f"moved{how}"
    body = f" and {outcome.body_links} body link(s)" if outcome.body_links else ""
    counted = f"{outcome.references} path link(s){body} rewritten in {len(changed)} file(s)"
    summary = f"{verb} {outcome.old} to {outcome.new}: {counted}"
    print_notes([summary], label="")
    raise typer.Exit(0)
