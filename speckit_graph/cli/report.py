"""``speckit-graph report``: can this release ship? Exit 0 ready, 1 not ready, 2 errors."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import EXIT_FINDINGS, EXIT_OK, error_boundary, split_list, write_output
from speckit_graph.cli.options import (
    CacheDirOption,
    ConfigOption,
    JobsOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    PathArgument,
    cache_location,
    output_format_for,
)
from speckit_graph.cli.scope_options import LimitOption, ReleaseOption, RootOption, TagOption, TargetOption
from speckit_graph.usecases import api


class ReportFormat(str, enum.Enum):
    md = "md"
    html = "html"
    json = "json"


#: What an ``-o`` file's suffix says it holds.
SUFFIXES = {
    ".md": (ReportFormat.md,),
    ".markdown": (ReportFormat.md,),
    ".html": (ReportFormat.html,),
    ".htm": (ReportFormat.html,),
    ".json": (ReportFormat.json,),
}


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
    config = api.resolve_config(path, config_file)
    output_format = output_format_for(output, output_format, SUFFIXES, ReportFormat.md, any_suffix=False)
    graph = api.load(path, config, jobs=jobs, cache_dir=cache_location(cache_dir, no_cache))
    scope = api.resolve_scope(graph, config, split_list(roots) or (), split_list(tags) or (), release)
    report = api.readiness_report(graph, config, scope, target, api.report_date(date))
    write_output(api.render_report(report, output_format.value, graph, config, limit or None, output), output)
    raise typer.Exit(EXIT_OK if report.ready else EXIT_FINDINGS)
