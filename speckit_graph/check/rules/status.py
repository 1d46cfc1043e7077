"""SG3xx: statuses that contradict the links (approved work resting on drafts, ...)."""

from __future__ import annotations

from collections.abc import Iterator

from speckit_graph.check.rules.facts import status_facts
from speckit_graph.check.rules.registry import rule, spec_rule
from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.model import LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph


@rule(
    "SG301",
    "immature-dependency",
    Severity.WARNING,
    "An approved or implemented spec depends on a spec earlier in the lifecycle.",
)
def immature_dependency(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    facts = status_facts(graph, config)
    stage, status, needs_approval = facts.stage, facts.status, facts.needs_approval
    for link in graph.links(LinkKind.DEPENDS_ON):
        source, target = link.source, link.target
        if source == target or source not in needs_approval:
            continue
        dependent_stage, dependency_stage = stage[source], stage[target]
        if dependent_stage is None or dependency_stage is None or dependency_stage >= dependent_stage:
            continue
        yield Hit(
            f"'{source}' is {status[source]} but depends on '{target}', which is only {status[target]}",
            path=link.location.path,
            line=link.location.line,
            column=link.location.column,
            spec=source,
            related=(target,),
            key=target,
            severity=Severity.ERROR if source in facts.done else None,
        )


@rule("SG302", "deprecated-dependency", Severity.WARNING, "A live spec depends on a deprecated one.")
def deprecated_dependency(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    vocabulary = config.vocabulary
    facts = status_facts(graph, config)
    retired, status = facts.retired, facts.status
    for link in graph.links(LinkKind.DEPENDS_ON):
        source, target = link.source, link.target
        if source in retired or target not in retired:
            continue
        if vocabulary.is_redirect(status[target]):
            if source in facts.done:
                continue  # finished work that named what was later moved: history, as in report
            problem = f"which was moved or superseded ({status[target]})"
        else:
            problem = f"which is {status[target]}"
        yield Hit(
            f"'{source}' depends on '{target}', {problem}",
            path=link.location.path,
            line=link.location.line,
            column=link.location.column,
            spec=source,
            related=(target,),
            key=target,
        )


@rule(
    "SG303",
    "parent-child-status-conflict",
    Severity.WARNING,
    "A parent is implemented while a live child is not, or deprecated while a child is live.",
)
def parent_child_status_conflict(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    facts = status_facts(graph, config)
    retired, stages, done, status = facts.retired, facts.stage, facts.done, facts.status
    for link in graph.links(LinkKind.PARENT):
        source, target = link.source, link.target
        if source == target or source in retired or stages[source] is None:
            continue
        if target in retired:
            degree = "still"
        elif target in done and source not in done:
            degree = "only"
        else:
            continue
        parent = graph.specs_by_id[target]
        yield Hit(
            f"parent '{target}' is {status[target]} but its child '{source}' is {degree} {status[source]}",
            path=parent.path,
            line=parent.line_of("status"),
            spec=target,
            related=(source,),
            key=source,
        )


@spec_rule("SG304", "missing-approval", Severity.WARNING, "An approved or implemented spec names no approvers.")
def missing_approval(spec: Spec, config: Config) -> Iterator[Hit]:
    if not config.vocabulary.needs_approval(spec.status):
        return
    approvers = spec.fields.get("approvers")
    if isinstance(approvers, str) and approvers.strip():
        return
    if isinstance(approvers, list) and any(isinstance(a, str) and a.strip() for a in approvers):
        return
    yield Hit(
        f"'{spec.id}' is {spec.status} but names no {spec.key_of('approvers')}",
        path=spec.path,
        line=spec.line_of("approvers") if "approvers" in spec.fields else spec.line_of("status"),
        spec=spec.id,
    )
