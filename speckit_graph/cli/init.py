"""``speckit-graph init``: propose a configuration from what a repository's frontmatter holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, print_notes, use_color, write_output
from speckit_graph.cli.options import (
    LOADING,
    CacheDirOption,
    JobsOption,
    NoCacheOption,
    NoColorOption,
    PathArgument,
    cache_location,
)
from speckit_graph.config.presets import preset_names


@error_boundary
def init_command(
    path: PathArgument = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing configuration file.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the survey and the proposed file; write nothing.")] = False,
    stdout: Annotated[bool, typer.Option("--stdout", help="Print only the proposed file; write nothing.")] = False,
    preset: Annotated[
        Optional[str],
        typer.Option(
            "--preset",
            metavar="NAME",
            help=f"Start from this preset instead of the best match: {', '.join(preset_names())}.",
            autocompletion=lambda incomplete: [name for name in preset_names() if name.startswith(incomplete)],
        ),
    ] = None,
    config_file: Annotated[
        Optional[Path],
        typer.Option(
            "--config",
            metavar="FILE",
            help="Configuration file to write \\[default: PATH/.speckit-graph.toml].",
            rich_help_panel=LOADING,
        ),
    ] = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Inspect the frontmatter, propose id field, link fields and vocabularies, and write .speckit-graph.toml.

    Writes only that one file (never a spec), and only when neither --dry-run nor --stdout is given.
    """
    from speckit_graph.render.registry import INIT_RENDERERS, RenderContext
    from speckit_graph.usecases.init import InitRequest, run_init

    request = InitRequest(
        path,
        preset=preset,
        write=not (dry_run or stdout),
        force=force,
        target=config_file,
        jobs=jobs,
        cache_dir=cache_location(cache_dir, no_cache),
    )
    result = run_init(request)
    print_notes(result.notes)
    if stdout:
        write_output(INIT_RENDERERS["toml"](result, RenderContext(path=path)), None)
        return
    write_output(INIT_RENDERERS["report"](result, RenderContext(path=path, markup=use_color(no_color))), None)
    if dry_run:
        write_output("\n" + result.toml, None)
        return
    also = f" --config {config_file.as_posix()}" if config_file is not None else ""
    write_output(f"\nWrote {result.written}. Run `speckit-graph check {path.as_posix()}{also}` to see every finding.\n", None)
