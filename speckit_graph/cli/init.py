"""``speckit-graph init``: propose a configuration from what a repository's frontmatter holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, use_color, write_output
from speckit_graph.config.presets import preset_names
from speckit_graph.render.registry import INIT_RENDERERS, RenderContext
from speckit_graph.usecases.init import InitRequest, run_init


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
    result = run_init(InitRequest(path, preset=preset, write=not (dry_run or stdout), force=force))
    if stdout:
        write_output(INIT_RENDERERS["toml"](result, RenderContext(path=path)), None)
        return
    write_output(INIT_RENDERERS["report"](result, RenderContext(path=path, markup=use_color(no_color))), None)
    if dry_run:
        write_output("\n" + result.toml, None)
        return
    write_output(f"\nWrote {result.written}. Run `speckit-graph check {path.as_posix()}` to see every finding.\n", None)
