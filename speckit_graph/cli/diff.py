"""``speckit-graph diff``: how the traceability graph changed between two git revisions."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, split_list, use_color, write_output
from speckit_graph.core.findings import Severity
from speckit_graph.render.diff.diff_json import render_diff_json
from speckit_graph.render.diff.diff_markdown import render_diff_markdown
from speckit_graph.render.diff.diff_mermaid import render_diff_mermaid
from speckit_graph.render.diff.diff_text import render_diff_text
from speckit_graph.usecases import api


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
    config = api.resolve_config(path, config_file)
    comparison = api.compare_revisions(path, rev_a, rev_b, config, split_list(select), split_list(ignore))
    result = comparison.diff
    root = api.display_root(path)
    if output_format in (DiffFormat.dot, DiffFormat.svg):
        link_base = api.link_base_for(path, output)
        write_output(api.diff_diagram(comparison, output_format.value, link_base=link_base), output)
    elif output_format is DiffFormat.json:
        write_output(render_diff_json(result, path.as_posix()), output)
    elif output_format is DiffFormat.md:
        write_output(render_diff_markdown(result, root, limit=limit), output)
    elif output_format is DiffFormat.mermaid:
        write_output(render_diff_mermaid(result), output)
    else:
        markup = output is None and use_color(no_color)
        write_output(render_diff_text(result, prefix=path.as_posix(), markup=markup), output, markup=markup)
    if fail_on_new is not None:
        threshold = Severity(fail_on_new.value)
        raise typer.Exit(int(any(f.severity.rank >= threshold.rank for f in result.introduced)))
    raise typer.Exit(0)
