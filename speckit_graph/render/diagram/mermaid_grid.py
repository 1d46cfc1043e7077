"""Mermaid's ``without links`` box: specs without links in rows, not one endless strip.

Mermaid's layout (dagre) puts every node without edges on the same rank, as Graphviz does: a
repository where most specs have no links becomes one row hundreds of nodes wide, which GitHub
shrinks until no label can be read. As in the DOT output (:mod:`.grid`), such specs go into one
dashed box; inside it each row is a subgraph of its own (``direction TB`` lays a row's nodes side
by side) and the rows are stacked by invisible links between the row subgraphs, one per row, so
the box is about as tall as it is wide and costs only ``rows - 1`` of Mermaid's 500 links.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from speckit_graph.render.diagram import style as st
from speckit_graph.render.diagram.grid import MIN_GRID, unlinked_keys
from speckit_graph.render.diagram.model import DiagramView
from speckit_graph.render.escape import mermaid_text

#: Mermaid's subgraph id of the box; node ids carry a prefix (``s_``), so none can be this.
BOX = "unlinked"
#: A row of the box is about this many times taller than a node with an id and a title is wide
#: (measured in Mermaid 11: rows about 230 px apart, nodes about 250 px wide), so a square box has
#: about as many columns as rows.
ROW_HEIGHT_PER_WIDTH = 1.0


def clustered_keys(view: DiagramView) -> set[str]:
    """Every key drawn inside one of the view's clusters, at any depth."""
    keys: set[str] = set()
    stack = list(view.clusters)
    while stack:
        cluster = stack.pop()
        keys.update(cluster.nodes)
        stack.extend(cluster.clusters)
    return keys


def grid_rows(view: DiagramView) -> list[list[str]]:
    """The unlinked specs outside every cluster, in view order, cut into rows; none below MIN_GRID."""
    keys = unlinked_keys(view, clustered_keys(view))
    if len(keys) < MIN_GRID:
        return []
    columns = max(1, math.ceil(math.sqrt(len(keys) * ROW_HEIGHT_PER_WIDTH)))
    return [keys[start : start + columns] for start in range(0, len(keys), columns)]


def grid_box(view: DiagramView, rows: list[list[str]], node_line: Callable[[str], str]) -> Iterator[str]:
    """The box's subgraphs (none without rows); ``node_line`` writes one node's declaration."""
    if not rows:
        return
    specs = sum(view.node(key).members for row in rows for key in row)
    label = mermaid_text("without links: " + st.plural(specs, "spec"))
    yield f'  subgraph {BOX} ["{label}"]'
    yield "    direction TB"
    for number, row in enumerate(rows, 1):
        yield f'    subgraph {BOX}_{number} [" "]'
        yield "      direction TB"
        for key in row:
            yield "      " + node_line(key)
        yield "    end"
    yield "  end"


def grid_links(rows: list[list[str]]) -> Iterator[str]:
    """The invisible links that stack the rows, and the styles that hide the row boxes.

    Written after every visible link, so the ``linkStyle`` indices of those do not move.
    """
    for number in range(1, len(rows)):
        yield f"  {BOX}_{number} ~~~ {BOX}_{number + 1}"
    if rows:
        yield f"  style {BOX} fill:none,stroke:#cbd5e1,stroke-dasharray:5 3,color:#475569"
    for number in range(1, len(rows) + 1):
        yield f"  style {BOX}_{number} fill:none,stroke:none"


def grid_link_count(view: DiagramView) -> int:
    """How many links the box adds (what Mermaid's ``maxEdges`` counts)."""
    return max(len(grid_rows(view)) - 1, 0)
