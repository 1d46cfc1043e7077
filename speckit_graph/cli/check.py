"""``speckit-graph check``: the CI gate."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from speckit_graph import __version__
from speckit_graph.cli.common import error_boundary, print_notes, split_list, use_color, write_output
from speckit_graph.cli.options import (
    CacheDirOption,
    ConfigOption,
    IgnoreOption,
    JobsOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    PathArgument,
    SelectOption,
    load_options,
    output_format_for,
    suffixes_for,
)
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import Severity
from speckit_graph.core.fixes import Safety

if TYPE_CHECKING:
    from speckit_graph.usecases.check import CheckOutcome


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


SUFFIXES = suffixes_for(CheckFormat)


HistoryOption = Annotated[
    bool,
    typer.Option(
        "--history",
        help="Read git history to report suspect links (SG305): specs whose dependency or parent changed after them.",
    ),
]
AllowEmptyOption = Annotated[
    bool,
    typer.Option(
        "--allow-empty",
        help="Accept a folder with no specs (exit 0); without it, finding no spec is an error (exit 2).",
    ),
]
FixOption = Annotated[bool, typer.Option("--fix", help="Apply every safe fix, re-check, and report what remains (docs/fix.md).")]
UnsafeFixesOption = Annotated[
    bool, typer.Option("--unsafe-fixes", help="With --fix or --diff: also apply fixes that change meaning.")
]
DiffOption = Annotated[
    bool, typer.Option("--diff", help="Print the fixes as a unified diff and write nothing (exit 1 when something would change).")
]
AllowDirtyOption = Annotated[
    bool, typer.Option("--allow-dirty", help="With --fix: edit files that have uncommitted changes in git.")
]


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"


@error_boundary
def check_command(
    path: PathArgument = Path("."),
    output_format: Annotated[
        Optional[CheckFormat],
        typer.Option(
            "--format",
            "-f",
            help="text, json, sarif (code scanning), github (annotations), junit \\[default: from the -o suffix, else text].",
        ),
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: Annotated[
        Optional[FailOn],
        typer.Option(
            "--fail-on", help="Lowest severity that makes the exit code 1 \\[default: fail-on in the configuration, else error]."
        ),
    ] = None,
    output: OutputOption = None,
    baseline: Annotated[
        Optional[Path],
        typer.Option("--baseline", metavar="FILE", help="Report only findings that are not in this baseline file."),
    ] = None,
    write_baseline: Annotated[
        Optional[Path],
        typer.Option("--write-baseline", metavar="FILE", help="Record today's findings in FILE (exit 0: they are accepted)."),
    ] = None,
    diff_base: Annotated[
        Optional[str],
        typer.Option("--diff-base", metavar="REF", help="Report only findings that are new since git revision REF."),
    ] = None,
    with_history: HistoryOption = False,
    allow_empty: AllowEmptyOption = False,
    fix: FixOption = False,
    unsafe_fixes: UnsafeFixesOption = False,
    diff: DiffOption = False,
    allow_dirty: AllowDirtyOption = False,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Report every broken link, cycle, orphan and status conflict; exit 1 when something reaches --fail-on."""
    from speckit_graph.cli.progress import LoadProgress
    from speckit_graph.render.registry import CHECK_RENDERERS, RenderContext, github_step_summary
    from speckit_graph.usecases.check import CheckRequest, run_check

    fmt = output_format_for(output, output_format, SUFFIXES, CheckFormat.text)
    fixing = fix or diff
    if not fixing and (unsafe_fixes or allow_dirty):
        raise UsageError("--unsafe-fixes and --allow-dirty only apply with --fix or --diff")
    request = CheckRequest(
        load=load_options(path, config_file, jobs, cache_dir, no_cache),
        select=_tuple(split_list(select)),
        ignore=_tuple(split_list(ignore)),
        history=with_history,
        baseline=baseline,
        write_baseline=write_baseline,
        diff_base=diff_base,
        fail_on=Severity(fail_on.value) if fail_on is not None else None,
        allow_empty=allow_empty,
        with_fixes=fmt in (CheckFormat.text, CheckFormat.json, CheckFormat.sarif),
    )
    with LoadProgress(enabled=sys.stderr.isatty()) as progress:
        if fixing:  # the editing use case (and git, for dirty files) is imported only to fix: 0.03 s
            from speckit_graph.usecases.fix import FixRequest, run_fix

            outcome: CheckOutcome = run_fix(FixRequest(request, unsafe_fixes, diff, allow_dirty), progress)
        else:
            outcome = run_check(request, progress)
    print_notes(outcome.notes, label="")
    if fixing and _report_fixes(outcome, unsafe_fixes, output):
        raise typer.Exit(outcome.exit_status)
    markup = fmt is CheckFormat.text and output is None and use_color(no_color)
    context = RenderContext(path=path, output=output, markup=markup, fail_on=outcome.fail_on, version=__version__)
    write_output(CHECK_RENDERERS[fmt.value](outcome.result, context), output, markup=markup)
    if fmt is CheckFormat.github:
        _append_step_summary(github_step_summary(outcome.result, context))
    raise typer.Exit(outcome.exit_status)


def _report_fixes(outcome: CheckOutcome, unsafe: bool, output: Path | None) -> bool:
    """Print the fix summary (stderr) and, for --diff, the diff; True when that is the whole output."""
    from speckit_graph.render.registry import fix_summary, render_unified_diff
    from speckit_graph.usecases.fix import FixOutcome

    assert isinstance(outcome, FixOutcome), "only called after fixing"

    unsafe_left = 0 if unsafe else sum(1 for f in outcome.result.findings if f.fix is not None and f.fix.safety is Safety.UNSAFE)
    summary = fix_summary(
        outcome.fixed, len(outcome.changes), diff=outcome.diff, waiting=outcome.waiting, unsafe_waiting=unsafe_left
    )
    print_notes([summary], label="")
    if outcome.diff:
        write_output(render_unified_diff(outcome.changes), output)
    return outcome.diff


def _tuple(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


def _append_step_summary(markdown: str) -> None:
    """Add the job summary when running in GitHub Actions; a failure here must not hide the result."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown)
    except OSError as exc:
        print_notes([f"cannot write the job summary to {target}: {exc.strerror or exc}"], label="warning: ")
