"""``speckit-graph impact``: what may have to change when one spec changes."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from speckit_graph.cli.common import error_boundary, write_output
from speckit_graph.cli.options import load_options
from speckit_graph.cli.scope_options import ConfigOption, OutputOption, PathArgument
from speckit_graph.render.registry import IMPACT_RENDERERS, RenderContext
from speckit_graph.usecases.report import ImpactRequest, run_impact


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
    outcome = run_impact(ImpactRequest(spec_id, load=load_options(path, config_file, None, None, True)))
    context = RenderContext(path=path, output=output)
    write_output(IMPACT_RENDERERS[output_format.value](outcome, context), output)
