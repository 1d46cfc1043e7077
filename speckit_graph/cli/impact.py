"""``speckit-graph impact``: what may have to change when one spec changes."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, write_output
from speckit_graph.cli.completion import complete_spec_ids
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
from speckit_graph.render.report.render_json import render_impact_json
from speckit_graph.render.report.render_text import render_impact_text
from speckit_graph.usecases import api


class ImpactFormat(str, enum.Enum):
    text = "text"
    json = "json"
    dot = "dot"
    mermaid = "mermaid"
    svg = "svg"


#: What an ``-o`` file's suffix says it holds (the first is the format inferred).
SUFFIXES = {
    ".json": (ImpactFormat.json,),
    ".dot": (ImpactFormat.dot,),
    ".gv": (ImpactFormat.dot,),
    ".mmd": (ImpactFormat.mermaid,),
    ".mermaid": (ImpactFormat.mermaid,),
    ".svg": (ImpactFormat.svg,),
}


@error_boundary
def impact_command(
    spec_id: Annotated[str, typer.Argument(metavar="ID", help="The spec that changes.", autocompletion=complete_spec_ids)],
    path: PathArgument = Path("."),
    output_format: Annotated[
        Optional[ImpactFormat],
        typer.Option("--format", "-f", help="Output format \\[default: from the -o suffix, else text]."),
    ] = None,
    output: OutputOption = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Everything that depends on ID or descends from it, transitively, with the distance (or as a diagram)."""
    config = api.resolve_config(path, config_file)
    output_format = output_format_for(output, output_format, SUFFIXES, ImpactFormat.text)
    graph = api.load(path, config, jobs=jobs, cache_dir=cache_location(cache_dir, no_cache))
    result = api.impact(graph, spec_id)
    if output_format is ImpactFormat.json:
        text = render_impact_json(result, path.as_posix())
    elif output_format is ImpactFormat.text:
        text = render_impact_text(result)
    else:
        link_base = api.link_base_for(path, output)
        text = api.impact_diagram(graph, config, result, output_format.value, link_base)
    write_output(text, output)
