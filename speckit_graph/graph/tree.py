"""The neighbourhood of one spec as trees: ancestors, children, dependencies, dependents, related.

Layer: beside ``changes``, between ``analysis`` and ``export`` (renderers draw the
:class:`SpecTree`). Each section is one depth-first walk that expands every spec once: a
spec met again is marked ``repeat`` (shown above), a spec already on the way from the root
is marked ``cycle`` and never followed, so the output stays linear in the specs and links
reached even in dense graphs with diamonds and loops. The walk is iterative: no recursion
limit on long chains.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from speckit_graph.core.model import LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph

#: The same words as ``graph --direction``: what a spec needs, what needs it, or both.
Direction = Literal["deps", "dependents", "both"]
DIRECTIONS: tuple[str, ...] = ("deps", "dependents", "both")
#: The words ``tree --direction`` took before: each is a direction and the link kinds it showed.
LEGACY_DIRECTIONS: dict[str, tuple[Direction, frozenset[LinkKind]]] = {
    "all": ("both", frozenset(LinkKind)),
    "up": ("deps", frozenset({LinkKind.PARENT})),
    "down": ("dependents", frozenset({LinkKind.PARENT})),
    "related": ("both", frozenset({LinkKind.RELATED})),
}
Mark = Literal["", "cycle", "repeat", "missing"]

#: Each section: the direction it follows (None: related links have none) and its link kind.
SECTIONS: dict[str, tuple[str | None, LinkKind]] = {
    "up": ("deps", LinkKind.PARENT),
    "down": ("dependents", LinkKind.PARENT),
    "deps": ("deps", LinkKind.DEPENDS_ON),
    "dependents": ("dependents", LinkKind.DEPENDS_ON),
    "related": (None, LinkKind.RELATED),
}
#: Section titles, in the order ``both`` shows them.
SECTION_TITLES: dict[str, str] = {
    "up": "parent",
    "down": "children",
    "deps": "depends on",
    "dependents": "depended on by",
    "related": "related",
}


@dataclass
class TreeNode:
    """One line of a tree: a spec (None when the id names no spec), how it is marked, what hangs below.

    ``hidden`` counts the neighbours not expanded because ``--depth`` was reached.
    """

    id: str
    spec: Spec | None
    mark: Mark = ""
    children: list[TreeNode] = field(default_factory=list)
    hidden: int = 0


@dataclass(frozen=True)
class TreeSection:
    direction: str
    title: str
    nodes: tuple[TreeNode, ...]


@dataclass(frozen=True)
class SpecTree:
    root: Spec
    sections: tuple[TreeSection, ...]
    depth: int | None


def build_tree(
    graph: SpecGraph,
    spec_id: str,
    direction: Direction = "both",
    depth: int | None = None,
    kinds: Collection[LinkKind] = tuple(LinkKind),
) -> SpecTree:
    """The tree of ``spec_id`` (which must be in ``graph``): one section per link kind and direction followed.

    ``deps`` follows what the spec needs (its parent chain, its dependencies), ``dependents``
    what needs it (children, dependents), ``both`` all of them; related specs belong to either
    direction. ``depth`` limits how many levels below the root are shown (None: all); the
    related section is always one level, since related specs do not form a hierarchy.
    """
    root = graph.specs_by_id[spec_id]
    wanted = [name for name, (way, kind) in SECTIONS.items() if kind in kinds and (way is None or direction in ("both", way))]
    missing = _missing_targets(graph)
    parents = graph.neighbours(LinkKind.PARENT)
    neighbours: dict[str, Callable[[str], list[str]]] = {
        # every parent, not just the first: `multiple = true` parent kinds make a hierarchy a DAG
        "up": lambda s: _with_missing(sorted(parents.successors(s)), missing, s, LinkKind.PARENT),
        "down": graph.children_of,
        "deps": lambda s: _with_missing(graph.dependencies_of(s), missing, s, LinkKind.DEPENDS_ON),
        "dependents": graph.dependents_of,
        "related": lambda s: sorted(set(graph.related_of(s)) | set(graph.neighbours(LinkKind.RELATED).predecessors(s))),
    }
    sections = []
    for name in wanted:
        if name == "related":  # one level, and nothing "hidden": related specs form no hierarchy
            nodes = _walk(graph, spec_id, neighbours[name], 1, count_hidden=False)
        else:
            nodes = _walk(graph, spec_id, neighbours[name], depth)
        sections.append(TreeSection(name, SECTION_TITLES[name], tuple(nodes)))
    return SpecTree(root, tuple(sections), depth)


def _missing_targets(graph: SpecGraph) -> dict[tuple[str, LinkKind], list[str]]:
    """Dangling parent and dependency targets by source, indexed once (not scanned per spec)."""
    index: dict[tuple[str, LinkKind], list[str]] = {}
    for link in graph.unresolved:
        if link.kind in (LinkKind.PARENT, LinkKind.DEPENDS_ON):
            index.setdefault((link.source, link.kind), []).append(link.target)
    return index


def _with_missing(
    found: Sequence[str], missing: dict[tuple[str, LinkKind], list[str]], spec_id: str, kind: LinkKind
) -> list[str]:
    extra = missing.get((spec_id, kind), [])
    return sorted({*found, *extra}) if extra else list(found)


@dataclass(frozen=True)
class _Leave:
    """Stack marker: the walk is done below ``spec_id``, which leaves the current path."""

    spec_id: str


def _walk(
    graph: SpecGraph,
    root_id: str,
    neighbours: Callable[[str], list[str]],
    depth: int | None,
    count_hidden: bool = True,
) -> list[TreeNode]:
    """Depth-first, sorted, every spec expanded once; ``cycle`` when the walk comes back on its own path."""
    top: list[TreeNode] = []
    seen = {root_id}
    on_path = {root_id}
    stack: list[tuple[str, int, list[TreeNode]] | _Leave] = [(n, 1, top) for n in reversed(neighbours(root_id))]
    while stack:
        entry = stack.pop()
        if isinstance(entry, _Leave):
            on_path.discard(entry.spec_id)
            continue
        spec_id, level, siblings = entry
        spec = graph.get(spec_id)
        node = TreeNode(spec_id, spec)
        siblings.append(node)
        if spec is None:
            node.mark = "missing"
            continue
        if spec_id in on_path:
            node.mark = "cycle"
            continue
        if spec_id in seen:
            node.mark = "repeat"
            continue
        seen.add(spec_id)
        if depth is not None and level >= depth:
            node.hidden = len(neighbours(spec_id)) if count_hidden else 0
            continue
        below = neighbours(spec_id)
        on_path.add(spec_id)
        stack.append(_Leave(spec_id))
        stack.extend((n, level + 1, node.children) for n in reversed(below))
    return top
