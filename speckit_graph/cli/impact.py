"""``speckit-graph impact``: what may have to change when one spec changes."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, print_notes, write_output
from speckit_graph.cli.completion import complete_spec_ids
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


class ImpactFormat(str, enum.Enum):
    text = "text"
    json = "json"
    dot = "dot"
    mermaid = "mermaid"
    svg = "svg"


SUFFIXES = suffixes_for(ImpactFormat)


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
    from speckit_graph.render.registry import IMPACT_RENDERERS, RenderContext
    from speckit_graph.usecases.report import ImpactRequest, run_impact

    fmt = output_format_for(output, output_format, SUFFIXES, ImpactFormat.text)
    outcome = run_impact(ImpactRequest(spec_id, load=load_options(path, config_file, jobs, cache_dir, no_cache)))
    print_notes(outcome.notes)
    context = RenderContext(path=path, output=output)
    write_output(IMPACT_RENDERERS[fmt.value](outcome, context), output)
