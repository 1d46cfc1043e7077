"""Mermaid flowchart text for a DiagramView, for GitHub and other Markdown renderers.

Node ids are made from the view keys but reduced to ``[A-Za-z0-9_]`` with a prefix, so no
id can be a Mermaid keyword (``end``), start an edge modifier (``o``/``x``) or break the
syntax; labels go through :func:`mermaid_text`. Status colours are classDefs, problems are
extra classes and red ``linkStyle`` lines, and the legend is a subgraph. Specs without links
are packed into rows by :mod:`.mermaid_grid`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from speckit_graph.core.model import LinkKind
from speckit_graph.core.trace import TraceLinkKind
from speckit_graph.render.diagram import style as st
from speckit_graph.render.diagram.code import file_label
from speckit_graph.render.diagram.legend import legend, used_statuses
from speckit_graph.render.diagram.mermaid_grid import grid_box, grid_link_count, grid_links, grid_rows
from speckit_graph.render.diagram.model import DiagramView, EdgeKind, ViewCluster, ViewEdge, ViewNode
from speckit_graph.render.escape import mermaid_text

#: Mermaid's default ``maxTextSize``: longer diagrams are refused by the renderer.
MAX_TEXT_SIZE = 50_000
#: Mermaid's default ``maxEdges`` (since v10.9): more edges and the diagram is refused.
MAX_EDGES = 500

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_]")
_EDGE_ARROWS: dict[EdgeKind, str] = {
    LinkKind.PARENT: "===",
    LinkKind.DEPENDS_ON: "-->",
    LinkKind.RELATED: "-.-",
    TraceLinkKind.IMPLEMENTS: "-.->",
    TraceLinkKind.VERIFIES: "-.->",
}
_PREFIX = {"spec": "s_", "missing": "m_", "group": "g_", "file": "f_"}


def mermaid_ids(view: DiagramView) -> dict[str, str]:
    """A Mermaid id per view key: readable, collision-free, deterministic."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for node in view.nodes:
        base = _PREFIX[node.kind] + _UNSAFE_ID.sub("_", node.key)[:80]
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}_{n}"
        used.add(candidate)
        ids[node.key] = candidate
    return ids


def render_mermaid(view: DiagramView, legend: bool = True, title: str | None = None) -> str:
    """The flowchart text; same view, same bytes."""
    return "\n".join(_lines(view, legend, title)) + "\n"


def edge_count(view: DiagramView, legend: bool = True) -> int:
    """How many links the Mermaid text declares (what ``maxEdges`` counts)."""
    return len(view.edges) + grid_link_count(view) + (_legend_edge_count(view) if legend else 0)


def _lines(view: DiagramView, legend: bool, title: str | None) -> Iterator[str]:
    if title:
        yield "---"
        yield f'title: "{mermaid_text(title)}"'
        yield "---"
    yield "flowchart TB"
    ids = mermaid_ids(view)
    placed: set[str] = set()
    stack: list[tuple[int, ViewCluster]] = [(1, cluster) for cluster in reversed(view.clusters)]
    counter = 0
    # clusters are written depth-first; an explicit stack keeps deep hierarchies off the call stack
    pending_ends: list[int] = []
    while stack:
        indent, cluster = stack.pop()
        while pending_ends and pending_ends[-1] >= indent:
            yield "  " * pending_ends.pop() + "end"
        counter += 1
        label = mermaid_text(cluster.label) if cluster.label else " "
        yield "  " * indent + f'subgraph c{counter} ["{label}"]'
        for key in cluster.nodes:
            yield "  " * (indent + 1) + _node(view.node(key), ids[key])
            placed.add(key)
        pending_ends.append(indent)
        stack.extend((indent + 1, child) for child in reversed(cluster.clusters))
    while pending_ends:
        yield "  " * pending_ends.pop() + "end"
    rows = grid_rows(view)
    placed.update(key for row in rows for key in row)
    for node in view.nodes:
        if node.key not in placed:
            yield "  " + _node(node, ids[node.key])
    yield from grid_box(view, rows, lambda key: _node(view.node(key), ids[key]))
    red: list[int] = []
    traced: dict[EdgeKind, list[int]] = {}
    for index, edge in enumerate(view.edges):
        yield "  " + _edge(edge, ids)
        if edge.cycle or edge.dangling:
            red.append(index)
        elif isinstance(edge.kind, TraceLinkKind):
            traced.setdefault(edge.kind, []).append(index)
    yield from _classes(view, ids)
    yield from _link_styles(red, f"stroke:{st.PROBLEM},stroke-width:2px")
    for kind, indexes in sorted(traced.items()):
        yield from _link_styles(indexes, _trace_link_style(kind))
    if legend and view.nodes:
        yield from _legend(view, len(view.edges))
    yield from grid_links(rows)


def _node(node: ViewNode, node_id: str) -> str:
    if node.kind == "file":  # graph --with-code: a flag for a file, a trapezoid for a folder of them
        opening, closing = st.MERMAID_FOLDER_SHAPE if node.members else st.MERMAID_FILE_SHAPE
        return f'{node_id}{opening}"{"<br/>".join(mermaid_text(line) for line in file_label(node))}"{closing}'
    if node.kind == "missing":
        lines = ["missing", *st.label_lines(node.spec_id, "")]
        return f'{node_id}["{"<br/>".join(mermaid_text(line) for line in lines)}"]'
    lines = st.label_lines(node.spec_id or "", node.title)
    if not node.spec_id:
        lines = lines[1:]
    if node.kind == "group":
        lines.append(st.plural(node.members, "spec"))
        problems = st.group_problems(node)
        if problems:
            lines.append(problems)
    elif node.orphan:
        lines.append("(orphan: no links)")
    text = "<br/>".join(mermaid_text(line) for line in lines)
    if node.kind == "spec" and lines:
        first, _, rest = text.partition("<br/>")
        text = f"<b>{first}</b>" + (f"<br/>{rest}" if rest else "")
    opening, closing = st.MERMAID_SHAPES.get(node.type or "", st.MERMAID_UNKNOWN_SHAPE)
    return f'{node_id}{opening}"{text}"{closing}'


def _link_styles(indexes: list[int], css: str) -> Iterator[str]:
    """``linkStyle`` lines for the edges at ``indexes``, 50 to a line."""
    for start in range(0, len(indexes), 50):
        yield f"  linkStyle {','.join(str(i) for i in indexes[start : start + 50])} {css}"


def _trace_link_style(kind: EdgeKind) -> str:
    """The colour of an ``implements`` or ``verifies`` line (Mermaid has no more arrow styles to tell them apart)."""
    return f"stroke:{st.EDGE_STYLES[kind].color},stroke-dasharray:6 3"


def _edge(edge: ViewEdge, ids: dict[str, str]) -> str:
    source, target = ids[edge.source], ids[edge.target]
    arrow = _EDGE_ARROWS[edge.kind]
    if edge.kind is LinkKind.PARENT:
        source, target = target, source  # trees hang down: parent above child
    if edge.dangling:
        arrow = "-.-" if edge.kind is LinkKind.PARENT else "-.->"
    elif edge.kind is LinkKind.RELATED and edge.directed:
        arrow = "-.->"  # a named kind (replaces) keeps the direction it was written in
    label = f'|"×{edge.count:,}"|' if edge.count > 1 else ""
    if edge.label is not None and edge.count == 1:
        label = f'|"{mermaid_text(edge.label)}"|'
    elif isinstance(edge.kind, TraceLinkKind) and edge.count == 1:
        label = f'|"{edge.kind.value}"|'
    return f"{source} {arrow}{label} {target}"


_MARKER_CLASSES = {
    "missing": f"fill:#fef2f2,stroke:{st.PROBLEM},color:{st.PROBLEM},stroke-dasharray:5 3",
    "orphan": f"stroke:{st.ORPHAN},stroke-width:2px",
    "problem": f"stroke:{st.PROBLEM},stroke-width:2px",
    "group": "stroke-width:3px",
    "highlight": f"stroke:{st.HIGHLIGHT},stroke-width:3px",
    "file": f"fill:{st.FILE_FILL},stroke:{st.BORDER}",
}


def status_classes(view: DiagramView) -> dict[str | None, str]:
    """A classDef name per status in view (``status_review``), unique even for odd status strings."""
    statuses = used_statuses(view)
    names: dict[str | None, str] = {}
    used: set[str] = set()
    for status in statuses:
        base = "status_" + (_UNSAFE_ID.sub("_", status)[:40] if status is not None else "none_")
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name)
        names[status] = name
    return names


def _classes(view: DiagramView, ids: dict[str, str]) -> Iterator[str]:
    status_class = status_classes(view)
    for status, name in status_class.items():
        fill = st.status_fill(status, view.lifecycle, view.retired)
        dash = ",stroke-dasharray:4 3" if status in view.retired else ""
        yield f"  classDef {name} fill:{fill},stroke:{st.BORDER},color:#0f172a{dash}"
    members: dict[str, list[str]] = {}
    for node in view.nodes:
        names = []
        if node.kind == "missing":
            names.append("missing")
        elif node.kind == "file":
            names.append("file")
        else:
            names.append(status_class[node.status])
            if node.kind == "group":
                names.append("group")
            if node.orphan:
                names.append("orphan")
            if node.has_problem:
                names.append("problem")
            if node.highlight:
                names.append("highlight")
        for name in names:
            members.setdefault(name, []).append(ids[node.key])
    markers = legend(view).markers
    for name, css in _MARKER_CLASSES.items():
        if name in members or (name in markers and name != "problem"):
            yield f"  classDef {name} {css}"
    for name in sorted(members):
        group = members[name]
        for start in range(0, len(group), 100):
            yield f"  class {','.join(group[start : start + 100])} {name}"


def _legend_edge_count(view: DiagramView) -> int:
    return legend(view).edge_count


def _legend(view: DiagramView, first_edge: int) -> Iterator[str]:
    entries = legend(view)
    markers = entries.markers
    status_class = status_classes(view)
    yield '  subgraph legend ["Legend"]'
    yield "    direction TB"
    for i, entry in enumerate(entries.statuses):
        yield f'    legend_s{i}["{mermaid_text(entry.label)}"]:::{status_class[entry.sample]}'
    for i, entry in enumerate(entries.types):
        opening, closing = st.MERMAID_SHAPES.get(entry.sample or "", st.MERMAID_UNKNOWN_SHAPE)
        yield f'    legend_t{i}{opening}"{mermaid_text(entry.label)}"{closing}'
    index = first_edge
    red = []
    traced: list[tuple[int, EdgeKind]] = []
    for i, kind_entry in enumerate(entries.kinds):
        arrow = "-.->" if kind_entry.kind is LinkKind.RELATED and kind_entry.directed else _EDGE_ARROWS[kind_entry.kind]
        label = mermaid_text(kind_entry.label)
        tail = (
            "code file"
            if kind_entry.kind is TraceLinkKind.IMPLEMENTS
            else "test file"
            if kind_entry.kind is TraceLinkKind.VERIFIES
            else "spec"
        )
        yield f'    legend_k{i}_a["{tail}"] {arrow}|"{label}"| legend_k{i}_b["spec"]'
        if isinstance(kind_entry.kind, TraceLinkKind):
            traced.append((index, kind_entry.kind))
        index += 1
    if "cycle" in markers:
        yield '    legend_cycle_a["spec"] -->|"on a cycle"| legend_cycle_b["spec"]'
        red.append(index)
        index += 1
    if "missing" in markers:
        yield '    legend_missing["missing (no such spec)"]:::missing'
    if "orphan" in markers:
        yield '    legend_orphan["orphan"]:::orphan'
    if "group" in markers:
        yield '    legend_group["group of specs"]:::group'
    if "highlight" in markers:
        yield '    legend_highlight["highlighted"]:::highlight'
    if "file" in markers:
        yield f'    legend_file{st.MERMAID_FILE_SHAPE[0]}"code or test file"{st.MERMAID_FILE_SHAPE[1]}:::file'
    yield "  end"
    if red:
        yield f"  linkStyle {','.join(map(str, red))} stroke:{st.PROBLEM},stroke-width:2px"
    for at, kind in traced:
        yield f"  linkStyle {at} {_trace_link_style(kind)}"
