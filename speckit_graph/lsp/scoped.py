"""Re-check only what one edit can change: the edited spec, its neighbours, and the cycles through them.

Every graph rule judges a spec from its own fields and the specs one link away (a dangling
link, a dependency's status, a parent's children, a related spec listing it back, its
degree); only cycles and duplicated ids concern more. So when an edit keeps the spec's
id, the findings that can change are those of the spec itself, of every spec one link away
before or after the edit, and of every spec on a cycle through any of them. The rules run
over a :class:`ScopedGraph`: it iterates only that scope, holds every link touching it
(and the neighbours' own links, so degrees and reciprocity are whole), looks up the specs
it holds, suggests from every id of the repository (did-you-mean) and takes its cycles from the
whole graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from speckit_graph.core.model import LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph, build_graph
from speckit_graph.graph.suggest import Suggester

if TYPE_CHECKING:
    from speckit_graph.lsp.workspace import Workspace

#: The link kinds whose cycles are findings (SG201, SG202).
CYCLE_KINDS = (LinkKind.DEPENDS_ON, LinkKind.PARENT)


@dataclass
class ScopedGraph(SpecGraph):
    """A SpecGraph whose rules see only ``scope`` but look everything up in the whole repository."""

    scope: tuple[str, ...] = ()
    all_cycles: Mapping[LinkKind, list[list[str]]] = field(default_factory=dict)
    every_id: Suggester | None = None

    def suggester(self) -> Suggester:
        return self.every_id if self.every_id is not None else super().suggester()

    def _sorted_ids(self) -> list[str]:
        return list(self.scope)

    def _names(self) -> list[str]:
        return list(self.nodes)

    def find_cycles(self, kind: LinkKind) -> list[list[str]]:
        inside = set(self.scope)
        return [cycle for cycle in self.all_cycles.get(kind, ()) if cycle[0] in inside]


def affected_scope(
    workspace: Workspace, before: Spec | None, after: Spec | None, old_cycles: Mapping[LinkKind, list[list[str]]]
) -> set[str]:
    """The ids whose findings an edit from ``before`` to ``after`` (same id) can change."""
    scope: set[str] = set()
    for spec in (before, after):
        if spec is None:
            continue
        scope.add(spec.id)
        scope.update(link.target for link in spec.links if link.target in workspace.by_id)
        scope.update(workspace.incoming.get(spec.id, {}))
    cycles: list[set[str]] = []
    for kind in CYCLE_KINDS:
        old, new = old_cycles.get(kind, []), workspace.cycles.get(kind, [])
        if old != new:  # an edge changed: every cycle that is not exactly as it was is re-judged
            kept = {tuple(c) for c in old} & {tuple(c) for c in new}
            for cycle in (*old, *new):
                if tuple(cycle) not in kept:
                    scope.update(cycle)
        cycles.extend(set(cycle) for cycle in new)
    grown = True
    while grown:  # a cycle touching the scope is judged whole: its finding names all of it
        grown = False
        for members in cycles:
            if not members <= scope and not scope.isdisjoint(members):
                scope.update(members)
                grown = True
    return {spec_id for spec_id in scope if spec_id in workspace.by_id}


def scoped_graph(workspace: Workspace, scope: set[str], relpath: str) -> ScopedGraph:
    """The graph the rules run over for ``scope`` (plus the loader problems of ``relpath``)."""
    members = set(scope)
    for spec_id in scope:
        for spec in workspace.groups.get(spec_id, ()):
            members.update(link.target for link in spec.links if link.target in workspace.by_id)
        members.update(workspace.incoming.get(spec_id, {}))
    sub = build_graph(spec for spec_id in members for spec in workspace.groups.get(spec_id, ()))
    paths = {spec.path for spec_id in scope for spec in workspace.groups.get(spec_id, ())} | {relpath}
    issues = [hit for hit in workspace.walk_issues if hit.path in paths]
    issues.extend(hit for path in sorted(paths) for hit in workspace.outcomes[path].issues)
    return ScopedGraph(
        specs_by_id={spec_id: workspace.by_id[spec_id] for spec_id in members},
        duplicates=workspace.duplicates,
        unresolved=tuple(link for link in sub.unresolved if link.source in scope),
        root=str(workspace.root),
        load_issues=tuple(issues),
        files_scanned=len(workspace.scanned),
        edges=sub.edges,
        nodes=sub.nodes,
        scope=tuple(sorted(scope)),
        all_cycles=workspace.cycles,
        every_id=workspace.suggester(),
    )
