"""The traceability graph: a typed facade over a networkx MultiDiGraph.

Nodes are spec ids; edges point child -> parent, spec -> dependency and spec -> related,
keyed by LinkKind. Links to unknown ids stay data (``unresolved``) rather than nodes, so
every algorithm sees only real specs. No rule logic and no output live here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from speckit_graph.findings import Hit
from speckit_graph.model import Link, LinkKind, Spec


@dataclass
class SpecGraph:
    """Specs by id plus the link graph; build it with :func:`build_graph`."""

    graph: nx.MultiDiGraph
    specs_by_id: dict[str, Spec]
    duplicates: dict[str, tuple[Spec, ...]] = field(default_factory=dict)
    unresolved: tuple[Link, ...] = ()
    root: str = "."
    load_issues: tuple[Hit, ...] = ()
    files_scanned: int = 0
    files_skipped: int = 0
    _kind_views: dict[LinkKind, nx.DiGraph] = field(default_factory=dict, repr=False)

    # -- lookups --------------------------------------------------------------------------

    def __contains__(self, spec_id: object) -> bool:
        return spec_id in self.specs_by_id

    def __len__(self) -> int:
        return len(self.specs_by_id)

    def get(self, spec_id: str) -> Spec | None:
        return self.specs_by_id.get(spec_id)

    def specs(self) -> Iterator[Spec]:
        """Every spec once, in id order (the first file wins for a duplicated id)."""
        for spec_id in sorted(self.specs_by_id):
            yield self.specs_by_id[spec_id]

    def all_specs(self) -> Iterator[Spec]:
        """Every spec file, the extra files of a duplicated id included (for per-file rules)."""
        for spec_id in sorted(self.specs_by_id):
            yield from self.duplicates.get(spec_id, (self.specs_by_id[spec_id],))

    def ids(self) -> list[str]:
        return sorted(self.specs_by_id)

    # -- edges ----------------------------------------------------------------------------

    def links(self, kind: LinkKind | None = None) -> Iterator[Link]:
        """Resolved links (both ends are specs), in a stable order."""
        for _source, _target, key, data in self.graph.edges(keys=True, data=True):
            if kind is None or key is kind:
                yield data["link"]

    def kind_graph(self, kind: LinkKind) -> nx.DiGraph:
        """A plain DiGraph of one link kind, self-loops excluded, built once and cached."""
        view = self._kind_views.get(kind)
        if view is None:
            view = nx.DiGraph()
            view.add_nodes_from(self.graph.nodes)
            view.add_edges_from(
                (source, target) for source, target, key in self.graph.edges(keys=True) if key is kind and source != target
            )
            self._kind_views[kind] = view
        return view

    def parent_of(self, spec_id: str) -> str | None:
        for target in self.kind_graph(LinkKind.PARENT).successors(spec_id):
            return str(target)
        return None

    def children_of(self, spec_id: str) -> list[str]:
        return sorted(self.kind_graph(LinkKind.PARENT).predecessors(spec_id))

    def dependencies_of(self, spec_id: str) -> list[str]:
        return sorted(self.kind_graph(LinkKind.DEPENDS_ON).successors(spec_id))

    def dependents_of(self, spec_id: str) -> list[str]:
        return sorted(self.kind_graph(LinkKind.DEPENDS_ON).predecessors(spec_id))

    def related_of(self, spec_id: str) -> list[str]:
        return sorted(self.kind_graph(LinkKind.RELATED).successors(spec_id))

    def descendants(self, spec_id: str, kind: LinkKind) -> set[str]:
        """Everything that reaches ``spec_id`` along ``kind`` (children's children, dependents...)."""
        return set(nx.ancestors(self.kind_graph(kind), spec_id))

    def upstream(self, spec_id: str, kind: LinkKind) -> set[str]:
        """Everything ``spec_id`` reaches along ``kind`` (its ancestors, its transitive needs)."""
        return set(nx.descendants(self.kind_graph(kind), spec_id))

    def degree(self, spec_id: str) -> int:
        """Resolved links in and out of a spec, self-links excluded, of any kind."""
        return sum(1 for s, t in self.graph.in_edges(spec_id) if s != t) + sum(
            1 for s, t in self.graph.out_edges(spec_id) if s != t
        )

    def unresolved_from(self, spec_id: str) -> list[Link]:
        return [link for link in self.unresolved if link.source == spec_id]

    # -- cycles ---------------------------------------------------------------------------

    def find_cycles(self, kind: LinkKind) -> list[list[str]]:
        """One concrete cycle per strongly connected component, rotated to its smallest id.

        Linear in nodes + edges: never enumerates all simple cycles, which explodes on
        dense components.
        """
        view = self.kind_graph(kind)
        cycles = []
        for component in nx.strongly_connected_components(view):
            if len(component) < 2:
                continue
            sub = view.subgraph(component)
            edges = nx.find_cycle(sub, source=min(component))
            cycle = [str(source) for source, _target in edges]
            pivot = cycle.index(min(cycle))
            cycles.append(cycle[pivot:] + cycle[:pivot])
        cycles.sort()
        return cycles

    def cycle_components(self, kind: LinkKind) -> list[list[str]]:
        """Every spec that sits on some cycle, grouped by component (for diagrams and order)."""
        view = self.kind_graph(kind)
        return sorted(sorted(c) for c in nx.strongly_connected_components(view) if len(c) > 1)


def build_graph(
    specs: Iterable[Spec],
    root: str = ".",
    load_issues: Iterable[Hit] = (),
    files_scanned: int = 0,
    files_skipped: int = 0,
) -> SpecGraph:
    """Index specs by id and add every link whose target exists; keep the rest as unresolved.

    Linear in specs + links. For a duplicated id the spec from the first path (sorted) is
    the node; the others are remembered for SG102.
    """
    by_id: dict[str, list[Spec]] = {}
    for spec in sorted(specs, key=lambda s: (s.id, s.path)):
        by_id.setdefault(spec.id, []).append(spec)
    specs_by_id = {spec_id: group[0] for spec_id, group in by_id.items()}
    duplicates = {spec_id: tuple(group) for spec_id, group in by_id.items() if len(group) > 1}

    graph = nx.MultiDiGraph()
    for spec_id in sorted(specs_by_id):
        graph.add_node(spec_id)
    unresolved: list[Link] = []
    for spec_id in sorted(by_id):
        for link in (link for spec in by_id[spec_id] for link in spec.links):
            if link.target in specs_by_id:
                if not graph.has_edge(link.source, link.target, key=link.kind):
                    graph.add_edge(link.source, link.target, key=link.kind, link=link)
            else:
                unresolved.append(link)
    return SpecGraph(
        graph=graph,
        specs_by_id=specs_by_id,
        duplicates=duplicates,
        unresolved=tuple(unresolved),
        root=root,
        load_issues=tuple(load_issues),
        files_scanned=files_scanned,
        files_skipped=files_skipped,
    )
