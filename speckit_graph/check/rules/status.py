"""SG3xx: statuses that contradict the links (approved work resting on drafts, ...)."""

from __future__ import annotations

from collections.abc import Iterator

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
    vocabulary = config.vocabulary
    for link in graph.links(LinkKind.DEPENDS_ON):
        dependent, dependency = graph.specs_by_id[link.source], graph.specs_by_id[link.target]
        if link.source == link.target or not vocabulary.needs_approval(dependent.status):
            continue
        dependent_stage, dependency_stage = vocabulary.stage(dependent.status), vocabulary.stage(dependency.status)
        if dependent_stage is None or dependency_stage is None or dependency_stage >= dependent_stage:
            continue
        yield Hit(
            f"'{dependent.id}' is {dependent.status} but depends on '{dependency.id}', which is only {dependency.status}",
            path=link.location.path,
            line=link.location.line,
            column=link.location.column,
            spec=dependent.id,
            related=(dependency.id,),
            key=dependency.id,
            severity=Severity.ERROR if vocabulary.is_done(dependent.status) else None,
        )


def _status_facts(graph: SpecGraph, config: Config) -> tuple[set[str], dict[str, int | None]]:
    """Retired specs and each spec's lifecycle stage, judged once per spec instead of twice per link.

    The link rules below look at both ends of every link: 300,000 links on 100,000 specs.
    """
    vocabulary = config.vocabulary
    retired: set[str] = set()
    stages: dict[str, int | None] = {}
    for spec_id, spec in graph.specs_by_id.items():
        status = spec.status
        if vocabulary.is_retired(status):
            retired.add(spec_id)
        stages[spec_id] = vocabulary.stage(status)
    return retired, stages


@rule("SG302", "deprecated-dependency", Severity.WARNING, "A live spec depends on a deprecated one.")
def deprecated_dependency(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    vocabulary = config.vocabulary
    retired, _ = _status_facts(graph, config)
    for link in graph.links(LinkKind.DEPENDS_ON):
        if link.source in retired or link.target not in retired:
            continue
        dependent, dependency = graph.specs_by_id[link.source], graph.specs_by_id[link.target]
        if vocabulary.is_redirect(dependency.status):
            if vocabulary.is_done(dependent.status):
                continue  # finished work that named what was later moved: history, as in report
            problem = f"which was moved or superseded ({dependency.status})"
        else:
            problem = f"which is {dependency.status}"
        yield Hit(
            f"'{dependent.id}' depends on '{dependency.id}', {problem}",
            path=link.location.path,
            line=link.location.line,
            column=link.location.column,
            spec=dependent.id,
            related=(dependency.id,),
            key=dependency.id,
        )


@rule(
    "SG303",
    "parent-child-status-conflict",
    Severity.WARNING,
    "A parent is implemented while a live child is not, or deprecated while a child is live.",
)
def parent_child_status_conflict(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    vocabulary = config.vocabulary
    retired, stages = _status_facts(graph, config)
    for link in graph.links(LinkKind.PARENT):
        source, target = link.source, link.target
        if source == target or source in retired or stages[source] is None:
            continue
        if target in retired:
            degree = "still"
        elif vocabulary.is_done(graph.specs_by_id[target].status) and not vocabulary.is_done(graph.specs_by_id[source].status):
            degree = "only"
        else:
            continue
        child, parent = graph.specs_by_id[source], graph.specs_by_id[target]
        problem = f"is {parent.status} but its child '{child.id}' is {degree} {child.status}"
        yield Hit(
            f"parent '{parent.id}' {problem}",
            path=parent.path,
            line=parent.line_of("status"),
            spec=parent.id,
            related=(child.id,),
            key=child.id,
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
