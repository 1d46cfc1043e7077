"""Making a big view drawable: transitive reduction, collapsing into groups, thinning edges.

The reduction is bounded by the dependency edges in view; the rest is linear in the nodes
and edges of the view.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from speckit_graph.core.model import Link, LinkKind
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.render.diagram.model import EdgeKind, ViewEdge, ViewNode, edge_key


def reduce_edges(edges: list[ViewEdge]) -> list[ViewEdge]:
    """Drop dependency edges implied by others, keeping who-reaches-whom exactly as it was.

    Edges inside a cycle all stay (each one is part of the problem the reader must see);
    of several links between the same two cycles (or a spec and a cycle) the first is kept.
    Works on the condensation with reachability bitsets in reverse topological order, and
    frees each bitset once its last predecessor is done, so memory follows the frontier.
    """
    dependency = [e for e in edges if e.kind is LinkKind.DEPENDS_ON and e.source != e.target]
    if not dependency:
        return edges
    import networkx as nx  # here, not at import: a report that draws nothing never loads it

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
    for e in sorted(edges, key=edge_key):
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


def choose_groups(graph: SpecGraph, nodes: Mapping[str, ViewNode], max_nodes: int, force: bool) -> Grouping:
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


def collapse_groups(
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
    counts: Counter[tuple[str, str, EdgeKind]] = Counter()
    cycles: set[tuple[str, str, EdgeKind]] = set()
    for edge in edges:
        source, target = groups[edge.source], groups[edge.target]
        if source == target:
            if edge.cycle:
                internal_cycles[source] += 1
            continue
        if not edge.directed and source > target:
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
