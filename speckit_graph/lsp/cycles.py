"""Cycles kept up to date one node at a time, equal to :meth:`SpecGraph.find_cycles` on the whole graph.

When the edges leaving one spec ``x`` change, only the strongly connected components that
hold ``x`` before or after the edit can change: a component without ``x`` keeps every
cycle inside it (none of them uses an edge out of ``x``), and a new component without
``x`` was already strongly connected before, so it lies inside an old one. Hence the new
cyclic components are

- the old ones that neither hold ``x`` nor are swallowed by ``x``'s new component,
- ``x``'s new component: what ``x`` reaches and what reaches ``x`` (walks both ways in
  turn, see :meth:`KindCycles._component_of`),
- the components of what is left of ``x``'s old component (Tarjan on those few specs).

Each component's cycle is traced exactly as ``find_cycles`` traces it (from its smallest
id, edges in graph order), so the findings are those of a whole re-check; tests/lsp compare
the two after random edits. The cost is the walk from ``x`` plus the size of the components
involved, not the size of the repository.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from speckit_graph.core.model import LinkKind, Spec
from speckit_graph.graph.algorithms import cycle_through, cyclic_groups
from speckit_graph.graph.specgraph import SpecGraph, node_edges

#: The link kinds whose cycles are findings (SG201, SG202).
CYCLE_KINDS = (LinkKind.DEPENDS_ON, LinkKind.PARENT)


@dataclass
class KindCycles:
    """One link kind: successors and predecessors of every node, its cyclic components and their cycles."""

    succ: dict[str, list[str]] = field(default_factory=dict)  # graph order, self-links dropped
    pred: dict[str, set[str]] = field(default_factory=dict)
    home: dict[str, str] = field(default_factory=dict)  # member -> smallest id of its cyclic component
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # smallest id -> members, sorted
    traced: dict[str, list[str]] = field(default_factory=dict)  # smallest id -> its cycle

    def cycles(self) -> list[list[str]]:
        return sorted(self.traced.values())

    def set_targets(self, node: str, targets: list[str]) -> None:
        """Replace ``node``'s successors and re-find the components that can have changed."""
        old = self.succ.get(node, [])
        if old == targets:
            return
        for target in old:
            self.pred[target].discard(node)
        for target in targets:
            self.pred.setdefault(target, set()).add(node)
        self.succ[node] = targets
        touched: set[str] = set()
        old_home = self.home.get(node)
        if old_home is not None:
            touched.update(self.members[old_home])
        mine = self._component_of(node)
        for member in mine:  # components the new one swallows
            key = self.home.get(member)
            if key is not None:
                touched.update(self.members[key])
        for key in {self.home[member] for member in touched}:
            for member in self.members.pop(key):
                del self.home[member]
            del self.traced[key]
        if len(mine) > 1:
            self._add(sorted(mine))
        rest = sorted(touched - mine)
        inside = set(rest)
        for group in cyclic_groups(rest, [(s, t) for s in rest for t in self.succ.get(s, ()) if t in inside]):
            self._add(group)

    def _component_of(self, node: str) -> set[str]:
        """Everything ``node`` reaches that also reaches ``node`` (itself included).

        The walk forward (what it needs) and the walk backward (what needs it) advance in
        turn until one of them is complete; the component lies inside that one, and a walk
        the other way kept inside it finds the component. So the cost is about twice the
        smaller of the two closures, not the larger: a spec deep in a dependency chain
        reaches thousands, one near its top is reached by thousands.
        """
        ahead, behind = {node}, {node}
        walks: list[tuple[Mapping[str, Iterable[str]], set[str], list[str]]] = [
            (self.succ, ahead, [node]),
            (self.pred, behind, [node]),
        ]
        while True:
            for step, seen, pending in walks:
                if not pending:
                    inside, back = (ahead, self.pred) if seen is ahead else (behind, self.succ)
                    return _reach(node, back, inside)
                for target in step.get(pending.pop(), ()):
                    if target not in seen:
                        seen.add(target)
                        pending.append(target)

    def _add(self, group: Sequence[str]) -> None:
        members = tuple(sorted(group))
        inside = set(members)
        edges = [(m, t) for m in members for t in self.succ.get(m, ()) if t in inside]
        key = members[0]
        self.members[key] = members
        self.traced[key] = cycle_through(members, edges)
        for member in members:
            self.home[member] = key


def _reach(node: str, step: Mapping[str, Iterable[str]], inside: set[str]) -> set[str]:
    """What ``node`` reaches along ``step`` without leaving ``inside``."""
    seen = {node}
    pending = [node]
    while pending:
        for target in step.get(pending.pop(), ()):
            if target in inside and target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


@dataclass
class CycleIndex:
    """:class:`KindCycles` for each kind that has cycle findings."""

    kinds: dict[LinkKind, KindCycles] = field(default_factory=dict)

    @classmethod
    def of(cls, graph: SpecGraph) -> CycleIndex:
        index = cls({kind: KindCycles() for kind in CYCLE_KINDS})
        for link in graph.edges:
            kinds = index.kinds.get(link.kind)
            if kinds is not None and link.source != link.target:
                kinds.succ.setdefault(link.source, []).append(link.target)
                kinds.pred.setdefault(link.target, set()).add(link.source)
        for kinds in index.kinds.values():
            names = list(graph.nodes or graph.ids())
            edges = [(s, t) for s in names for t in kinds.succ.get(s, ())]
            for group in cyclic_groups(names, edges):
                kinds._add(group)
        return index

    def cycles(self) -> dict[LinkKind, list[list[str]]]:
        return {kind: kinds.cycles() for kind, kinds in self.kinds.items()}

    def replace(self, spec_id: str, group: Sequence[Spec], known: Container[str]) -> bool:
        """The node ``spec_id`` now holds the links of ``group`` (its specs, by path).

        False, changing nothing, when some link does not start at ``spec_id`` (only hand-made
        specs do that): the caller re-checks the whole repository then.
        """
        edges = node_edges(spec_id, group, known)
        if edges is None:
            return False
        for kind, kinds in self.kinds.items():
            kinds.set_targets(spec_id, [link.target for link in edges if link.kind is kind and link.target != spec_id])
        return True
