"""Specs without links, packed into a grid of their own instead of one endless row.

Graphviz's ``dot`` puts every node without edges on the same rank: a repository where most
specs have no links becomes a strip tens of thousands of points wide (one real repository:
30,660 x 3,202). Here they go into one box, ``without links``, stacked in columns by
invisible edges, so the box is about as tall as it is wide; specs that do link keep the
layered layout beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from typing import Any

import pydot

from speckit_graph.render.diagram import style as st
from speckit_graph.render.diagram.model import DiagramView
from speckit_graph.render.escape import dot_plain, dot_string

#: Fewer unlinked specs than this stay where dot puts them: a short row is readable.
MIN_GRID = 8
#: A node is about this many times wider than the height of one rank (node and rank gap),
#: so a square box has this many times more rows than columns.
WIDTH_PER_RANK = 2.0


def unlinked_keys(view: DiagramView, placed: Collection[str]) -> list[str]:
    """Keys of the nodes outside every cluster that no edge in the view touches, in view order."""
    linked = {edge.source for edge in view.edges} | {edge.target for edge in view.edges}
    return [n.key for n in view.nodes if n.kind != "missing" and n.key not in placed and n.key not in linked]


def columns_for(count: int) -> int:
    """How many columns make a box of ``count`` nodes roughly square."""
    return max(1, math.ceil(math.sqrt(count / WIDTH_PER_RANK)))


def grid_cluster(view: DiagramView, keys: list[str], make_node: Callable[[str], pydot.Node], name: Callable[[str], str]) -> Any:
    """The ``without links`` box: ``keys`` in columns, top to bottom, then left to right."""
    specs = sum(view.node(key).members for key in keys)
    box = pydot.Cluster(
        "unlinked",
        label=dot_string(f"without links: {st.plural(specs, 'spec')}"),
        style='"rounded,dashed"',
        color='"#cbd5e1"',
        fontcolor='"#475569"',
    )
    for key in keys:
        box.add_node(make_node(key))
    rows = math.ceil(len(keys) / columns_for(len(keys)))
    for start in range(0, len(keys), rows):
        column = keys[start : start + rows]
        for upper, lower in zip(column, column[1:], strict=False):
            box.add_edge(pydot.Edge(dot_plain(name(upper)), dot_plain(name(lower)), style='"invis"'))
    return box
