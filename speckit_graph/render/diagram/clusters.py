"""Boxes around nodes: nested along the parent hierarchy, or one per category."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from speckit_graph.core.model import LinkKind
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.render.diagram.model import MAX_CLUSTER_DEPTH, ViewCluster, ViewNode


def parent_clusters(graph: SpecGraph, nodes: Mapping[str, ViewNode]) -> tuple[ViewCluster, ...]:
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


def category_clusters(nodes: Mapping[str, ViewNode]) -> tuple[ViewCluster, ...]:
    by_category: dict[str, list[str]] = defaultdict(list)
    for key, node in nodes.items():
        if node.category and node.kind != "missing":
            by_category[node.category].append(key)
    return tuple(
        ViewCluster(key=f"category:{category}", label=category, nodes=tuple(sorted(members)))
        for category, members in sorted(by_category.items())
    )
