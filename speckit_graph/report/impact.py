"""Impact: what may have to change when one spec changes.

A spec is affected when it depends on an affected spec or is a child of one, starting from
the changed spec: so dependents, descendants, the children of dependents and the dependents
of descendants are all reached, each at its shortest distance. ``related`` links are
informational and never propagate impact. One breadth-first walk: linear in specs + links.
"""

from __future__ import annotations

from dataclasses import dataclass

from speckit_graph.core.model import LinkKind
from speckit_graph.graph.specgraph import SpecGraph


@dataclass(frozen=True)
class Affected:
    """One affected spec: ``distance`` links away, reached from ``through`` along ``via``.

    ``via`` is DEPENDS_ON when it depends on ``through``, PARENT when it is ``through``'s child.
    """

    id: str
    distance: int
    via: LinkKind
    through: str
    title: str = ""
    status: str | None = None


@dataclass(frozen=True)
class Impact:
    id: str
    title: str
    status: str | None
    affected: tuple[Affected, ...]  # sorted by distance, then id
    #: With ``[trace]``: the code and test files that mention the spec or an affected one (sorted).
    code: tuple[str, ...] | None = None
    tests: tuple[str, ...] | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.affected)

    @property
    def max_distance(self) -> int:
        return max((a.distance for a in self.affected), default=0)

    def count(self, via: LinkKind) -> int:
        return sum(1 for a in self.affected if a.via is via)


def impact(graph: SpecGraph, spec_id: str) -> Impact:
    """Every spec reached backwards along ``depends_on`` and ``parent`` from ``spec_id``.

    Deterministic: the frontier is walked in id order and, at equal distance, a dependency
    link is preferred over a parent link to explain how a spec is reached.
    """
    if spec_id not in graph:
        raise KeyError(spec_id)
    dependents = graph.neighbours(LinkKind.DEPENDS_ON).predecessors
    children = graph.neighbours(LinkKind.PARENT).predecessors
    seen = {spec_id}
    affected: list[Affected] = []
    frontier = [spec_id]
    distance = 0
    while frontier:
        distance += 1
        found: list[Affected] = []
        for via, neighbours in ((LinkKind.DEPENDS_ON, dependents), (LinkKind.PARENT, children)):
            for current in frontier:
                for neighbour in sorted(neighbours(current)):
                    if neighbour not in seen:
                        seen.add(neighbour)
                        spec = graph.specs_by_id[neighbour]
                        found.append(Affected(neighbour, distance, via, current, spec.title, spec.status))
        found.sort(key=lambda a: a.id)
        affected.extend(found)
        frontier = [a.id for a in found]
    changed = graph.specs_by_id[spec_id]
    return Impact(spec_id, changed.title, changed.status, tuple(affected))
