"""``speckit-graph order``: in what order can the unfinished specs be built?"""

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


class OrderFormat(str, enum.Enum):
    text = "text"
    md = "md"
    json = "json"


SUFFIXES = suffixes_for(OrderFormat)


@error_boundary
def order_command(
    path: PathArgument = Path("."),
    roots: RootOption = None,
    tags: TagOption = None,
    release: ReleaseOption = None,
    target: TargetOption = None,
    output_format: Annotated[
        Optional[OrderFormat],
        typer.Option("--format", "-f", help="Output format \\[default: from the -o suffix, else text]."),
    ] = None,
    output: OutputOption = None,
    limit: LimitOption = 50,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Unfinished specs as waves: wave 1 needs nothing unfinished, wave 2 only wave 1... Exit 1 when cycles block some."""
    from speckit_graph.render.registry import ORDER_RENDERERS, RenderContext
    from speckit_graph.usecases.report import ReleaseRequest, run_order

    fmt = output_format_for(output, output_format, SUFFIXES, OrderFormat.text)
    load = load_options(path, config_file, jobs, cache_dir, no_cache)
    outcome = run_order(ReleaseRequest(load, scope_request(roots, tags, release), target))
    print_notes(outcome.notes)
    write_output(ORDER_RENDERERS[fmt.value](outcome.order, RenderContext(path=path, limit=limit or None)), output)
    raise typer.Exit(outcome.exit_status)
