"""The traceability graph: a typed facade over a networkx MultiDiGraph, built lazily.

Nodes are spec ids; edges point child -> parent, spec -> dependency and spec -> related,
keyed by LinkKind. Links to unknown ids stay data (``unresolved``) rather than nodes, so
every algorithm sees only real specs. No rule logic and no output live here; the cycle
and closure methods delegate to :mod:`speckit_graph.graph.algorithms`.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from speckit_graph.core.findings import Hit
from speckit_graph.core.model import History, Link, LinkKind, Spec
from speckit_graph.core.trace import TraceIndex
from speckit_graph.graph import algorithms

if TYPE_CHECKING:
    import networkx as nx

    from speckit_graph.graph.suggest import Suggester


def _networkx() -> Any:
    """networkx, imported on first use: 0.15 s of start-up a cached ``check`` does not need."""
    import networkx

    return networkx


@dataclass
class SpecGraph:
    """Specs by id plus the link graph; build it with :func:`build_graph`.

    ``edges`` holds every resolved link once, in the order networkx iterates the graph's
    edges; the networkx graph itself (``graph``) is only built when asked for: checks
    work from ``edges`` and the per-kind views, which saves seconds and hundreds of
    megabytes on 100,000 specs.
    """

    specs_by_id: dict[str, Spec]
    duplicates: dict[str, tuple[Spec, ...]] = field(default_factory=dict)
    unresolved: tuple[Link, ...] = ()
    root: str = "."
    load_issues: tuple[Hit, ...] = ()
    #: The per-spec rules' hits, computed with each file's parse (each carries its rule's code),
    #: or None when the loader did not run them (the analysis then runs those rules itself).
    spec_hits: tuple[Hit, ...] | None = None
    files_scanned: int = 0
    files_skipped: int = 0
    edges: tuple[Link, ...] = ()
    nodes: tuple[str, ...] = ()
    #: When each spec last changed, from git; None unless the caller gathered it (``check --history``).
    history: History | None = None
    #: Where code and tests mention specs; None unless ``[trace]`` is configured and the caller scanned.
    trace: TraceIndex | None = None
    _multigraph: nx.MultiDiGraph | None = field(default=None, repr=False)
    _kind_views: dict[LinkKind, nx.DiGraph] = field(default_factory=dict, repr=False)
    _adjacency: dict[LinkKind, KindAdjacency] = field(default_factory=dict, repr=False)
    _by_kind: dict[LinkKind, list[Link]] | None = field(default=None, repr=False)
    _ids: list[str] | None = field(default=None, repr=False)
    _degrees: dict[str, int] | None = field(default=None, repr=False)
    _unresolved_by_source: dict[str, list[Link]] | None = field(default=None, repr=False)
    _suggester: Suggester | None = field(default=None, repr=False)

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The whole graph as a networkx MultiDiGraph (edge key: LinkKind, attribute ``link``)."""
        if self._multigraph is None:
            multigraph = _networkx().MultiDiGraph()
            multigraph.add_nodes_from(self.nodes or self._sorted_ids())
            multigraph.add_edges_from((link.source, link.target, link.kind, {"link": link}) for link in self.edges)
            self._multigraph = multigraph
        return self._multigraph

    # -- lookups --------------------------------------------------------------------------

    def __contains__(self, spec_id: object) -> bool:
        return spec_id in self.specs_by_id

    def __len__(self) -> int:
        return len(self.specs_by_id)

    def get(self, spec_id: str) -> Spec | None:
        return self.specs_by_id.get(spec_id)

    def specs(self) -> Iterator[Spec]:
        """Every spec once, in id order (the first file wins for a duplicated id)."""
        by_id = self.specs_by_id
        for spec_id in self._sorted_ids():
            yield by_id[spec_id]

    def all_specs(self) -> Iterator[Spec]:
        """Every spec file, the extra files of a duplicated id included (for per-file rules)."""
        by_id, duplicates = self.specs_by_id, self.duplicates
        for spec_id in self._sorted_ids():
            if spec_id in duplicates:
                yield from duplicates[spec_id]
            else:
                yield by_id[spec_id]

    def ids(self) -> list[str]:
        return list(self._sorted_ids())

    def _sorted_ids(self) -> list[str]:
        """Ids in order, sorted once: every rule walks the specs, 100,000 of them."""
        if self._ids is None or len(self._ids) != len(self.specs_by_id):
            self._ids = sorted(self.specs_by_id)
        return self._ids

    # -- edges ----------------------------------------------------------------------------

    def links(self, kind: LinkKind | None = None) -> Iterator[Link]:
        """Resolved links (both ends are specs), in a stable order."""
        if kind is None:
            yield from self.edges
        else:
            yield from self._links_of_kind()[kind]

    def _links_of_kind(self) -> dict[LinkKind, list[Link]]:
        """Resolved links split by kind in one pass (rules ask per kind, often)."""
        if self._by_kind is None:
            by_kind: dict[LinkKind, list[Link]] = {kind: [] for kind in LinkKind}
            for link in self.edges:
                by_kind[link.kind].append(link)
            self._by_kind = by_kind
        return self._by_kind

    def neighbours(self, kind: LinkKind) -> KindAdjacency:
        """Successors and predecessors along one link kind, self-loops excluded, built once and cached.

        What reports, trees and rules walk: the same neighbours in the same order as
        :meth:`kind_graph`, without importing networkx or building its graph.
        """
        adjacency = self._adjacency.get(kind)
        if adjacency is None:
            adjacency = KindAdjacency(self.nodes or self._sorted_ids(), self._kind_edges(kind))
            self._adjacency[kind] = adjacency
        return adjacency

    def kind_graph(self, kind: LinkKind) -> nx.DiGraph:
        """A plain DiGraph of one link kind, self-loops excluded, built once and cached (for diagrams)."""
        view = self._kind_views.get(kind)
        if view is None:
            view = _networkx().DiGraph()
            view.add_nodes_from(self.nodes or self._sorted_ids())
            view.add_edges_from((link.source, link.target) for link in self.links(kind) if link.source != link.target)
            self._kind_views[kind] = view
        return view

    def parent_of(self, spec_id: str) -> str | None:
        for target in self.neighbours(LinkKind.PARENT).successors(spec_id):
            return str(target)
        return None

    def children_of(self, spec_id: str) -> list[str]:
        return sorted(self.neighbours(LinkKind.PARENT).predecessors(spec_id))

    def dependencies_of(self, spec_id: str) -> list[str]:
        return sorted(self.neighbours(LinkKind.DEPENDS_ON).successors(spec_id))

    def dependents_of(self, spec_id: str) -> list[str]:
        return sorted(self.neighbours(LinkKind.DEPENDS_ON).predecessors(spec_id))

    def related_of(self, spec_id: str) -> list[str]:
        return sorted(self.neighbours(LinkKind.RELATED).successors(spec_id))

    def descendants(self, spec_id: str, kind: LinkKind) -> set[str]:
        """Everything that reaches ``spec_id`` along ``kind`` (children's children, dependents...)."""
        return algorithms.closure(self.neighbours(kind).predecessors, (spec_id,))

    def upstream(self, spec_id: str, kind: LinkKind) -> set[str]:
        """Everything ``spec_id`` reaches along ``kind`` (its ancestors, its transitive needs)."""
        return algorithms.closure(self.kind_graph(kind).successors, (spec_id,))

    def degree(self, spec_id: str) -> int:
        """Resolved links in and out of a spec, self-links excluded, of any kind."""
        if self._degrees is None:
            degrees: dict[str, int] = {}
            for link in self.edges:
                if link.source != link.target:
                    degrees[link.source] = degrees.get(link.source, 0) + 1
                    degrees[link.target] = degrees.get(link.target, 0) + 1
            self._degrees = degrees
        return self._degrees.get(spec_id, 0)

    def suggester(self) -> Suggester:
        """Did-you-mean over every spec id, indexed once per graph."""
        if self._suggester is None:
            from speckit_graph.graph.suggest import Suggester  # did-you-mean: only for an unknown id

            self._suggester = Suggester(self.specs_by_id)
        return self._suggester

    def unresolved_from(self, spec_id: str) -> list[Link]:
        if self._unresolved_by_source is None:
            by_source: dict[str, list[Link]] = {}
            for link in self.unresolved:
                by_source.setdefault(link.source, []).append(link)
            self._unresolved_by_source = by_source
        return list(self._unresolved_by_source.get(spec_id, ()))

    # -- cycles ---------------------------------------------------------------------------

    def find_cycles(self, kind: LinkKind) -> list[list[str]]:
        """One concrete cycle per strongly connected component along ``kind``, rotated to its smallest id."""
        return algorithms.find_cycles(self._names(), self._kind_edges(kind))

    def cycle_components(self, kind: LinkKind) -> list[list[str]]:
        """Every spec that sits on some cycle, grouped by component (for diagrams and order)."""
        return sorted(sorted(c) for c in algorithms.cyclic_groups(self._names(), self._kind_edges(kind)))

    def _names(self) -> list[str]:
        """The nodes in graph order (ids sorted, then any hand-made link sources)."""
        return list(self.nodes or self._sorted_ids())

    def _kind_edges(self, kind: LinkKind) -> list[tuple[str, str]]:
        """``(source, target)`` of every resolved link of ``kind`` in graph order, self-links excluded."""
        return [(link.source, link.target) for link in self.links(kind) if link.source != link.target]


class KindAdjacency:
    """The successors and predecessors of every node along one link kind.

    Each node's neighbours come in the order a networkx ``DiGraph`` built from the same edges
    holds them (first edge first, a repeated edge where it first appeared), so anything that
    walks them gives the same answer as it did on the networkx graph (a test compares the two).
    """

    __slots__ = ("_pred", "_succ")

    def __init__(self, nodes: Iterable[str], edges: Iterable[tuple[str, str]]):
        succ: dict[str, dict[str, None]] = {node: {} for node in nodes}
        pred: dict[str, dict[str, None]] = {node: {} for node in succ}
        for source, target in edges:
            for node in (source, target):
                if node not in succ:  # a hand-made link's end that is no spec: a node all the same
                    succ[node], pred[node] = {}, {}
            succ[source][target] = None
            pred[target][source] = None
        self._succ, self._pred = succ, pred

    def successors(self, node: str) -> Iterator[str]:
        """What ``node`` links to; KeyError for a node the graph does not have."""
        return iter(self._succ[node])

    def predecessors(self, node: str) -> Iterator[str]:
        """What links to ``node``; KeyError for a node the graph does not have."""
        return iter(self._pred[node])

    def has_edge(self, source: str, target: str) -> bool:
        return target in self._succ.get(source, ())


def build_graph(
    specs: Iterable[Spec],
    root: str = ".",
    load_issues: Iterable[Hit] = (),
    files_scanned: int = 0,
    files_skipped: int = 0,
    spec_hits: Iterable[Hit] | None = None,
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

    ids = sorted(specs_by_id)
    unresolved: list[Link] = []
    resolved = _resolved_links(ids, by_id, specs_by_id, unresolved)
    if resolved is None:  # a link whose source is not its spec's id: only hand-made specs do that
        unresolved.clear()
        resolved = _resolved_links_general(ids, by_id, specs_by_id, unresolved)
    nodes, edges = resolved
    return SpecGraph(
        specs_by_id=specs_by_id,
        duplicates=duplicates,
        unresolved=tuple(unresolved),
        root=root,
        load_issues=tuple(load_issues),
        spec_hits=None if spec_hits is None else tuple(spec_hits),
        files_scanned=files_scanned,
        files_skipped=files_skipped,
        edges=tuple(edges),
        nodes=nodes,
    )


def _resolved_links(
    ids: list[str], by_id: dict[str, list[Spec]], specs_by_id: dict[str, Spec], unresolved: list[Link]
) -> tuple[tuple[str, ...], list[Link]] | None:
    """Resolved links, each (source, target, kind) once, in networkx's edge order; None when
    some link's source is not the id of the spec that holds it.

    networkx iterates edges by source node, then by target in first-seen order, then by
    kind. Every link here starts at its own spec, so walking the specs in id order gives
    the source order, and a spec's links only need regrouping when a target repeats.
    """
    edges: list[Link] = []
    for spec_id in ids:
        kept = node_edges(spec_id, by_id[spec_id], specs_by_id, unresolved)
        if kept is None:
            return None
        edges.extend(kept)
    return tuple(ids), edges


def node_edges(
    spec_id: str, group: Sequence[Spec], known: Container[str], unresolved: list[Link] | None = None
) -> list[Link] | None:
    """The resolved links of the node ``spec_id`` (its specs ``group``, by path) in graph order.

    Each (target, kind) once, regrouped by target when a target repeats, as networkx would
    hold them; links to ids not in ``known`` go to ``unresolved``. None when some link's
    source is not ``spec_id``. The language server re-computes one node's edges with it.
    """
    links = group[0].links if len(group) == 1 else tuple(link for spec in group for link in spec.links)
    kept: list[Link] = []
    seen: set[tuple[str, LinkKind]] = set()
    for link in links:
        if link.source != spec_id:
            return None
        if link.target not in known:
            if unresolved is not None:
                unresolved.append(link)
        elif (link.target, link.kind) not in seen:
            seen.add((link.target, link.kind))
            kept.append(link)
    if len(kept) > 1 and len({link.target for link in kept}) < len(kept):
        by_target: dict[str, list[Link]] = {}
        for link in kept:
            by_target.setdefault(link.target, []).append(link)
        kept = [link for same in by_target.values() for link in same]
    return kept


def _resolved_links_general(
    ids: list[str], by_id: dict[str, list[Spec]], specs_by_id: dict[str, Spec], unresolved: list[Link]
) -> tuple[tuple[str, ...], list[Link]]:
    """The same for any links: grouped by source node as networkx would add them."""
    outgoing: dict[str, dict[str, list[Link]]] = {}
    added: set[tuple[str, str, LinkKind]] = set()
    for spec_id in ids:
        for link in (link for spec in by_id[spec_id] for link in spec.links):
            if link.target in specs_by_id:
                edge = (link.source, link.target, link.kind)
                if edge not in added:
                    added.add(edge)
                    outgoing.setdefault(link.source, {}).setdefault(link.target, []).append(link)
            else:
                unresolved.append(link)
    extra = [source for source in outgoing if source not in specs_by_id]  # only from hand-made specs
    nodes = (*ids, *extra)
    return nodes, [link for node in nodes for group in outgoing.get(node, {}).values() for link in group]
