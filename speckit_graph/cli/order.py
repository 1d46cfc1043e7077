"""``speckit-graph order``: in what order can the unfinished specs be built?"""

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
from speckit_graph.render.report.render_json import render_order_json
from speckit_graph.render.report.render_md import render_order_md
from speckit_graph.render.report.render_text import render_order_text
from speckit_graph.usecases import api


class OrderFormat(str, enum.Enum):
    text = "text"
    md = "md"
    json = "json"


#: What an ``-o`` file's suffix says it holds.
SUFFIXES = {
    ".md": (OrderFormat.md,),
    ".markdown": (OrderFormat.md,),
    ".json": (OrderFormat.json,),
}


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
    config = api.resolve_config(path, config_file)
    output_format = output_format_for(output, output_format, SUFFIXES, OrderFormat.text)
    graph = api.load(path, config, jobs=jobs, cache_dir=cache_location(cache_dir, no_cache))
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
