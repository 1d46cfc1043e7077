"""``speckit-graph check``: the CI gate."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph import __version__
from speckit_graph.cli.common import error_boundary, split_list, use_color, write_output
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
    cache_location,
    output_format_for,
)
from speckit_graph.cli.progress import LoadProgress
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult, Severity
from speckit_graph.render.findings.check_json import render_json
from speckit_graph.render.findings.check_text import render_text
from speckit_graph.render.findings.github import render_github, step_summary
from speckit_graph.render.findings.junit import render_junit
from speckit_graph.render.findings.sarif import render_sarif
from speckit_graph.usecases import api


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


#: What an ``-o`` file's suffix says it holds (the first is the format inferred).
SUFFIXES = {".json": (CheckFormat.json, CheckFormat.sarif), ".sarif": (CheckFormat.sarif,), ".xml": (CheckFormat.junit,)}


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
    with_history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Read git history to report suspect links (SG305): specs whose dependency or parent changed after them.",
        ),
    ] = False,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Report every broken link, cycle, orphan and status conflict; exit 1 when something reaches --fail-on."""
    if baseline is not None and diff_base is not None:
        raise UsageError("--baseline and --diff-base cannot be combined: choose one reference")
    output_format = output_format_for(output, output_format, SUFFIXES, CheckFormat.text)
    config = api.resolve_config(path, config_file)
    known = api.read_baseline(baseline) if baseline is not None else None
    selected, ignored = split_list(select), split_list(ignore)
    cache = cache_location(cache_dir, no_cache)
    if with_history:
        # History changes with commits while files stay the same: load (cached per file) and
        # judge afresh instead of reusing a remembered result.
        with LoadProgress(enabled=sys.stderr.isatty()) as progress:
            graph = api.load(path, config, jobs=jobs, cache_dir=cache, progress=progress)
        graph = api.with_history(graph, api.load_history(graph, path, config))
        for note in api.history_notes(graph):
            _note(note)
        result = api.check(graph, config, selected, ignored)
    else:
        with LoadProgress(enabled=sys.stderr.isatty()) as progress:
            result = api.check_path(path, config, selected, ignored, jobs=jobs, cache_dir=cache, progress=progress)
    if write_baseline is not None:
        written = api.write_baseline(result, write_baseline)
        _note(f"wrote {written} finding{'s' if written != 1 else ''} to baseline {write_baseline}")
    if known is not None:
        result = api.compare_with_baseline(result, known)
        shrink = f" (shrink it with --write-baseline {baseline})" if result.baseline_stale else ""
        _note(
            f"baseline {baseline}: {result.baselined} known finding{'s' if result.baselined != 1 else ''} hidden, "
            f"{result.baseline_stale} {'entry no longer occurs' if result.baseline_stale == 1 else 'entries no longer occur'}"
            f"{shrink}"
        )
    elif diff_base is not None:
        result = api.compare_with_revision(result, path, diff_base, config, selected, ignored, with_history)
        _note(
            f"--diff-base {diff_base}: {result.baselined} finding{'s' if result.baselined != 1 else ''} "
            f"already there hidden, {result.baseline_stale} fixed since"
        )
    threshold = Severity(fail_on.value) if fail_on is not None else config.fail_on
    _render(result, output_format, path, output, no_color, threshold)
    raise typer.Exit(0 if write_baseline is not None else result.exit_status(threshold))


def _render(
    result: CheckResult, output_format: CheckFormat, path: Path, output: Path | None, no_color: bool, threshold: Severity
) -> None:
    if output_format is CheckFormat.json:
        write_output(render_json(result, path.as_posix()), output)
    elif output_format is CheckFormat.sarif:
        write_output(render_sarif(result, api.rules(), api.display_root(path), __version__), output)
    elif output_format is CheckFormat.junit:
        write_output(render_junit(result, api.rules(), api.display_root(path), threshold), output)
    elif output_format is CheckFormat.github:
        root = api.display_root(path)
        write_output(render_github(result, root), output)
        _append_step_summary(step_summary(result, root, threshold))
    else:
        markup = output is None and use_color(no_color)
        write_output(render_text(result, prefix=path.as_posix(), markup=markup), output, markup=markup)


def _append_step_summary(markdown: str) -> None:
    """Add the job summary when running in GitHub Actions; a failure here must not hide the result."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown)
    except OSError as exc:
        _note(f"warning: cannot write the job summary to {target}: {exc.strerror or exc}")


def _note(message: str) -> None:
    typer.echo(f"speckit-graph: {message}", err=True)
