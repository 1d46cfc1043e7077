"""``speckit-graph impact``: what may have to change when one spec changes."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from speckit_graph.cli.common import error_boundary, write_output
from speckit_graph.cli.scope_options import ConfigOption, OutputOption, PathArgument
from speckit_graph.render.report.render_json import render_impact_json
from speckit_graph.render.report.render_text import render_impact_text
from speckit_graph.usecases import api


class ImpactFormat(str, enum.Enum):
    text = "text"
    json = "json"
    dot = "dot"
    mermaid = "mermaid"
    svg = "svg"


@error_boundary
def impact_command(
    spec_id: Annotated[str, typer.Argument(metavar="ID", help="The spec that changes.")],
    path: PathArgument = Path("."),
    output_format: Annotated[ImpactFormat, typer.Option("--format", "-f", help="Output format.")] = ImpactFormat.text,
    output: OutputOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Everything that depends on ID or descends from it, transitively, with the distance (or as a diagram)."""
    config = api.resolve_config(path, config_file)
    graph = api.load(path, config)
    result = api.impact(graph, spec_id)
    if output_format is ImpactFormat.json:
        text = render_impact_json(result, path.as_posix())
    elif output_format is ImpactFormat.text:
        text = render_impact_text(result)
    else:
        link_base = api.link_base_for(path, output)
        text = api.impact_diagram(graph, config, result, output_format.value, link_base)
    write_output(text, output)
