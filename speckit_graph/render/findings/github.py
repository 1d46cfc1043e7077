"""GitHub Actions output of ``check``: workflow commands that become inline annotations.

One ``::error``/``::warning``/``::notice`` command per finding, escaped the way the
Actions runner unescapes them, then the plain summary line. ``step_summary`` is the short
Markdown report for ``$GITHUB_STEP_SUMMARY`` (the job's summary page).
"""

from __future__ import annotations

import posixpath

from speckit_graph.core.findings import CheckResult, Finding, Severity
from speckit_graph.render.escape import github_data, github_property, markdown
from speckit_graph.render.findings.check_text import summary_line
from speckit_graph.render.location import location

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: Rows of the job summary table; the log has every finding.
SUMMARY_ROWS = 50


def annotation(finding: Finding, root: str) -> str:
    """``::error file=...,line=...,col=...,title=SG101 dangling-reference::message``."""
    properties = []
    if finding.path is not None:
        properties.append(f"file={github_property(_repo_path(finding.path, root))}")
        if finding.line is not None and finding.line >= 1:
            properties.append(f"line={finding.line}")
            if finding.column is not None and finding.column >= 1:
                properties.append(f"col={finding.column}")
    properties.append(f"title={github_property(f'{finding.code} {finding.rule}')}")
    return f"::{COMMANDS[finding.severity]} {','.join(properties)}::{github_data(finding.message)}"


def render_github(result: CheckResult, root: str) -> str:
    """Every finding as a workflow command, then the summary line as a plain log line."""
    lines = [annotation(finding, root) for finding in result.findings]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def step_summary(result: CheckResult, root: str, fail_on: Severity) -> str:
    """A short Markdown report: verdict, counts, and the first findings worst-first."""
    counts = result.counts()
    failing = result.exit_status(fail_on) != 0
    verdict = ":x: **failed**" if failing else ":white_check_mark: **passed**"
    totals = ", ".join(
        f"{counts[s.value]} {s.value}{'s' if counts[s.value] != 1 else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    extras = []
    if result.suppressed:
        extras.append(f"{result.suppressed} suppressed in frontmatter")
    if result.baselined:
        extras.append(f"{result.baselined} already known (baseline)")
    if result.baseline_stale:
        extras.append(f"{result.baseline_stale} baseline entries no longer occur")
    lines = [
        "### speckit-graph check",
        "",
        f"{verdict} (fail-on: {fail_on.value}): {totals} in {result.specs} specs"
        f" ({result.files_scanned} Markdown files){'; ' + ', '.join(extras) if extras else ''}.",
    ]
    if result.findings:
        worst_first = sorted(result.findings, key=lambda f: (-f.severity.rank, f.sort_key()))
        lines += ["", "| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"]
        for finding in worst_first[:SUMMARY_ROWS]:
            lines.append(
                f"| {finding.severity.value} | {finding.code} {finding.rule} "
                f"| {markdown(location(finding, root))} | {markdown(finding.message)} |"
            )
        if len(worst_first) > SUMMARY_ROWS:
            lines += ["", f"_{SUMMARY_ROWS} of {len(worst_first)} findings shown; the job log has them all._"]
    return "\n".join(lines) + "\n\n"


def _repo_path(path: str, root: str) -> str:
    return posixpath.normpath(posixpath.join(root, path)) if root not in ("", ".") else posixpath.normpath(path)
