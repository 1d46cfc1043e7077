"""``speckit-graph check``: the CI gate."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph import api
from speckit_graph.cli.common import error_boundary, split_list, use_color, write_output
from speckit_graph.cli.progress import LoadProgress, cache_location
from speckit_graph.export.check_json import render_json
from speckit_graph.export.check_text import render_text
from speckit_graph.findings import Severity


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"


@error_boundary
def check_command(
    path: Annotated[Path, typer.Argument(help="Folder to scan for spec files.")] = Path("."),
    output_format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    select: Annotated[
        Optional[list[str]], typer.Option("--select", help="Only these rule codes, prefixes or names (comma-separated).")
    ] = None,
    ignore: Annotated[
        Optional[list[str]], typer.Option("--ignore", help="Skip these rule codes, prefixes or names (comma-separated).")
    ] = None,
    fail_on: Annotated[
        Optional[FailOn], typer.Option("--fail-on", help="Lowest severity that makes the exit code 1 [default: error].")
    ] = None,
    config_file: Annotated[
        Optional[Path], typer.Option("--config", help="Configuration file (default: found upward from PATH).")
    ] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text even on a terminal.")] = False,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, help="Worker processes for large repositories (default: one per CPU)."),
    ] = None,
    cache_dir: Annotated[
        Optional[Path],
        typer.Option("--cache-dir", metavar="DIR", help="Cache folder (default: ~/.cache/speckit-graph)."),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
) -> None:
    """Report every broken link, cycle, orphan and status conflict; exit 1 when something reaches --fail-on."""
    config = api.resolve_config(path, config_file)
    with LoadProgress(enabled=sys.stderr.isatty()) as progress:
        result = api.check_path(
            path,
            config,
            split_list(select),
            split_list(ignore),
            jobs=jobs,
            cache_dir=cache_location(cache_dir, no_cache),
            progress=progress,
        )
    root = path.as_posix()
    if output_format is CheckFormat.json:
        write_output(render_json(result, root), output)
    else:
        markup = output is None and use_color(no_color)
        write_output(render_text(result, prefix=root, markup=markup), output, markup=markup)
    threshold = Severity(fail_on.value) if fail_on is not None else config.fail_on
    raise typer.Exit(result.exit_status(threshold))
