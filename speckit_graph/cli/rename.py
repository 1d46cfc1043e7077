"""``speckit-graph rename``: change a spec's id and every reference to it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from speckit_graph.cli.common import error_boundary, print_notes
from speckit_graph.cli.completion import complete_spec_ids
from speckit_graph.cli.options import (
    CacheDirOption,
    ConfigOption,
    JobsOption,
    NoCacheOption,
    NoColorOption,
    PathArgument,
    load_options,
)
from speckit_graph.render.registry import error_text, render_unified_diff

DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print the unified diff instead of writing.")]
AllowDirtyOption = Annotated[bool, typer.Option("--allow-dirty", help="Edit files that have uncommitted changes in git too.")]


@error_boundary
def rename_command(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The id to change.", autocompletion=complete_spec_ids)],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The new id.")],
    path: PathArgument = Path("."),
    dry_run: DryRunOption = False,
    allow_dirty: AllowDirtyOption = False,
    move_file: Annotated[
        bool,
        typer.Option("--move-file", help="When the spec's file is named after OLD, also move it to NEW's name (as `move` does)."),
    ] = False,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Change a spec's id and every reference to it, in every spelling and link field, and nothing else."""
    from speckit_graph.usecases.rename import RenameRequest, run_rename  # here, not at the top: --help stays fast

    options = load_options(path, config_file, jobs, cache_dir, no_cache)
    request = RenameRequest(old, new, options, dry_run, allow_dirty, move_file)
    outcome = run_rename(request)
    print_notes(outcome.notes)
    changed = [c for c in outcome.changes if c.after != c.before]
    if dry_run:
        moved = outcome.moved  # with --move-file: the move's diff, computed before the rename, follows
        after = render_unified_diff(moved.changes, {moved.old: moved.new}) if moved is not None else ""
        sys.stdout.write(render_unified_diff(outcome.changes) + after)
    else:
        shown = {item.relpath for item in changed}
        if outcome.moved is not None:
            moved = outcome.moved
            shown = {moved.new if p == moved.old else p for p in shown}
            shown |= {moved.new, *(c.relpath for c in moved.changes if c.after != c.before and c.relpath != moved.old)}
        for relpath in sorted(shown):
            typer.echo(error_text(str(path / relpath)))
    verb = "would rename" if dry_run else "renamed"
    summary = f"{verb} {old} to {new}: {outcome.references} reference(s) in {len(changed)} file(s)"
    if outcome.moved is not None:
        move = "would move" if dry_run else "moved"
        links = outcome.moved.references + outcome.moved.body_links
        summary += f"; {move} {outcome.moved.old} to {outcome.moved.new}: {links} link(s) to the file rewritten"
    print_notes([summary], label="")
    raise typer.Exit(0)
