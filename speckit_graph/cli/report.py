"""``speckit-graph report``: can this release ship? Exit 0 ready, 1 not ready, 2 errors."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, write_output
from speckit_graph.cli.options import load_options
from speckit_graph.cli.scope_options import (
    ConfigOption,
    LimitOption,
    OutputOption,
    PathArgument,
    ReleaseOption,
    RootOption,
    TagOption,
    TargetOption,
    scope_request,
)
from speckit_graph.render.registry import REPORT_RENDERERS, RenderContext
from speckit_graph.usecases.report import ReleaseRequest, run_report


class ReportFormat(str, enum.Enum):
    md = "md"
    html = "html"
    json = "json"


@error_boundary
def report_command(
    path: PathArgument = Path("."),
    roots: RootOption = None,
    tags: TagOption = None,
    release: ReleaseOption = None,
    target: TargetOption = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.md,
    output: OutputOption = None,
    limit: LimitOption = 50,
    config_file: ConfigOption = None,
    date: Annotated[
        Optional[str],
        typer.Option("--date", metavar="YYYY-MM-DD", help="Report date \\[default: SOURCE_DATE_EPOCH, else today]."),
    ] = None,
) -> None:
    """Release readiness of a scope: verdict, ranked blockers, progress, critical path, findings."""
    request = ReleaseRequest(load_options(path, config_file, None, None, True), scope_request(roots, tags, release), target, date)
    outcome = run_report(request)
    context = RenderContext(path=path, output=output, limit=limit or None)
    write_output(REPORT_RENDERERS[output_format.value](outcome, context), output)
    raise typer.Exit(outcome.exit_status)
