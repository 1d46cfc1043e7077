"""Release readiness: can the specs in a scope ship, and if not, what holds them back.

Pure computation over a graph, a scope and the findings of ``check``: nothing here reads
files, the clock or the environment (the report date is passed in), so the same inputs
always give the same ReadinessReport and every renderer shows the same facts.

Ready means all of:
- every live spec in scope (dependencies pulled in included) has reached ``target``;
- no error-level finding of ``check`` sits on a spec in scope (on the whole repository,
  file-level errors such as unparsable frontmatter count too);
- no live spec in scope depends on a retired spec: abandoned (deprecated, Withdrawn) or
  redirected (Moved, ``Superseded by X``: its own reason, naming where it went); a done
  spec is finished work, so only an abandoned dependency holds it back;
- every spec at or past the approval status names its approvers (only where ``check``
  runs SG304, so report and check agree on whether the repository has approvers);
- with ``--target verified`` (a TraceIndex passed as ``verify``): every live spec that reached
  the status is mentioned by a test file or a JUnit case, and none of its JUnit cases failed.
Retired specs in scope are listed apart and never block by their status.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from speckit_graph.config.model import Vocabulary
from speckit_graph.core.dates import field_date
from speckit_graph.core.findings import Finding, Severity
from speckit_graph.core.model import LinkKind, Spec
from speckit_graph.core.trace import ERROR, FAILED, TraceIndex
from speckit_graph.graph import algorithms as dag
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.report.coverage import Coverage
from speckit_graph.report.scope import Scope, Via, display_str, effort, people, reached

NONE_LABEL = "(none)"


class ReasonKind(str, enum.Enum):
    """Why a spec blocks a release."""

    STATUS = "status"
    FINDING = "finding"
    DEPRECATED_DEPENDENCY = "deprecated-dependency"
    REDIRECTED_DEPENDENCY = "redirected-dependency"
    NO_APPROVERS = "no-approvers"
    UNTESTED = "untested"  # --target verified: reached the status, but no test mentions it
    FAILING_TESTS = "failing-tests"  # --target verified: a JUnit case naming it failed or errored

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    message: str
    related: tuple[str, ...] = ()
    code: str | None = None  # the rule code for FINDING reasons


@dataclass(frozen=True)
class SpecRow:
    """One spec of the scope, with the facts every table shows."""

    id: str
    title: str
    type: str | None
    status: str | None
    priority: str | None
    author: str | None
    path: str
    via: Via
    reached: bool
    retired: bool
    estimated: float | None
    actual: float | None
    remaining: float | None  # None: unfinished and not estimated
    approvers: tuple[str, ...]
    updated: dt.date | None


@dataclass(frozen=True)
class Blocker:
    """A spec that keeps the scope from being ready, and how much waits on it."""

    id: str
    reasons: tuple[Reason, ...]
    waiting: int  # in-scope specs that depend on it, directly or transitively
    blocks: tuple[str, ...]  # in-scope specs that depend on it directly
    age_days: int | None  # days since updatedAt, as of the report date


@dataclass(frozen=True)
class Progress:
    specs: int  # live (not retired) specs in scope
    reached: int
    deprecated: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.reached / self.specs if self.specs else None


@dataclass(frozen=True)
class Effort:
    """Hours over live specs: every spec's own estimate counts (a parent's too)."""

    estimated: float
    actual: float
    completed: float  # estimates of specs that reached the target
    remaining: float  # max(estimated - actual, 0) over unfinished, estimated specs
    unestimated: int  # live specs without an estimate
    unestimated_unfinished: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.completed / self.estimated if self.estimated else None


@dataclass(frozen=True)
class CriticalPath:
    """The heaviest chain of unfinished dependencies, by estimatedEffort, in build order."""

    ids: tuple[str, ...]
    estimated: float
    remaining: float
    unestimated: tuple[str, ...]  # specs on the path with no estimate (counted as 0 h)
    excluded: tuple[str, ...]  # unfinished specs on dependency cycles, left out of the DAG


@dataclass(frozen=True)
class ReadinessReport:
    root: str
    scope: Scope
    target: str
    date: dt.date
    specs: tuple[SpecRow, ...]
    blockers: tuple[Blocker, ...]
    deprecated: tuple[str, ...]
    progress: Progress
    effort: Effort
    status_counts: tuple[tuple[str, int], ...]
    priority_counts: tuple[tuple[str, int], ...]
    critical_path: CriticalPath
    cycles: tuple[tuple[str, ...], ...]
    findings: tuple[Finding, ...]  # errors first, then warnings, then infos; each by path and line
    file_errors: tuple[Finding, ...]  # error findings not tied to a spec (whole repository only)
    #: Implemented and verified specs, when ``[trace]`` is configured (None otherwise).
    coverage: Coverage | None = None
    #: ``--target verified``: reaching ``target`` is not enough, tests must verify the spec too.
    verified: bool = False

    @property
    def ready(self) -> bool:
        return not self.blockers and not self.file_errors

    @property
    def verdict(self) -> str:
        return "READY" if self.ready else "NOT READY"

    def row(self, spec_id: str) -> SpecRow:
        return self._rows[spec_id]

    @cached_property
    def _rows(self) -> dict[str, SpecRow]:
        return {row.id: row for row in self.specs}


# ---------------------------------------------------------------------------------------


def readiness(
    graph: SpecGraph,
    vocabulary: Vocabulary,
    scope: Scope,
    findings: Iterable[Finding],
    target: str,
    today: dt.date,
    approvals: bool = True,
    verify: TraceIndex | None = None,
) -> ReadinessReport:
    """Judge ``scope`` against ``target`` as of ``today``; linear except for blocker ranking.

    ``verify``: the code and test mentions of ``--target verified``; specs that reached ``target``
    but no test names (or whose JUnit cases failed) block with their own reason.
    """
    rows = tuple(_row(graph.specs_by_id[spec_id], via, vocabulary, target) for spec_id, via in scope.members.items())
    by_id = {row.id: row for row in rows}
    live = [row for row in rows if not row.retired]

    # most severe first, then by file: what to fix first is on top in every format
    scoped_findings = tuple(
        sorted(
            (f for f in findings if (f.spec in scope) or (f.spec is None and scope.whole_repository)),
            key=lambda f: (-f.severity.rank, *f.sort_key()),
        )
    )
    errors_by_spec: dict[str, list[Finding]] = {}
    file_errors = []
    for finding in scoped_findings:
        if finding.severity is Severity.ERROR:
            if finding.spec is None:
                file_errors.append(finding)
            else:
                errors_by_spec.setdefault(finding.spec, []).append(finding)

    kind_graph = graph.neighbours(LinkKind.DEPENDS_ON)
    needs = dag.restrict(kind_graph.successors, by_id)
    needed_by = dag.predecessors(needs)
    reasons: dict[str, list[Reason]] = {}
    for row in rows:
        found = _reasons(row, by_id, needs[row.id], errors_by_spec.get(row.id, ()), vocabulary, target, approvals)
        if verify is not None and row.reached and not row.retired:
            found.extend(_verification(row.id, verify, found))
        if found:
            reasons[row.id] = found

    waiting = dag.waiting_counts(needs, sorted(reasons))
    blockers = [
        Blocker(
            id=spec_id,
            reasons=tuple(found),
            waiting=waiting[spec_id],
            blocks=tuple(needed_by[spec_id]),
            age_days=_age(by_id[spec_id].updated, today),
        )
        for spec_id, found in reasons.items()
    ]
    priority_rank = {p: i for i, p in enumerate(vocabulary.priority)}
    blockers.sort(key=lambda b: (-b.waiting, -priority_rank.get(by_id[b.id].priority or "", -1), b.id))

    return ReadinessReport(
        root=graph.root,
        scope=scope,
        target=target,
        date=today,
        specs=rows,
        blockers=tuple(blockers),
        deprecated=tuple(row.id for row in rows if row.retired),
        progress=Progress(specs=len(live), reached=sum(r.reached for r in live), deprecated=len(rows) - len(live)),
        effort=_effort(live),
        status_counts=_distribution((r.status for r in rows), vocabulary.status),
        priority_counts=_distribution((r.priority for r in rows), tuple(reversed(vocabulary.priority))),
        critical_path=_critical_path(needs, by_id),
        cycles=tuple(dag.cycle_of(kind_graph.successors, c) for c in dag.cyclic_components(needs)),
        findings=scoped_findings,
        file_errors=tuple(file_errors),
        verified=verify is not None,
    )


def _verification(spec_id: str, index: TraceIndex, found: Sequence[Reason]) -> list[Reason]:
    """Why a spec that reached its status is not verified: no test names it, or its tests failed."""
    if not index.is_tested(spec_id):
        return [Reason(ReasonKind.UNTESTED, "no test file or JUnit test case mentions it")]
    failed = [r for r in index.results_by_id.get(spec_id, ()) if r.outcome in (FAILED, ERROR)]
    if not failed or any(r.code == "SG504" for r in found):  # SG504 as an error already says so
        return []
    tests = sorted({r.test for r in failed})
    more = f" and {len(tests) - 3} more" if len(tests) > 3 else ""
    return [Reason(ReasonKind.FAILING_TESTS, f"{len(tests)} test case(s) failed: {', '.join(tests[:3])}{more}")]


def _age(updated: dt.date | None, today: dt.date) -> int | None:
    return (today - updated).days if updated is not None else None


def _row(spec: Spec, via: Via, vocabulary: Vocabulary, target: str) -> SpecRow:
    status = spec.status
    done = reached(vocabulary, status, target)
    estimated, actual = effort(spec, "estimatedEffort"), effort(spec, "actualEffort")
    retired = vocabulary.is_retired(status)
    if done or retired:
        remaining: float | None = 0.0
    elif estimated is None:
        remaining = None
    else:
        remaining = max(estimated - (actual or 0.0), 0.0)
    return SpecRow(
        id=spec.id,
        title=spec.title,
        type=spec.type,
        status=status,
        priority=display_str(spec, "priority"),
        author=", ".join(people(spec, "author")) or display_str(spec, "author"),
        path=spec.path,
        via=via,
        reached=done,
        retired=retired,
        estimated=estimated,
        actual=actual,
        remaining=remaining,
        approvers=people(spec, "approvers"),
        updated=field_date(spec.fields.get("updatedAt"), latest=True),
    )


def _reasons(
    row: SpecRow,
    by_id: dict[str, SpecRow],
    needs: Sequence[str],
    errors: Sequence[Finding],
    vocabulary: Vocabulary,
    target: str,
    approvals: bool,
) -> list[Reason]:
    found: list[Reason] = []
    if not row.retired:
        if not row.reached:
            found.append(Reason(ReasonKind.STATUS, _status_message(row.status, vocabulary, target)))
        redirected = [d for d in needs if vocabulary.is_redirect(by_id[d].status)]
        if redirected and not vocabulary.is_done(row.status):
            found.append(
                Reason(
                    ReasonKind.REDIRECTED_DEPENDENCY,
                    "depends on " + ", ".join(f"{d}, which was moved or superseded ({by_id[d].status})" for d in redirected),
                    tuple(redirected),
                )
            )
        dead = [d for d in needs if by_id[d].retired and d not in redirected]
        if dead:
            found.append(
                Reason(
                    ReasonKind.DEPRECATED_DEPENDENCY,
                    "depends on " + ", ".join(f"{d} ({by_id[d].status})" for d in dead),
                    tuple(dead),
                )
            )
        if approvals and vocabulary.needs_approval(row.status) and not row.approvers:
            found.append(Reason(ReasonKind.NO_APPROVERS, f"is {row.status} but names no approvers"))
        # A retired (abandoned or redirected) spec is history: its own errors do not hold a release back.
        found += _finding_reasons(errors)
    return found


def _finding_reasons(errors: Sequence[Finding]) -> list[Reason]:
    """One reason per distinct error: the same message on several lines (two header lines that do
    not parse) is one reason naming the lines, not the same words twice in the "Why" cell."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in errors:
        groups.setdefault((finding.code, finding.message), []).append(finding)
    reasons = []
    for (code, message), same in groups.items():
        if len(same) > 1:
            lines = sorted({f.line for f in same if f.line is not None})
            where = f"lines {', '.join(map(str, lines))}" if len(lines) == len(same) else f"{len(same)} times"
            message = f"{message} ({where})"
        related = tuple(dict.fromkeys(r for f in same for r in f.related))
        reasons.append(Reason(ReasonKind.FINDING, message, related, code))
    return reasons


def _status_message(status: str | None, vocabulary: Vocabulary, target: str) -> str:
    if status is None:
        return f"has no status (needs {target})"
    if vocabulary.stage(status) is None:
        return f"status {status!r} is not in the lifecycle (needs {target})"
    return f"is {status}, needs {target}"


def _effort(live: Sequence[SpecRow]) -> Effort:
    return Effort(
        estimated=sum(r.estimated or 0.0 for r in live),
        actual=sum(r.actual or 0.0 for r in live),
        completed=sum(r.estimated or 0.0 for r in live if r.reached),
        remaining=sum(r.remaining or 0.0 for r in live),
        unestimated=sum(1 for r in live if r.estimated is None),
        unestimated_unfinished=sum(1 for r in live if r.estimated is None and not r.reached),
    )


def _distribution(values: Iterable[str | None], known: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """Counts in vocabulary order first, then unknown values sorted, then missing ones."""
    counter = Counter(v if v is not None else NONE_LABEL for v in values)
    ordered = [name for name in known if counter.get(name)]
    ordered += sorted(name for name in counter if name not in known and name != NONE_LABEL)
    if counter.get(NONE_LABEL):
        ordered.append(NONE_LABEL)
    return tuple((name, counter[name]) for name in ordered)


def _critical_path(needs: dag.Adjacency, by_id: dict[str, SpecRow]) -> CriticalPath:
    unfinished = {row.id for row in by_id.values() if not row.reached and not row.retired}
    open_needs = dag.restrict(needs.__getitem__, unfinished)
    cyclic = sorted(spec_id for component in dag.cyclic_components(open_needs) for spec_id in component)
    acyclic = dag.restrict(open_needs.__getitem__, unfinished.difference(cyclic))
    path = dag.longest_path(acyclic, {spec_id: by_id[spec_id].estimated or 0.0 for spec_id in acyclic})
    return CriticalPath(
        ids=path,
        estimated=sum((by_id[s].estimated or 0.0 for s in path), 0.0),
        remaining=sum((by_id[s].remaining or 0.0 for s in path), 0.0),
        unestimated=tuple(s for s in path if by_id[s].estimated is None),
        excluded=tuple(cyclic),
    )
