"""What a diagram shows: the focused, filtered, reduced and possibly collapsed slice of the graph.

``build_view`` turns a SpecGraph plus the problems the use cases found (cycle edges,
orphans) into a plain :class:`DiagramView`. Every renderer (DOT, Mermaid, GraphML, JSON)
draws a view and decides nothing about selection, so all formats agree on what is in the
picture. Everything here is linear in the specs and links it looks at; making big views
drawable (reduction, collapsing) lives in ``shrink``, the boxes in ``clusters``.
"""

from __future__ import annotations

from collections.abc import Iterable

from speckit_graph.config.model import Vocabulary
from speckit_graph.core.model import LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.render.diagram.clusters import category_clusters, parent_clusters
from speckit_graph.render.diagram.model import (
    EDGES_PER_NODE,
    MIN_EDGE_BUDGET,
    DiagramProblems,
    DiagramView,
    Direction,
    ViewCluster,
    ViewEdge,
    ViewNode,
    ViewOptions,
    edge_key,
)
from speckit_graph.render.diagram.shrink import choose_groups, collapse_groups, reduce_edges, thin_edges


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
        edges = reduce_edges(edges)
    dangling = [link for link in graph.unresolved if link.source in visible and link.kind in kinds]

    nodes = {spec_id: _spec_node(graph.specs_by_id[spec_id], problems, options) for spec_id in visible}
    notes: list[str] = []
    total = len(nodes)
    collapse = options.collapse == "always" or (
        options.collapse == "auto" and total + len({link.target for link in dangling}) > options.max_nodes
    )
    final_nodes: dict[str, ViewNode] = {}
    placement = {spec_id: spec_id for spec_id in nodes}
    if collapse and total > 1:
        grouping = choose_groups(graph, nodes, options.max_nodes, force=options.collapse == "always")
        collapsed_nodes, edges = collapse_groups(graph, nodes, edges, dangling, grouping)
        final_nodes = {node.key: node for node in collapsed_nodes}
        placement = {spec_id: grouping.group_of[spec_id] for spec_id in nodes}
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
            ViewEdge(link.source, link.target, link.kind, dangling=True, label=link.label)
            for link in {(link.source, link.target, link.kind): link for link in dangling}.values()
        )

    if not final_nodes:
        notes.append("no spec to draw (none found, or none matches the --root, filters and --kinds given)")
    clusters: tuple[ViewCluster, ...] = ()
    if options.cluster == "parent":
        clusters = parent_clusters(graph, final_nodes)
    elif options.cluster == "category":
        clusters = category_clusters(final_nodes)

    return DiagramView(
        nodes=tuple(final_nodes[key] for key in sorted(final_nodes)),
        edges=tuple(sorted(edges, key=edge_key)),
        clusters=clusters,
        lifecycle=tuple(vocabulary.lifecycle),
        retired=tuple(sorted(vocabulary.retired)),
        collapsed=collapsed,
        specs_in_view=total,
        notes=tuple(notes),
        placement=placement,
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
                label = graph.graph.edges[source, target, kind]["link"].label if kind is LinkKind.RELATED else None
                if label is not None:
                    source_, target_ = source, target  # a named kind (replaces) reads one way only
                elif kind is LinkKind.RELATED:
                    pair = (min(source, target), max(source, target))
                    if pair in related_seen:
                        continue
                    related_seen.add(pair)
                    source_, target_ = pair
                else:
                    source_, target_ = source, target
                cycle = source == target or (source, target, kind) in problems.cycle_edges
                edges.append(ViewEdge(source_, target_, kind, cycle=cycle, label=label))
    return edges
