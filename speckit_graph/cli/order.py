"""``speckit-graph order``: in what order can the unfinished specs be built?"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

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
from speckit_graph.render.registry import ORDER_RENDERERS, RenderContext
from speckit_graph.usecases.report import ReleaseRequest, run_order


class OrderFormat(str, enum.Enum):
    text = "text"
    md = "md"
    json = "json"


@error_boundary
def order_command(
    path: PathArgument = Path("."),
    roots: RootOption = None,
    tags: TagOption = None,
    release: ReleaseOption = None,
    target: TargetOption = None,
    output_format: Annotated[OrderFormat, typer.Option("--format", "-f", help="Output format.")] = OrderFormat.text,
    output: OutputOption = None,
    limit: LimitOption = 50,
    config_file: ConfigOption = None,
) -> None:
    """Unfinished specs as waves: wave 1 needs nothing unfinished, wave 2 only wave 1... Exit 1 when cycles block some."""
    request = ReleaseRequest(load_options(path, config_file, None, None, True), scope_request(roots, tags, release), target)
    outcome = run_order(request)
    write_output(ORDER_RENDERERS[output_format.value](outcome.order, RenderContext(path=path, limit=limit or None)), output)
    raise typer.Exit(outcome.exit_status)
