"""The diagram model: what a renderer draws (:class:`DiagramView`) and what the user asked for.

Plain frozen data, built by :mod:`speckit_graph.render.diagram.view`; every renderer (DOT,
Mermaid, GraphML, JSON) reads it and decides nothing about selection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from speckit_graph.core.model import LinkKind
from speckit_graph.core.trace import TraceLinkKind
from speckit_graph.render.diagram.defaults import DEFAULT_MAX_NODES
from speckit_graph.render.diagram.defaults import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT  # for draw and the use case

Direction = Literal["deps", "dependents", "both"]
ClusterMode = Literal["parent", "category", "none"]
CollapseMode = Literal["auto", "always", "never"]
NodeKind = Literal["spec", "missing", "group", "file"]

ALL_KINDS: frozenset[LinkKind] = frozenset(LinkKind)
#: Deeper parent chains are flattened into the cluster at this depth: Graphviz (and pydot's
#: recursive writer) cope badly with thousands of nested clusters.
MAX_CLUSTER_DEPTH = 12
#: A collapsed picture shows at most this many edges per node (the heaviest ones).
EDGES_PER_NODE = 2
MIN_EDGE_BUDGET = 60
#: What an edge stands for: a link between specs, or a file implementing or verifying a spec.
EdgeKind = LinkKind | TraceLinkKind
_KIND_RANK: dict[EdgeKind, int] = {
    LinkKind.PARENT: 0,
    LinkKind.DEPENDS_ON: 1,
    LinkKind.RELATED: 2,
    TraceLinkKind.IMPLEMENTS: 3,
    TraceLinkKind.VERIFIES: 4,
}


@dataclass(frozen=True)
class ViewOptions:
    """What to draw. Empty filters mean "everything"; ``only`` draws exactly those ids."""

    roots: tuple[str, ...] = ()
    depth: int | None = None
    direction: Direction = "both"
    kinds: frozenset[LinkKind] = ALL_KINDS
    statuses: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    cluster: ClusterMode = "none"
    reduce: bool = False
    collapse: CollapseMode = "auto"
    max_nodes: int = DEFAULT_MAX_NODES
    highlight: frozenset[str] = frozenset()
    only: frozenset[str] | None = None
    #: ``--with-code``: add the code and test files that mention the drawn specs ([trace]).
    with_code: bool = False
    #: Above this many files, ``--with-code`` draws one node per folder.
    code_threshold: int = 50


@dataclass(frozen=True)
class DiagramProblems:
    """Problems the checks found, as diagram facts: which edges lie on a cycle, which specs are orphans."""

    cycle_edges: frozenset[tuple[str, str, LinkKind]] = frozenset()
    orphans: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ViewNode:
    """One box in the picture: a spec, a missing link target, a collapsed group of specs, or a file.

    A ``file`` node (``graph --with-code``) is a code or test file (``type`` the role, ``title``
    the path) or, collapsed, a folder of them (``members`` files).

    ``key`` is unique within the view (the spec id for specs and groups named after their
    top spec, the written target for missing nodes); renderers derive their own ids from it.
    """

    key: str
    kind: NodeKind
    spec_id: str
    title: str = ""
    status: str | None = None
    type: str | None = None
    category: str | None = None
    priority: str | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    path: str | None = None
    orphan: bool = False
    highlight: bool = False
    root: bool = False
    members: int = 1
    member_statuses: tuple[tuple[str, int], ...] = ()
    missing_links: int = 0
    cycle_links: int = 0
    orphans: int = 0

    @property
    def has_problem(self) -> bool:
        return self.kind == "missing" or self.missing_links > 0 or self.cycle_links > 0


@dataclass(frozen=True, slots=True)
class ViewEdge:
    """A link as the data has it (child -> parent, spec -> dependency); ``count`` > 1 when collapsed."""

    source: str
    target: str
    kind: EdgeKind
    cycle: bool = False
    dangling: bool = False
    count: int = 1
    #: The named kind (``replaces``) of a link declared ``like = "related"``: such a link keeps
    #: the direction it was written in; a plain related link (label None) has none.
    label: str | None = None

    @property
    def directed(self) -> bool:
        return self.kind is not LinkKind.RELATED or self.label is not None


@dataclass(frozen=True, slots=True)
class ViewCluster:
    """A box around nodes: one parent and its descendants, or one category."""

    key: str
    label: str
    nodes: tuple[str, ...]
    clusters: tuple[ViewCluster, ...] = ()


@dataclass(frozen=True)
class DiagramView:
    """Everything a renderer needs, and nothing it has to compute."""

    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    clusters: tuple[ViewCluster, ...] = ()
    lifecycle: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    collapsed: bool = False
    specs_in_view: int = 0
    notes: tuple[str, ...] = ()
    #: Where each spec in view is drawn: its own node's key, or the key of the group it joined.
    placement: Mapping[str, str] = field(default_factory=dict, compare=False)
    _by_key: dict[str, ViewNode] = field(default_factory=dict, repr=False, compare=False)

    def node(self, key: str) -> ViewNode:
        if not self._by_key:
            self._by_key.update((n.key, n) for n in self.nodes)
        return self._by_key[key]


def edge_key(edge: ViewEdge) -> tuple[str, str, int]:
    """Edges in a stable order: source, target, then parent < depends_on < related."""
    return (edge.source, edge.target, _KIND_RANK[edge.kind])
