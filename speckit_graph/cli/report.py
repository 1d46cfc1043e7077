"""``speckit-graph report``: can this release ship? Exit 0 ready, 1 not ready, 2 errors."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import EXIT_FINDINGS, EXIT_OK, error_boundary, split_list, write_output
from speckit_graph.cli.scope_options import (
    ConfigOption,
    LimitOption,
    OutputOption,
    PathArgument,
    ReleaseOption,
    RootOption,
    TagOption,
    TargetOption,
)
from speckit_graph.usecases import api


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
    config = api.resolve_config(path, config_file)
    graph = api.load(path, config)
    scope = api.resolve_scope(graph, config, split_list(roots) or (), split_list(tags) or (), release)
    report = api.readiness_report(graph, config, scope, target, api.report_date(date))
    write_output(api.render_report(report, output_format.value, graph, config, limit or None, output), output)
    raise typer.Exit(EXIT_OK if report.ready else EXIT_FINDINGS)
