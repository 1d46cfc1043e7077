"""Release views: ``report`` (can this scope ship?), ``order`` (in what waves?) and ``impact`` (what does a change touch?)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from speckit_graph.check import analysis
from speckit_graph.check.selection import effective_severities
from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.trace import TraceIndex
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import require_ids
from speckit_graph.report import coverage as coverage_module
from speckit_graph.report import impact as impact_module
from speckit_graph.report import order as order_module
from speckit_graph.report import scope as scope_module
from speckit_graph.report.impact import Impact
from speckit_graph.report.order import BuildOrder
from speckit_graph.report.readiness import ReadinessReport, readiness
from speckit_graph.report.scope import Scope, ScopeRequest, default_target, done_label
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session
from speckit_graph.usecases.trace import with_trace

#: ``report --target verified``: the release target plus tests for every spec that reached it.
VERIFIED = "verified"


@dataclass(frozen=True)
class ReleaseRequest:
    """``report`` and ``order``: the repository, the scope, the status to reach, the report date."""

    load: LoadOptions = field(default_factory=LoadOptions)
    scope: ScopeRequest = field(default_factory=ScopeRequest)
    target: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class ReportOutcome(Outcome):
    """The readiness report plus the graph its HTML diagram is drawn from."""

    report: ReadinessReport
    graph: SpecGraph
    config: Config

    @property
    def exit_status(self) -> int:
        return 0 if self.report.ready else 1


@dataclass(frozen=True)
class OrderOutcome(Outcome):
    order: BuildOrder

    @property
    def exit_status(self) -> int:
        """1 when cycles leave some specs without a wave."""
        return 1 if self.order.unordered else 0


@dataclass(frozen=True)
class ImpactRequest:
    spec_id: str
    load: LoadOptions = field(default_factory=LoadOptions)


@dataclass(frozen=True)
class ImpactOutcome(Outcome):
    """What a change of one spec touches, plus the graph its diagram is drawn from."""

    impact: Impact
    graph: SpecGraph
    config: Config


def run_report(request: ReleaseRequest) -> ReportOutcome:
    """The readiness report; with ``[trace]``, SG5xx findings count and coverage is reported."""
    with session(request.load) as loader:
        graph = loader.load()
    config = loader.config
    notes = list(loader.notes)
    graph = with_trace(graph, config, request.load, notes)
    scope = scope_module.resolve_scope(graph, config, request.scope)
    target, verify = request.target, None
    if is_verified_target(config, target):
        if graph.trace is None:
            raise UsageError(
                "--target verified needs [trace]: name the code, tests or JUnit results in the configuration (docs/trace.md)"
            )
        target, verify = None, graph.trace
    report = readiness_report(graph, config, scope, target, report_date(request.date), verify=verify)
    if graph.trace is not None:
        live = (row.id for row in report.specs if not row.retired)
        report = replace(report, coverage=coverage_module.coverage(live, graph.trace))
    return ReportOutcome(report=report, graph=graph, config=config, notes=tuple(notes))


def run_order(request: ReleaseRequest) -> OrderOutcome:
    with session(request.load) as loader:
        graph = loader.load()
    scope = scope_module.resolve_scope(graph, loader.config, request.scope)
    return OrderOutcome(order=build_order(graph, loader.config, scope, request.target), notes=tuple(loader.notes))


def run_impact(request: ImpactRequest) -> ImpactOutcome:
    """What a change of one spec touches; with ``[trace]``, the code and test files too."""
    with session(request.load) as loader:
        graph = loader.load()
    notes = list(loader.notes)
    graph = with_trace(graph, loader.config, request.load, notes)
    found = impact(graph, request.spec_id)
    if graph.trace is not None:
        touched = (found.id, *found.ids)
        code = {m.path for spec_id in touched for m in graph.trace.code_mentions(spec_id)}
        tests = {m.path for spec_id in touched for m in graph.trace.test_mentions(spec_id)}
        found = replace(found, code=tuple(sorted(code)), tests=tuple(sorted(tests)))
    return ImpactOutcome(impact=found, graph=graph, config=loader.config, notes=tuple(notes))


def is_verified_target(config: Config, target: str | None) -> bool:
    """``--target verified``: reach the default target and be verified by tests (unless a status is named so)."""
    return target == VERIFIED and VERIFIED not in config.vocabulary.lifecycle


def resolve_scope(
    graph: SpecGraph,
    config: Config,
    roots: Sequence[str] = (),
    tags: Sequence[str] = (),
    release: str | None = None,
) -> Scope:
    """The specs a report or build order covers; unknown roots, tags or releases raise UsageError."""
    return scope_module.resolve_scope(graph, config, ScopeRequest(tuple(roots), tuple(tags), release))


def resolve_target(config: Config, target: str | None, scope: Scope | None = None) -> str:
    """The status specs must reach: the option, else the release's, else the done set."""
    vocabulary = config.vocabulary
    if not vocabulary.lifecycle:
        raise UsageError(
            f"no lifecycle to judge against: this repository has no '{config.keys_for('status')[0]}' field "
            "in its configuration ([lifecycle] stages and done are empty), so there is no readiness to report"
        )
    chosen = target or (scope.target if scope is not None else None) or default_target(vocabulary)
    if chosen not in vocabulary.lifecycle and chosen != done_label(vocabulary):
        known = ", ".join(config.vocabulary.lifecycle)
        raise UsageError(f"unknown target status {chosen!r} (expected one of the lifecycle statuses: {known})")
    return chosen


def report_date(value: str | None = None) -> dt.date:
    """``--date`` when given, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"invalid --date {value!r} (expected YYYY-MM-DD)") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"invalid SOURCE_DATE_EPOCH {epoch!r} (expected seconds since 1970)") from None
    return dt.date.today()


def readiness_report(
    graph: SpecGraph,
    config: Config,
    scope: Scope,
    target: str | None = None,
    today: dt.date | None = None,
    verify: TraceIndex | None = None,
) -> ReadinessReport:
    """Judge whether ``scope`` has reached ``target``, using the findings of ``check`` as configured.

    ``verify``: with ``--target verified``, the trace index whose tests must name every spec that reached it.
    """
    result = analysis.check(graph, config)
    return readiness(
        graph,
        config.vocabulary,
        scope,
        result.findings,
        resolve_target(config, target, scope),
        today if today is not None else report_date(),
        approvals=_approvals_checked(config),
        verify=verify,
    )


def _approvals_checked(config: Config) -> bool:
    """Whether ``check`` runs SG304 here: report asks for approvers exactly when check would."""
    return "SG304" in effective_severities(config)


def impact(graph: SpecGraph, spec_id: str) -> Impact:
    """What depends on ``spec_id`` or descends from it, transitively, with distances."""
    require_ids([spec_id], graph.specs_by_id)
    return impact_module.impact(graph, spec_id)


def build_order(graph: SpecGraph, config: Config, scope: Scope, target: str | None = None) -> BuildOrder:
    """The unfinished specs of ``scope`` as topological waves, cycles apart."""
    return order_module.build_order(graph, config.vocabulary, scope, resolve_target(config, target, scope))
