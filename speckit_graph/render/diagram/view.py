"""What a diagram shows: the focused, filtered, reduced and possibly collapsed slice of the graph.

``build_view`` turns a SpecGraph plus the problems the use cases found (cycle edges,
orphans) into a plain :class:`DiagramView`. Every renderer (DOT, Mermaid, GraphML, JSON)
draws a view and decides nothing about selection, so all formats agree on what is in the
picture. Everything here is linear in the specs and links it looks at, except the opt-in
transitive reduction, which is bounded by the dependency edges in view.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from speckit_graph.config.model import Vocabulary
from speckit_graph.core.model import Link, LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph

Direction = Literal["deps", "dependents", "both"]
ClusterMode = Literal["parent", "category", "none"]
CollapseMode = Literal["auto", "always", "never"]
NodeKind = Literal["spec", "missing", "group"]

ALL_KINDS: frozenset[LinkKind] = frozenset(LinkKind)
DEFAULT_MAX_NODES = 300
#: Deeper parent chains are flattened into the cluster at this depth: Graphviz (and pydot's
#: recursive writer) cope badly with thousands of nested clusters.
MAX_CLUSTER_DEPTH = 12
#: A collapsed picture shows at most this many edges per node (the heaviest ones).
EDGES_PER_NODE = 2
MIN_EDGE_BUDGET = 60
_KIND_RANK = {LinkKind.PARENT: 0, LinkKind.DEPENDS_ON: 1, LinkKind.RELATED: 2}


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


@dataclass(frozen=True)
class DiagramProblems:
    """Problems the checks found, as diagram facts: which edges lie on a cycle, which specs are orphans."""

    cycle_edges: frozenset[tuple[str, str, LinkKind]] = frozenset()
    orphans: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ViewNode:
    """One box in the picture: a spec, a missing link target, or a collapsed group of specs.

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
    kind: LinkKind
    cycle: bool = False
    dangling: bool = False
    count: int = 1


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
    _by_key: dict[str, ViewNode] = field(default_factory=dict, repr=False, compare=False)

    def node(self, key: str) -> ViewNode:
        if not self._by_key:
            self._by_key.update((n.key, n) for n in self.nodes)
        return self._by_key[key]


# ---------------------------------------------------------------------------------------
# Building a view


def build_view(
    graph: SpecGraph,
    options: ViewOptions,
    problems: DiagramProblems,
    vocabulary: Vocabulary,
) -> DiagramView:
    """Select, filter, reduce, collapse and cluster, in that order.

    Roots and ``only`` ids must exist in ``graph`` (the use cases check and suggest).
    """
    kinds = options.kinds
    if options.only is not None:
        selected = {spec_id for spec_id in options.only if spec_id in graph}
    elif options.roots:
        selected = focus(graph, options.roots, kinds, options.direction, options.depth)
    else:
        selected = set(graph.specs_by_id)
    keep = set(options.roots) | (set(options.only) if options.only is not None else set())
    visible = {spec_id for spec_id in selected if spec_id in keep or _passes_filters(graph.specs_by_id[spec_id], options)}

    edges = _edges_between(graph, visible, kinds, problems)
    if options.reduce and LinkKind.DEPENDS_ON in kinds:
        edges = _reduce(edges)
    dangling = [link for link in graph.unresolved if link.source in visible and link.kind in kinds]

    nodes = {spec_id: _spec_node(graph.specs_by_id[spec_id], problems, options) for spec_id in visible}
    notes: list[str] = []
    total = len(nodes)
    collapse = options.collapse == "always" or (
        options.collapse == "auto" and total + len({link.target for link in dangling}) > options.max_nodes
    )
    final_nodes: dict[str, ViewNode] = {}
    if collapse and total > 1:
        grouping = _choose_groups(graph, nodes, options.max_nodes, force=options.collapse == "always")
        collapsed_nodes, edges = _collapse(graph, nodes, edges, dangling, grouping)
        final_nodes = {node.key: node for node in collapsed_nodes}
        notes.append(
            f"collapsed {total:,} specs into {len(final_nodes):,} nodes ({grouping.strategy})"
            + (f" because the view has more than {options.max_nodes:,}" if options.collapse == "auto" else "")
            + "; focus with --root/--depth, or use --collapse never to draw every spec"
        )
        edges, thinned = thin_edges(edges, max(MIN_EDGE_BUDGET, EDGES_PER_NODE * len(final_nodes)))
        if thinned:
            notes.append(thinned)
    collapsed = bool(final_nodes)
    if not collapsed:
        final_nodes = dict(nodes)
        for link in dangling:
            final_nodes.setdefault(link.target, ViewNode(key=link.target, kind="missing", spec_id=link.target))
        edges.extend(
            ViewEdge(link.source, link.target, link.kind, dangling=True)
            for link in {(link.source, link.target, link.kind): link for link in dangling}.values()
        )

    if not final_nodes:
        notes.append("no spec to draw (none found, or none matches the --root, filters and --kinds given)")
    clusters: tuple[ViewCluster, ...] = ()
    if options.cluster == "parent":
        clusters = _parent_clusters(graph, final_nodes)
    elif options.cluster == "category":
        clusters = _category_clusters(final_nodes)

    return DiagramView(
        nodes=tuple(final_nodes[key] for key in sorted(final_nodes)),
        edges=tuple(sorted(edges, key=_edge_key)),
        clusters=clusters,
        lifecycle=tuple(vocabulary.lifecycle),
        retired=tuple(sorted(vocabulary.retired)),
        collapsed=collapsed,
        specs_in_view=total,
        notes=tuple(notes),
    )


def focus(
    graph: SpecGraph,
    roots: Iterable[str],
    kinds: frozenset[LinkKind],
    direction: Direction,
    depth: int | None,
) -> set[str]:
    """Specs within ``depth`` hops of a root: what it needs (deps), what needs it (dependents), or both.

    ``both`` is the union of the two walks, not a walk that turns around, so a root's
    dependents' other dependencies are not pulled in. Related links count in either
    direction, since they are symmetric in meaning. Breadth-first, linear in what it visits.
    """
    roots = [r for r in roots if r in graph]
    result: set[str] = set(roots)
    walks = ("deps", "dependents") if direction == "both" else (direction,)
    succ, pred = graph.graph.succ, graph.graph.pred
    for walk in walks:
        seen = set(roots)
        frontier = list(roots)
        level = 0
        while frontier and (depth is None or level < depth):
            following: list[str] = []
            for node in frontier:
                forward, backward = (succ, pred) if walk == "deps" else (pred, succ)
                for neighbour, keys in forward[node].items():
                    if neighbour not in seen and any(k in kinds for k in keys):
                        seen.add(neighbour)
                        following.append(neighbour)
                if LinkKind.RELATED in kinds:
                    for neighbour, keys in backward[node].items():
                        if neighbour not in seen and LinkKind.RELATED in keys:
                            seen.add(neighbour)
                            following.append(neighbour)
            frontier = following
            level += 1
        result |= seen
    return result


def spec_tags(spec: Spec) -> tuple[str, ...]:
    """The ``tags`` field as strings, whatever shape the author gave it."""
    value = spec.fields.get("tags")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(str(item).strip() for item in value if isinstance(item, (str, int, float)) and str(item).strip())


def _passes_filters(spec: Spec, options: ViewOptions) -> bool:
    if options.statuses and spec.status not in options.statuses:
        return False
    if options.types and spec.type not in options.types:
        return False
    if options.tags and not options.tags.intersection(spec_tags(spec)):
        return False
    return True


def _spec_node(spec: Spec, problems: DiagramProblems, options: ViewOptions) -> ViewNode:
    return ViewNode(
        key=spec.id,
        kind="spec",
        spec_id=spec.id,
        title=spec.title,
        status=spec.status,
        type=spec.type,
        category=spec.get_str("category"),
        priority=spec.get_str("priority"),
        owner=spec.get_str("owner") or spec.get_str("author"),
        tags=spec_tags(spec),
        path=spec.path,
        orphan=spec.id in problems.orphans,
        highlight=spec.id in options.highlight,
        root=spec.id in options.roots,
    )


def _edges_between(graph: SpecGraph, visible: set[str], kinds: frozenset[LinkKind], problems: DiagramProblems) -> list[ViewEdge]:
    """Resolved links with both ends in view; a related pair declared on both sides is drawn once."""
    edges: list[ViewEdge] = []
    related_seen: set[tuple[str, str]] = set()
    for source in visible:
        for target, keys in graph.graph.succ[source].items():
            if target not in visible:
                continue
            for kind in keys:
                if kind not in kinds:
                    continue
                if kind is LinkKind.RELATED:
                    pair = (min(source, target), max(source, target))
                    if pair in related_seen:
                        continue
                    related_seen.add(pair)
                    source_, target_ = pair
                else:
                    source_, target_ = source, target
                cycle = source == target or (source, target, kind) in problems.cycle_edges
                edges.append(ViewEdge(source_, target_, kind, cycle=cycle))
    return edges


def _edge_key(edge: ViewEdge) -> tuple[str, str, int]:
    return (edge.source, edge.target, _KIND_RANK[edge.kind])


# ---------------------------------------------------------------------------------------
# Transitive reduction


def _reduce(edges: list[ViewEdge]) -> list[ViewEdge]:
    """Drop dependency edges implied by others, keeping who-reaches-whom exactly as it was.

    Edges inside a cycle all stay (each one is part of the problem the reader must see);
    of several links between the same two cycles (or a spec and a cycle) the first is kept.
    Works on the condensation with reachability bitsets in reverse topological order, and
    frees each bitset once its last predecessor is done, so memory follows the frontier.
    """
    dependency = [e for e in edges if e.kind is LinkKind.DEPENDS_ON and e.source != e.target]
    if not dependency:
        return edges
    digraph = nx.DiGraph()
    digraph.add_edges_from((e.source, e.target) for e in dependency)
    condensed = nx.condensation(digraph)
    component = condensed.graph["mapping"]
    waiting = {c: condensed.in_degree(c) for c in condensed}
    reach: dict[int, int] = {}
    redundant: set[tuple[int, int]] = set()
    for c in reversed(list(nx.topological_sort(condensed))):
        successors = list(condensed.successors(c))
        through = 0
        for d in successors:
            through |= reach[d]
        redundant.update((c, d) for d in successors if through >> d & 1)
        mine = through
        for d in successors:
            mine |= 1 << d
            waiting[d] -= 1
            if waiting[d] == 0:
                del reach[d]
        if waiting[c]:
            reach[c] = mine
    kept: list[ViewEdge] = []
    taken: set[tuple[int, int]] = set()  # several links between the same two components: one is enough
    for e in sorted(edges, key=_edge_key):
        if e.kind is LinkKind.DEPENDS_ON and e.source != e.target:
            pair = (component[e.source], component[e.target])
            if pair[0] != pair[1]:
                if pair in redundant or pair in taken:
                    continue
                taken.add(pair)
        kept.append(e)
    return kept


# ---------------------------------------------------------------------------------------
# Collapsing big views


def top_parents(graph: SpecGraph, ids: Iterable[str]) -> dict[str, str]:
    """Each spec's topmost ancestor along ``parent`` (itself when it has none).

    Path-compressed walks, linear overall. On a parent cycle the walk stops and the cycle's
    smallest id is the top, so every member of the loop lands in one group.
    """
    tops: dict[str, str] = {}
    for start in ids:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        top: str | None = None
        while node is not None:
            if node in tops:
                top = tops[node]
                break
            if node in on_path:
                loop = path[path.index(node) :]
                top = min(loop)
                break
            path.append(node)
            on_path.add(node)
            parent = graph.parent_of(node)
            if parent is None:
                top = node
                break
            node = parent
        assert top is not None
        for visited in path:
            tops[visited] = top
    return tops


@dataclass(frozen=True)
class Grouping:
    """Which group each spec in view joins; ``type_groups`` are keys that name no spec."""

    group_of: dict[str, str]
    type_groups: dict[str, tuple[str, str | None]]  # key -> (title, type)
    strategy: str


def _choose_groups(graph: SpecGraph, nodes: Mapping[str, ViewNode], max_nodes: int, force: bool) -> Grouping:
    """Map each spec in view to a group key, coarser step by step until the picture fits.

    1. one node per top-level parent (an epic and everything under it);
    2. plus the specs outside any hierarchy gathered by type;
    3. everything by the type of its top-level parent, when even the hierarchies are too many.
    """
    tops = top_parents(graph, nodes)
    sizes = Counter(tops[key] for key in nodes)
    taken = set(graph.specs_by_id)
    type_groups: dict[str, tuple[str, str | None]] = {}

    def type_key(spec_type: str | None, title: str) -> str:
        key = f"type:{spec_type or 'untyped'}"
        while key in taken:
            key = "~" + key
        type_groups[key] = (title.format(spec_type or "untyped"), spec_type)
        return key

    by_top = {key: tops[key] if sizes[tops[key]] > 1 else key for key in nodes}
    count = len(set(by_top.values()))
    if count <= max_nodes and (count < len(nodes) or force):
        return Grouping(by_top, {}, "one node per top-level parent")
    loose = {key: group if group != key else type_key(nodes[key].type, "{} specs") for key, group in by_top.items()}
    if len(set(loose.values())) <= max_nodes:
        return Grouping(loose, dict(type_groups), "one node per top-level parent, specs without one grouped by type")
    type_groups.clear()
    by_type = {key: type_key(graph.specs_by_id[tops[key]].type, "specs under {} parents") for key in nodes}
    return Grouping(by_type, dict(type_groups), "grouped by the type of their top-level parent")


def _collapse(
    graph: SpecGraph,
    nodes: Mapping[str, ViewNode],
    edges: list[ViewEdge],
    dangling: list[Link],
    grouping: Grouping,
) -> tuple[list[ViewNode], list[ViewEdge]]:
    """Replace specs by their groups; edges between groups carry how many links they stand for."""
    groups = grouping.group_of
    members: dict[str, list[ViewNode]] = defaultdict(list)
    for key, node in nodes.items():
        members[groups[key]].append(node)
    missing = Counter(groups[link.source] for link in dangling)
    internal_cycles: Counter[str] = Counter()
    counts: Counter[tuple[str, str, LinkKind]] = Counter()
    cycles: set[tuple[str, str, LinkKind]] = set()
    for edge in edges:
        source, target = groups[edge.source], groups[edge.target]
        if source == target:
            if edge.cycle:
                internal_cycles[source] += 1
            continue
        if edge.kind is LinkKind.RELATED and source > target:
            source, target = target, source
        counts[(source, target, edge.kind)] += edge.count
        if edge.cycle:
            cycles.add((source, target, edge.kind))

    result: list[ViewNode] = []
    for key in sorted(members):
        group = members[key]
        if len(group) == 1 and group[0].key == key:
            result.append(group[0])
            continue
        top = None if key in grouping.type_groups else graph.specs_by_id[key]
        statuses = Counter(node.status or "(none)" for node in group)
        result.append(
            ViewNode(
                key=key,
                kind="group",
                spec_id=top.id if top is not None else "",
                title=top.title if top is not None else grouping.type_groups[key][0],
                status=top.status if top is not None else None,
                type=top.type if top is not None else grouping.type_groups[key][1],
                category=top.get_str("category") if top is not None else None,
                priority=top.get_str("priority") if top is not None else None,
                owner=(top.get_str("owner") or top.get_str("author")) if top is not None else None,
                path=top.path if top is not None else None,
                highlight=any(node.highlight for node in group),
                root=any(node.root for node in group),
                members=len(group),
                member_statuses=tuple(sorted(statuses.items())),
                missing_links=missing.get(key, 0),
                cycle_links=internal_cycles.get(key, 0),
                orphans=sum(1 for node in group if node.orphan),
            )
        )
    collapsed_edges = [
        ViewEdge(source, target, kind, cycle=(source, target, kind) in cycles, count=count)
        for (source, target, kind), count in counts.items()
    ]
    return result, collapsed_edges


def thin_edges(edges: list[ViewEdge], budget: int) -> tuple[list[ViewEdge], str]:
    """Keep a collapsed picture readable: at most ``budget`` edges, the heaviest ones.

    Related links go first (they never order work), then links between groups that stand
    for fewer than a threshold count of spec links. Edges on a cycle always stay. Returns
    the edges and a note ("" when nothing was hidden).
    """
    if len(edges) <= budget:
        return edges, ""
    hidden_related = sum(1 for e in edges if e.kind is LinkKind.RELATED and not e.cycle)
    kept = [e for e in edges if e.kind is not LinkKind.RELATED or e.cycle]
    threshold = 1
    if len(kept) > budget:
        weights = sorted((e.count for e in kept if not e.cycle), reverse=True)
        room = max(0, budget - sum(1 for e in kept if e.cycle))
        threshold = weights[room] + 1 if room < len(weights) else 1
        kept = [e for e in kept if e.cycle or e.count >= threshold]
    parts = []
    if hidden_related:
        parts.append(f"{hidden_related:,} related links between groups")
    hidden = len(edges) - hidden_related - len(kept)
    if hidden:
        parts.append(f"{hidden:,} links between groups that stand for fewer than {threshold:,} spec links each")
    return kept, "hid " + " and ".join(parts) + " (links on a cycle always show)"


# ---------------------------------------------------------------------------------------
# Clusters


def _parent_clusters(graph: SpecGraph, nodes: Mapping[str, ViewNode]) -> tuple[ViewCluster, ...]:
    """Nested boxes along the parent hierarchy: each parent in view boxes itself and its children.

    A parent loop cannot nest, so its members stay unboxed relative to each other; chains
    deeper than MAX_CLUSTER_DEPTH are flattened into the deepest allowed box.
    """
    specs = [key for key, node in nodes.items() if node.kind == "spec"]
    in_loop: set[str] = set()
    for component in graph.cycle_components(LinkKind.PARENT):
        in_loop.update(component)
    parent: dict[str, str] = {}
    for key in specs:
        p = graph.parent_of(key)
        if p is not None and p in nodes and nodes[p].kind == "spec" and not (key in in_loop and p in in_loop):
            parent[key] = p
    has_children = set(parent.values())
    depth: dict[str, int] = {}
    for key in specs:
        chain = []
        node = key
        while node not in depth and node in parent:
            chain.append(node)
            node = parent[node]
        base = depth.get(node, 0)
        depth.setdefault(node, base)
        for offset, item in enumerate(reversed(chain), start=1):
            depth[item] = base + offset
    owner: dict[str, str | None] = {}  # the parent whose box directly holds a node
    for key in sorted(specs, key=lambda k: depth[k]):
        if key in has_children and depth[key] < MAX_CLUSTER_DEPTH:
            owner[key] = key
            continue
        p = parent.get(key)
        if p is None:
            owner[key] = None
        elif depth[p] < MAX_CLUSTER_DEPTH:
            owner[key] = p
        else:
            owner[key] = owner[p]
    boxes = {key for key in specs if owner[key] == key}
    inside: dict[str | None, list[str]] = defaultdict(list)  # box -> member nodes
    sub: dict[str | None, list[str]] = defaultdict(list)  # box -> nested boxes
    for key in specs:
        if key in boxes:
            sub[parent.get(key)].append(key)
            inside[key].append(key)
        elif owner[key] is not None:
            inside[owner[key]].append(key)

    def build(box: str) -> ViewCluster:
        # explicit stack: nesting is bounded by MAX_CLUSTER_DEPTH, so recursion depth is too
        return ViewCluster(
            key=f"parent:{box}",
            label="",
            nodes=tuple(sorted(inside[box])),
            clusters=tuple(build(child) for child in sorted(sub[box])),
        )

    return tuple(build(box) for box in sorted(sub[None]))


def _category_clusters(nodes: Mapping[str, ViewNode]) -> tuple[ViewCluster, ...]:
    by_category: dict[str, list[str]] = defaultdict(list)
    for key, node in nodes.items():
        if node.category and node.kind != "missing":
            by_category[node.category].append(key)
    return tuple(
        ViewCluster(key=f"category:{category}", label=category, nodes=tuple(sorted(members)))
        for category, members in sorted(by_category.items())
    )
