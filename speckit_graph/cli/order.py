"""``speckit-graph order``: in what order can the unfinished specs be built?"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

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
from speckit_graph.render.report.render_json import render_order_json
from speckit_graph.render.report.render_md import render_order_md
from speckit_graph.render.report.render_text import render_order_text
from speckit_graph.usecases import api


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
    config = api.resolve_config(path, config_file)
    graph = api.load(path, config)
    scope = api.resolve_scope(graph, config, split_list(roots) or (), split_list(tags) or (), release)
    order = api.build_order(graph, config, scope, target)
    if output_format is OrderFormat.md:
        text = render_order_md(order, limit or None)
    elif output_format is OrderFormat.json:
        text = render_order_json(order)
    else:
        text = render_order_text(order)
    write_output(text, output)
    raise typer.Exit(EXIT_FINDINGS if order.unordered else EXIT_OK)
