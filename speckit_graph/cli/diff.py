"""``speckit-graph diff``: how the traceability graph changed between two git revisions."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, split_list, use_color, write_output
from speckit_graph.cli.options import load_options
from speckit_graph.core.findings import Severity
from speckit_graph.render.registry import DIFF_RENDERERS, RenderContext
from speckit_graph.usecases.diff import DiffRequest, run_diff


class DiffFormat(str, enum.Enum):
    text = "text"
    json = "json"
    md = "md"
    mermaid = "mermaid"
    dot = "dot"
    svg = "svg"


class FailOnNew(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"


@error_boundary
def diff_command(
    rev_a: Annotated[str, typer.Argument(metavar="REV_A", help="The older git revision (commit, tag, branch).")],
    rev_b: Annotated[
        Optional[str], typer.Argument(metavar="REV_B", help="The newer revision (default: the working tree).")
    ] = None,
    path: Annotated[Path, typer.Option("--path", "-p", help="Spec folder inside the repository.")] = Path("."),
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help="text, json, md (pull-request comment), mermaid (both sides), dot or svg (newer side, changes highlighted).",
        ),
    ] = DiffFormat.text,
    fail_on_new: Annotated[
        Optional[FailOnNew],
        typer.Option("--fail-on-new", help="Exit 1 when the change introduces a finding of this severity or higher."),
    ] = None,
    select: Annotated[
        Optional[list[str]], typer.Option("--select", help="Only these rules for the findings (comma-separated).")
    ] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rules (comma-separated).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="md: entries listed per section (0: all).")] = 50,
    config_file: Annotated[
        Optional[Path], typer.Option("--config", help="Configuration file (default: found upward from --path).")
    ] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text even on a terminal.")] = False,
) -> None:
    """Compare the spec graph at REV_A with REV_B: specs, statuses, links and findings.

    Both revisions are read from git objects; the working tree is never touched. Exit 0
    when the comparison ran (changes or not), 1 with --fail-on-new when a new finding
    reaches that severity, 2 on errors.
    """
    request = DiffRequest(
        rev_a,
        rev_b,
        load=load_options(path, config_file, None, None, True),
        select=_tuple(split_list(select)),
        ignore=_tuple(split_list(ignore)),
        fail_on_new=Severity(fail_on_new.value) if fail_on_new is not None else None,
    )
    outcome = run_diff(request)
    markup = output_format is DiffFormat.text and output is None and use_color(no_color)
    context = RenderContext(path=path, output=output, markup=markup, limit=limit)
    write_output(DIFF_RENDERERS[output_format.value](outcome.comparison, context), output, markup=markup)
    raise typer.Exit(outcome.exit_status)


def _tuple(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)
