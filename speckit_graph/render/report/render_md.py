"""GitHub-flavoured Markdown for a pull-request comment or a CI job summary.

The verdict comes first, then what blocks it; every user string goes through
:func:`speckit_graph.render.escape.markdown`. Long lists (what a blocker blocks, the spec
table) are capped or folded so a comment on a large repository stays readable.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TypeVar

from speckit_graph.render.columns import fold_constant, same_on_every_row
from speckit_graph.render.escape import markdown as md
from speckit_graph.render.report.numbers import hours, hours_label, percent, plural
from speckit_graph.report.order import BuildOrder, OrderItem
from speckit_graph.report.readiness import ReadinessReport
from speckit_graph.report.scope import Scope, Via

#: How many ids a "blocks" cell names before "+ N more".
MAX_IDS_IN_CELL = 5
#: Rows per list or table by default: keeps a report of a big scope inside GitHub's limits
#: (65,536 characters for a PR comment, 1 MiB for a job summary). None shows everything.
DEFAULT_LIMIT = 50


def _cap(items: Sequence[T], limit: int | None) -> Sequence[T]:
    return items if limit is None else items[:limit]


def _capped(items: Sequence[object], limit: int | None) -> bool:
    """Whether a table shows only the first ``limit`` of ``items``."""
    return limit is not None and len(items) > limit


def _more(total: int, limit: int | None, what: str) -> list[str]:
    """The line that says what a capped list left out."""
    if limit is None or total <= limit:
        return []
    return ["", f"\u2026 and {total - limit:,} more {what} (--limit 0 shows all {total:,})."]


ARROW = " \u2192 "
T = TypeVar("T")


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    align: str = "",
    foldable: Collection[str] = (),
    capped: bool = False,
) -> list[str]:
    """A GFM table; ``align`` holds one of ``l``/``r`` per column (default left).

    Columns named in ``foldable`` that show one value on every row are left out and stated once
    above the table, as the HTML report does (:mod:`speckit_graph.render.columns`).
    """
    rows = [list(row) for row in rows]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"{len(row)} cells for {len(headers)} columns")
    folding = fold_constant(headers, rows, foldable)
    marks = folding.pick([("---:" if a == "r" else "---") for a in align.ljust(len(headers), "l")])
    lines = [same_on_every_row(folding.folded, lambda label: f"**{label}**", capped), ""] if folding.folded else []
    lines += ["| " + " | ".join(folding.pick(headers)) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in folding.pick(row)) + " |" for row in rows]
    return lines


def _ids(ids: Sequence[str], limit: int = MAX_IDS_IN_CELL) -> str:
    if not ids:
        return "\u2014"
    shown = ", ".join(md(i) for i in ids[:limit])
    if len(ids) > limit:
        shown += f" + {len(ids) - limit} more"
    return shown


def _opt(value: str | None) -> str:
    return md(value) if value else "\u2014"


def scope_summary(scope: Scope) -> str:
    """``16 specs (13 tag, 3 dependency)``: how the scope was assembled."""
    counts: dict[Via, int] = {}
    for via in scope.members.values():
        counts[via] = counts.get(via, 0) + 1
    parts = ", ".join(f"{counts[v]} {v.value}" for v in Via if counts.get(v) and v is not Via.REPOSITORY)
    return plural(len(scope), "spec") + (f" ({parts})" if parts else "")


def render_report_md(report: ReadinessReport, limit: int | None = DEFAULT_LIMIT) -> str:
    """The report as Markdown; every list and table shows at most ``limit`` rows."""
    lines = _header_md(report)
    lines += _blockers_md(report, limit)
    lines += _progress_md(report, limit)
    lines += _critical_path_md(report, limit)
    lines += _cycles_and_deprecated_md(report, limit)
    lines += _findings_md(report, limit)
    lines += _specs_md(report, limit)
    return "\n".join(lines)


def target_label(report: ReadinessReport) -> str:
    """The target as the header states it: ``implemented``, or ``implemented and verified by tests``."""
    return f"{report.target} and verified by tests" if report.verified else report.target


def _header_md(report: ReadinessReport) -> list[str]:
    """The verdict, target, scope and the one-line summary."""
    icon = "\u2705" if report.ready else "\u274c"
    progress, effort = report.progress, report.effort
    lines = [
        f"# {icon} {report.verdict}: {md(report.scope.label)}",
        "",
        f"**Target:** {md(target_label(report))} \u00b7 **Scope:** {scope_summary(report.scope)}"
        f" \u00b7 **Repository:** {md(report.root)} \u00b7 **As of:** {report.date.isoformat()}",
    ]
    if report.scope.description:
        lines += ["", f"> {md(report.scope.description)}"]
    lines += [
        "",
        f"{plural(len(report.blockers), 'blocker')} \u00b7 {progress.reached}/{progress.specs} live specs "
        f"{md(report.target)} ({percent(progress.percent)}) \u00b7 {hours(effort.remaining)} h of "
        f"{hours(effort.estimated)} h estimated remaining",
    ]
    if report.file_errors:
        verb = "blocks" if len(report.file_errors) == 1 else "block"
        lines += ["", f"**{plural(len(report.file_errors), 'file-level error')}** (see Findings) also {verb} the repository."]
    return lines


def _blockers_md(report: ReadinessReport, limit: int | None) -> list[str]:
    """What keeps the scope from being ready, ranked, and why."""
    lines: list[str] = ["", "## Blockers", ""]
    if report.blockers:
        rows = []
        for rank, blocker in enumerate(_cap(report.blockers, limit), 1):
            row = report.row(blocker.id)
            rows.append(
                [
                    str(rank),
                    md(blocker.id),
                    md(row.title),
                    _opt(row.status),
                    _opt(row.priority),
                    _opt(row.author),
                    str(blocker.waiting),
                    _ids(blocker.blocks),
                    "; ".join(md(f"{r.code} {r.message}" if r.code else r.message) for r in blocker.reasons),
                ]
            )
        lines += _table(
            ["#", "Spec", "Title", "Status", "Priority", "Author", "Waiting", "Blocks directly", "Why"],
            rows,
            "llllllrll",
            foldable={"Status", "Priority", "Author", "Waiting", "Blocks directly"},
            capped=_capped(report.blockers, limit),
        )
        lines += _more(len(report.blockers), limit, "blockers")
        lines += ["", "*Waiting* counts the specs in scope that depend on the blocker, directly or transitively."]
    else:
        lines.append("None.")
    return lines


def _coverage_rows(report: ReadinessReport) -> list[list[str]]:
    """With ``[trace]``: live specs mentioned by code, and tested with no failing test."""
    found = report.coverage
    if found is None:
        return []
    return [
        ["Specs implemented in code", str(found.implemented), str(found.specs), percent(found.implemented_percent)],
        ["Specs verified by tests", str(found.verified), str(found.specs), percent(found.verified_percent)],
    ]


def _progress_md(report: ReadinessReport, limit: int | None) -> list[str]:
    """Specs and hours done, then the status and priority distributions."""
    progress, effort = report.progress, report.effort
    lines: list[str] = ["", "## Progress", ""]
    lines += _table(
        ["", "Done", "Total", "%"],
        [
            [f"Specs {md(report.target)}", str(progress.reached), str(progress.specs), percent(progress.percent)],
            ["Estimated hours", hours(effort.completed), hours(effort.estimated), percent(effort.percent)],
            *_coverage_rows(report),
        ],
        "lrrr",
    )
    lines += [
        "",
        f"Actual hours so far: {hours(effort.actual)} \u00b7 Remaining estimate: {hours(effort.remaining)} h"
        f" \u00b7 Live specs without an estimate: {effort.unestimated} ({effort.unestimated_unfinished} unfinished)"
        f" \u00b7 Deprecated: {progress.deprecated}",
        "",
        "### By status",
        "",
    ]
    lines += _table(["Status", "Specs"], [[md(name), str(n)] for name, n in report.status_counts], "lr")
    lines += ["", "### By priority", ""]
    lines += _table(["Priority", "Specs"], [[md(name), str(n)] for name, n in report.priority_counts], "lr")
    return lines


def _critical_path_md(report: ReadinessReport, limit: int | None) -> list[str]:
    """The heaviest chain of unfinished dependencies, in build order."""
    lines: list[str] = ["", "## Critical path", ""]
    path = report.critical_path
    if path.ids:
        lines.append(
            f"The longest chain of unfinished dependencies by estimatedEffort: {hours(path.estimated)} h estimated, "
            f"{hours(path.remaining)} h remaining, in build order:"
        )
        lines.append("")
        for step, spec_id in enumerate(_cap(path.ids, limit), 1):
            row = report.row(spec_id)
            lines.append(f"{step}. **{md(spec_id)}** ({_opt(row.status)}, {hours_label(row.estimated)}) \u2014 {md(row.title)}")
        lines += _more(len(path.ids), limit, "steps")
        if path.unestimated:
            lines += ["", f"Without an estimate (counted as 0 h): {_ids(path.unestimated, 20)}."]
    else:
        lines.append("No unfinished work outside dependency cycles.")
    if path.excluded:
        lines += ["", f"Left out because they sit on dependency cycles: {_ids(path.excluded, 20)}."]
    return lines


def _cycles_and_deprecated_md(report: ReadinessReport, limit: int | None) -> list[str]:
    """Dependency cycles (when there are any) and the deprecated specs listed in scope."""
    lines: list[str] = []
    if report.cycles:
        lines += ["", "## Dependency cycles", ""]
        lines += ["- " + ARROW.join(md(s) for s in (*cycle, cycle[0])) for cycle in _cap(report.cycles, limit)]
        lines += _more(len(report.cycles), limit, "cycles")

    lines += ["", "## Deprecated specs in scope", ""]
    if report.deprecated:
        lines += [
            f"- **{md(s)}** \u2014 {md(report.row(s).title)} (listed, not a blocker)" for s in _cap(report.deprecated, limit)
        ]
        lines += _more(len(report.deprecated), limit, "deprecated specs")
    else:
        lines.append("None.")
    return lines


def _findings_md(report: ReadinessReport, limit: int | None) -> list[str]:
    """The check findings that concern the scope."""
    lines: list[str] = ["", "## Findings in scope", ""]
    if report.findings:
        lines += ["Most severe first (an error blocks the target), then by file and line.", ""]
        lines += _table(
            ["Severity", "Code", "Spec", "Location", "Message"],
            [
                [
                    f.severity.value,
                    md(f.code),
                    _opt(f.spec),
                    md(f"{f.path}:{f.line}" if f.path and f.line else (f.path or "")),
                    md(f.message),
                ]
                for f in _cap(report.findings, limit)
            ],
            foldable={"Severity", "Code", "Spec"},
            capped=_capped(report.findings, limit),
        )
        lines += _more(len(report.findings), limit, "findings")
    else:
        lines.append("None.")
    return lines


def _specs_md(report: ReadinessReport, limit: int | None) -> list[str]:
    """Every spec in scope, folded under a details element."""
    blocking = {b.id for b in report.blockers}
    lines: list[str] = ["", "## Specs in scope", "", "<details>", f"<summary>{plural(len(report.specs), 'spec')}</summary>", ""]
    lines += [f"Ids in **bold** are blockers; \u2713 after a status: the spec has reached {md(report.target)}.", ""]
    lines += _table(
        ["Spec", "Title", "Type", "Status", "Priority", "Author", "Est. h", "Actual h", "In scope as"],
        [
            [
                f"**{md(row.id)}**" if row.id in blocking else md(row.id),
                md(row.title),
                _opt(row.type),
                _opt(row.status) + (" \u2713" if row.reached else ""),
                _opt(row.priority),
                _opt(row.author),
                hours(row.estimated),
                hours(row.actual),
                row.via.value,
            ]
            for row in _cap(report.specs, limit)
        ],
        "llllllrrl",
        foldable={"Type", "Status", "Priority", "Author", "Est. h", "Actual h", "In scope as"},
        capped=_capped(report.specs, limit),
    )
    lines += _more(len(report.specs), limit, "specs")
    lines += ["", "</details>", ""]
    return lines


# ---------------------------------------------------------------------------------------


#: Columns of a build-order table that may say one thing for a whole wave.
ORDER_FOLDABLE = frozenset({"Status", "Priority", "Est. h", "Needs"})


def _order_rows(items: Sequence[OrderItem]) -> list[list[str]]:
    return [[md(i.id), md(i.title), _opt(i.status), _opt(i.priority), hours(i.estimated), _ids(i.needs)] for i in items]


def render_order_md(order: BuildOrder, limit: int | None = DEFAULT_LIMIT) -> str:
    """The build order as Markdown; each wave's table shows at most ``limit`` rows."""
    lines = [
        f"# Build order: {md(order.scope.label)}",
        "",
        f"**Target:** {md(order.target)} \u00b7 **Repository:** {md(order.root)} \u00b7 "
        f"{plural(order.scheduled + order.unordered, 'unfinished spec')} in {plural(len(order.waves), 'wave')}"
        f" \u00b7 {len(order.done)} already {md(order.target)} \u00b7 {len(order.retired)} deprecated",
    ]
    headers = ["Spec", "Title", "Status", "Priority", "Est. h", "Needs"]
    for wave in order.waves:
        lines += ["", f"## Wave {wave.number} ({plural(len(wave.items), 'spec')}, {hours(wave.estimated)} h estimated)", ""]
        lines += _table(headers, _order_rows(_cap(wave.items, limit)), "llllrl", ORDER_FOLDABLE, _capped(wave.items, limit))
        lines += _more(len(wave.items), limit, f"specs in wave {wave.number}")
    if order.cycles:
        lines += ["", "## Dependency cycles (cannot be ordered until broken)", ""]
        lines += ["- " + ARROW.join(md(s) for s in (*cycle, cycle[0])) for cycle in _cap(order.cycles, limit)]
        lines += _more(len(order.cycles), limit, "cycles")
        lines += [""]
        lines += _table(
            headers, _order_rows(_cap(order.on_cycles, limit)), "llllrl", ORDER_FOLDABLE, _capped(order.on_cycles, limit)
        )
        lines += _more(len(order.on_cycles), limit, "specs on cycles")
    if order.after_cycles:
        lines += ["", "## Waiting on a cycle", ""]
        lines += _table(
            headers, _order_rows(_cap(order.after_cycles, limit)), "llllrl", ORDER_FOLDABLE, _capped(order.after_cycles, limit)
        )
        lines += _more(len(order.after_cycles), limit, "specs waiting on cycles")
    if not order.waves and not order.unordered:
        lines += ["", f"Nothing left to do: every live spec in scope is {md(order.target)}."]
    lines.append("")
    return "\n".join(lines)
