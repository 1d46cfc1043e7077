"""``speckit-graph new``: a new spec from the repository's template, with the next free id of its type."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

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
from speckit_graph.render.registry import error_text
from speckit_graph.usecases.new import NewRequest, run_new

DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print the new file instead of writing it.")]


@error_boundary
def new_command(
    path: PathArgument = Path("."),
    spec_type: Annotated[
        str, typer.Option("--type", "-t", metavar="TYPE", help="The new spec's type (user_story, epic...).")
    ] = "",
    parent: Annotated[
        Optional[str], typer.Option("--parent", "-p", metavar="ID", help="Its parent spec.", autocompletion=complete_spec_ids)
    ] = None,
    title: Annotated[
        Optional[str], typer.Option("--title", metavar="TEXT", help="Its title (also names ids and files that carry a name).")
    ] = None,
    spec_id: Annotated[
        Optional[str], typer.Option("--id", metavar="ID", help="Its id \\[default: the next free id of its type].")
    ] = None,
    dry_run: DryRunOption = False,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Write a new spec from the repository's own template (or SpeckIt's) and print its path."""
    if not spec_type:
        raise typer.BadParameter("--type is required", param_hint="'--type'")
    request = NewRequest(
        spec_type=spec_type,
        load=load_options(path, config_file, jobs, cache_dir, no_cache),
        parent=parent,
        title=title,
        spec_id=spec_id,
        dry_run=dry_run,
    )
    outcome = run_new(request)
    print_notes(outcome.notes)
    if outcome.written:
        typer.echo(error_text(str(outcome.path)))
    else:
        typer.echo(error_text(outcome.text), nl=False)
        print_notes([f"would write {outcome.path} ({outcome.spec_id}) from {outcome.template}"])
    raise typer.Exit(0)
