"""SG3xx: statuses that contradict the links (approved work resting on drafts, ...)."""

from __future__ import annotations

from collections.abc import Iterator

from speckit_graph.config import Config
from speckit_graph.findings import Hit, Severity
from speckit_graph.graph import SpecGraph
from speckit_graph.model import LinkKind
from speckit_graph.rules.registry import rule


@rule(
    "SG301",
    "immature-dependency",
    Severity.WARNING,
    "An approved or implemented spec depends on a spec earlier in the lifecycle.",
)
def immature_dependency(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    vocabulary = config.vocabulary
    final_stage = len(vocabulary.lifecycle) - 1
    status = _statuses(graph)
    stage = {value: vocabulary.stage(value) for value in set(status.values())}
    gated = {value for value in stage if vocabulary.needs_approval(value)}
    for link in graph.links(LinkKind.DEPENDS_ON):
        dependent_status, dependency_status = status[link.source], status[link.target]
        if link.source == link.target or dependent_status not in gated:
            continue
        dependent_stage, dependency_stage = stage[dependent_status], stage[dependency_status]
        if dependent_stage is None or dependency_stage is None or dependency_stage >= dependent_stage:
            continue
        yield Hit(
            "SG301",
            f"'{link.source}' is {dependent_status} but depends on '{link.target}', which is only {dependency_status}",
            path=link.location.path,
            line=link.location.line,
            column=link.location.column,
            spec=link.source,
            related=(link.target,),
            key=link.target,
            severity=Severity.ERROR if dependent_stage == final_stage else None,
        )


def _statuses(graph: SpecGraph) -> dict[str, str | None]:
    """Each spec's status, read once: the link rules below look at 2 per link, 300,000 links."""
    statuses: dict[str, str | None] = {}
    for spec_id, spec in graph.specs_by_id.items():
        value = spec.fields.get("status")  # Spec.status, without a property and a call per spec
        statuses[spec_id] = value.strip() if isinstance(value, str) else None
    return statuses


@rule("SG302", "deprecated-dependency", Severity.WARNING, "A live spec depends on a deprecated one.")
def deprecated_dependency(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    retired = config.vocabulary.retired
    status = _statuses(graph)
    for link in graph.links(LinkKind.DEPENDS_ON):
        dependent_status, dependency_status = status[link.source], status[link.target]
        if dependent_status in retired or dependency_status not in retired:
            continue
        yield Hit(
            "SG302",
            f"'{link.source}' depends on '{link.target}', which is {dependency_status}",
            path=link.location.path,
            line=link.location.line,
            column=link.location.column,
            spec=link.source,
            related=(link.target,),
            key=link.target,
        )


@rule(
    "SG303",
    "parent-child-status-conflict",
    Severity.WARNING,
    "A parent is implemented while a live child is not, or deprecated while a child is live.",
)
def parent_child_status_conflict(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    vocabulary = config.vocabulary
    retired = vocabulary.retired
    final = vocabulary.lifecycle[-1] if vocabulary.lifecycle else None
    status = _statuses(graph)
    live = {value for value in set(status.values()) if value not in retired and vocabulary.stage(value) is not None}
    for link in graph.links(LinkKind.PARENT):
        child_status, parent_status = status[link.source], status[link.target]
        if link.source == link.target or child_status not in live:
            continue
        if parent_status in retired:
            problem = f"is {parent_status} but its child '{link.source}' is still {child_status}"
        elif parent_status == final and child_status != final:
            problem = f"is {parent_status} but its child '{link.source}' is only {child_status}"
        else:
            continue
        parent = graph.specs_by_id[link.target]
        yield Hit(
            "SG303",
            f"parent '{parent.id}' {problem}",
            path=parent.path,
            line=parent.line_of("status"),
            spec=parent.id,
            related=(link.source,),
            key=link.source,
        )


@rule("SG304", "missing-approval", Severity.WARNING, "An approved or implemented spec names no approvers.")
def missing_approval(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for spec in graph.all_specs():
        if not config.vocabulary.needs_approval(spec.status):
            continue
        approvers = spec.fields.get("approvers")
        if isinstance(approvers, str) and approvers.strip():
            continue
        if isinstance(approvers, list) and any(isinstance(a, str) and a.strip() for a in approvers):
            continue
        yield Hit(
            "SG304",
            f"'{spec.id}' is {spec.status} but names no {spec.key_of('approvers')}",
            path=spec.path,
            line=spec.line_of("approvers") if "approvers" in spec.fields else spec.line_of("status"),
            spec=spec.id,
        )
