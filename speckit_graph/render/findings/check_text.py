"""Human output of ``check``: ``path:line:col: CODE [severity] message`` lines and a summary.

A finding that carries a fix ends with `` [fixable]`` (safe: ``--fix`` applies it) or
`` [unsafe fix]`` (only with ``--unsafe-fixes``), and the summary line counts both.
"""

from __future__ import annotations

from itertools import groupby

from speckit_graph.core.findings import CheckResult, Finding, Severity
from speckit_graph.core.fixes import Safety
from speckit_graph.render.escape import terminal
from speckit_graph.render.location import location

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_text(result: CheckResult, prefix: str = "", markup: bool = False) -> str:
    """Plain lines, or rich markup grouped by file when ``markup`` (a terminal) is asked for."""
    lines: list[str] = []
    if not markup:
        for finding in result.findings:
            lines.append(
                f"{terminal(location(finding, prefix))}: {finding.code} [{finding.severity}] "
                f"{terminal(finding.message)}{fix_mark(finding)}"
            )
    else:
        from rich.markup import escape as rich_escape  # on a terminal only: plain output needs no rich

        for _path, group in groupby(result.findings, key=lambda f: f.path):
            if lines:
                lines.append("")
            for finding in group:
                style = _STYLE[finding.severity]
                lines.append(
                    f"[bold]{rich_escape(terminal(location(finding, prefix)))}[/bold]: "
                    f"[{style}]{finding.code}[/{style}] [dim]\\[{finding.severity}][/dim] "
                    f"{rich_escape(terminal(finding.message))}"
                    + (f"[dim]{rich_escape(fix_mark(finding))}[/dim]" if finding.fix is not None else "")
                )
    if lines:
        lines.append("")
    lines.append(summary_line(result, markup))
    return "\n".join(lines) + "\n"


def summary_line(result: CheckResult, markup: bool = False) -> str:
    counts = result.counts()
    specs = f"{result.specs} spec{'s' if result.specs != 1 else ''}"
    files = f"{result.files_scanned} Markdown file{'s' if result.files_scanned != 1 else ''}"
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        count = counts[severity.value]
        word = f"{count} {severity.value}{'s' if count != 1 else ''}"
        if markup and count:
            word = f"[{_STYLE[severity]}]{word}[/{_STYLE[severity]}]"
        parts.append(word)
    skipped = f" ({result.files_skipped} not specs)" if result.files_skipped else ""
    suppressed = f", {result.suppressed} suppressed" if result.suppressed else ""
    baselined = f", {result.baselined} baselined" if result.baselined else ""
    return f"Checked {specs} in {files}{skipped}: {', '.join(parts)}{suppressed}{baselined}.{fixable_note(result)}"


def fix_mark(finding: Finding) -> str:
    """`` [fixable]``, `` [unsafe fix]`` or nothing, as the finding's fix allows."""
    if finding.fix is None:
        return ""
    return " [fixable]" if finding.fix.safety is Safety.SAFE else " [unsafe fix]"


def fixable_note(result: CheckResult) -> str:
    """`` 5 fixable with --fix (3 more with --unsafe-fixes).``, or nothing when no finding has a fix."""
    safe = sum(1 for f in result.findings if f.fix is not None and f.fix.safety is Safety.SAFE)
    unsafe = sum(1 for f in result.findings if f.fix is not None and f.fix.safety is Safety.UNSAFE)
    if not safe and not unsafe:
        return ""
    more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
    return f" {safe} fixable with --fix{more}."
