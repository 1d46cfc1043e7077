"""``speckit-graph diff``: how the traceability graph changed between two git revisions."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, print_notes, split_list, use_color, write_output
from speckit_graph.cli.diff_args import read_arguments
from speckit_graph.cli.options import (
    CacheDirOption,
    ConfigOption,
    IgnoreOption,
    JobsOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    SelectOption,
    at_least,
    load_options,
    output_format_for,
    suffixes_for,
)
from speckit_graph.core.findings import Severity


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


SUFFIXES = suffixes_for(DiffFormat)


@error_boundary
def diff_command(
    revisions: Annotated[
        str,
        typer.Argument(
            metavar="REV_A[..REV_B]", help="The older git revision, or both as A..B \\[default REV_B: the working tree]."
        ),
    ],
    second: Annotated[
        Optional[str],
        typer.Argument(metavar="PATH", help="Spec folder inside the repository \\[default: .].", show_default=False),
    ] = None,
    legacy_path: Annotated[Optional[Path], typer.Option("--path", "-p", hidden=True)] = None,
    output_format: Annotated[
        Optional[DiffFormat],
        typer.Option(
            "--format",
            "-f",
            help="text, json, md (pull-request comment), mermaid (both sides), dot or svg (newer side, changes highlighted) "
            "\\[default: from the -o suffix, else text].",
        ),
    ] = None,
    fail_on_new: Annotated[
        Optional[FailOnNew],
        typer.Option("--fail-on-new", help="Exit 1 when the change introduces a finding of this severity or higher."),
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", callback=at_least(0), help="md: entries listed per section (0: all).")
    ] = 50,
    output: OutputOption = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Compare the spec graph at REV_A with REV_B (or the working tree): specs, statuses, links and findings.

    speckit-graph diff main..HEAD specs/ compares two revisions; diff main specs/ compares
    main with the working tree.

    Both revisions are read from git objects; the working tree is never touched. Exit 0
    when the comparison ran (changes or not), 1 with --fail-on-new when a new finding
    reaches that severity, 2 on errors.
    """
    from speckit_graph.render.registry import DIFF_RENDERERS, RenderContext
    from speckit_graph.usecases.diff import DiffRequest, run_diff

    wanted = read_arguments(revisions, second, legacy_path)
    print_notes(wanted.notes)
    path = wanted.path
    fmt = output_format_for(output, output_format, SUFFIXES, DiffFormat.text)
    request = DiffRequest(
        wanted.rev_a,
        wanted.rev_b,
        load=load_options(path, config_file, jobs, cache_dir, no_cache),
        select=_tuple(split_list(select)),
        ignore=_tuple(split_list(ignore)),
        fail_on_new=Severity(fail_on_new.value) if fail_on_new is not None else None,
    )
    outcome = run_diff(request)
    print_notes(outcome.notes)
    markup = fmt is DiffFormat.text and output is None and use_color(no_color)
    context = RenderContext(path=path, output=output, markup=markup, limit=limit)
    write_output(DIFF_RENDERERS[fmt.value](outcome.comparison, context), output, markup=markup)
    raise typer.Exit(outcome.exit_status)


def _tuple(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)
