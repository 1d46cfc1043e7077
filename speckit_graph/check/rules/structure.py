"""SG2xx: the shape of the graph: cycles, orphans, one-sided relations."""

from __future__ import annotations

from collections.abc import Iterator

from speckit_graph.check.rules.registry import rule
from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.fixes import Safety
from speckit_graph.core.model import LinkKind, RefForm, Spec
from speckit_graph.graph.specgraph import SpecGraph


def _cycle_hits(graph: SpecGraph, kind: LinkKind, label: str) -> Iterator[Hit]:
    for cycle in graph.find_cycles(kind):
        first = graph.specs_by_id[cycle[0]]
        following = cycle[1] if len(cycle) > 1 else cycle[0]
        link = next((ln for ln in first.links if ln.kind is kind and ln.target == following), None)
        path_text = " -> ".join([*cycle, cycle[0]])
        yield Hit(
            f"{label}: {path_text}",
            path=first.path,
            line=link.location.line if link else first.line_of(kind.value),
            column=link.location.column if link else None,
            spec=cycle[0],
            related=tuple(cycle[1:]),
            key="->".join(sorted(cycle)),
            extra={"cycle": tuple([*cycle, cycle[0]])},
        )


def _tried_to_link(spec: Spec) -> bool:
    """A link written but not resolved (a path to nowhere) still shows intent; "N/A" does not."""
    return any(ref.form is not RefForm.NONE for ref in spec.references)


@rule("SG201", "dependency-cycle", Severity.ERROR, "Specs depend on each other in a loop.")
def dependency_cycle(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    yield from _cycle_hits(graph, LinkKind.DEPENDS_ON, "dependency cycle")


@rule("SG202", "parent-cycle", Severity.ERROR, "The parent hierarchy loops back on itself.")
def parent_cycle(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    yield from _cycle_hits(graph, LinkKind.PARENT, "parent cycle")


@rule("SG203", "orphan", Severity.WARNING, "A spec has no parent and no link in or out.")
def orphan(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    root_types = set(config.root_types)
    for spec in graph.specs():
        if spec.type in root_types or spec.links or spec.bad_links or _tried_to_link(spec):
            continue
        if graph.degree(spec.id) == 0:
            yield Hit(
                f"'{spec.id}' has no parent and nothing links to or from it",
                path=spec.path,
                line=spec.location.line,
                column=spec.location.column,
                spec=spec.id,
            )


@rule(
    "SG204",
    "unreciprocated-related",
    Severity.INFO,
    "A lists B as related but B does not list A.",
    enabled=False,
    fix=Safety.SAFE,
)
def unreciprocated_related(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    related = graph.neighbours(LinkKind.RELATED)
    for link in graph.links(LinkKind.RELATED):
        if link.source != link.target and not related.has_edge(link.target, link.source):
            yield Hit(
                f"'{link.source}' lists '{link.target}' as related, but '{link.target}' does not list it back",
                path=link.location.path,
                line=link.location.line,
                column=link.location.column,
                spec=link.source,
                related=(link.target,),
                key=link.target,
            )
