"""``speckit-graph init``: propose a configuration from what a repository's frontmatter holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, use_color, write_output
from speckit_graph.config.presets import preset_names
from speckit_graph.render.init_report import render_report
from speckit_graph.usecases import api


@error_boundary
def init_command(
    path: Annotated[Path, typer.Argument(help="Repository folder to inspect.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing .speckit-graph.toml.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the survey and the proposed file; write nothing.")] = False,
    stdout: Annotated[bool, typer.Option("--stdout", help="Print only the proposed file; write nothing.")] = False,
    preset: Annotated[
        Optional[str],
        typer.Option("--preset", help=f"Start from this preset instead of the best match ({', '.join(preset_names())})."),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text even on a terminal.")] = False,
) -> None:
    """Inspect the frontmatter, propose id field, link fields and vocabularies, and write .speckit-graph.toml.

    Writes only that one file (never a spec), and only when neither --dry-run nor --stdout is given.
    """
    write = not (dry_run or stdout)
    result = api.init(path, preset=preset, write=write, force=force)
    if stdout:
        write_output(result.toml, None)
        return
    markup = use_color(no_color)
    report = render_report(result.proposal, result.check, result.links_resolved, markup=markup)
    write_output(report, None)
    if dry_run:
        write_output("\n" + result.toml, None)
        return
    write_output(f"\nWrote {result.written}. Run `speckit-graph check {path.as_posix()}` to see every finding.\n", None)
