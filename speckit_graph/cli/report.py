"""``speckit-graph report``: can this release ship? Exit 0 ready, 1 not ready, 2 errors."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, print_notes, write_output
from speckit_graph.cli.options import (
    CacheDirOption,
    ConfigOption,
    JobsOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    PathArgument,
    load_options,
    output_format_for,
    suffixes_for,
)
from speckit_graph.cli.scope_options import LimitOption, ReleaseOption, RootOption, TagOption, TargetOption, scope_request


class ReportFormat(str, enum.Enum):
    md = "md"
    html = "html"
    json = "json"


SUFFIXES = suffixes_for(ReportFormat)


@error_boundary
def report_command(
    path: PathArgument = Path("."),
    roots: RootOption = None,
    tags: TagOption = None,
    release: ReleaseOption = None,
    target: TargetOption = None,
    output_format: Annotated[
        Optional[ReportFormat],
        typer.Option("--format", "-f", help="Output format \\[default: from the -o suffix, else md]."),
    ] = None,
    output: OutputOption = None,
    limit: LimitOption = 50,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
    date: Annotated[
        Optional[str],
        typer.Option("--date", metavar="YYYY-MM-DD", help="Report date \\[default: SOURCE_DATE_EPOCH, else today]."),
    ] = None,
) -> None:
    """Release readiness of a scope: verdict, ranked blockers, progress, critical path, findings."""
    from speckit_graph.render.registry import REPORT_RENDERERS, RenderContext
    from speckit_graph.usecases.report import ReleaseRequest, run_report

    fmt = output_format_for(output, output_format, SUFFIXES, ReportFormat.md, any_suffix=False)
    load = load_options(path, config_file, jobs, cache_dir, no_cache)
    outcome = run_report(ReleaseRequest(load, scope_request(roots, tags, release), target, date))
    print_notes(outcome.notes)
    context = RenderContext(path=path, output=output, limit=limit or None)
    write_output(REPORT_RENDERERS[fmt.value](outcome, context), output)
    raise typer.Exit(outcome.exit_status)
