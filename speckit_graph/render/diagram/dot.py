"""Graphviz DOT for a DiagramView, built with pydot, valid whatever the ids and titles contain.

Every value is quoted here (pydot 4 leaves ``node`` or ``a"b`` unquoted and would emit
broken DOT). Node names are the spec ids when they are plain words; any other key gets a
stable hashed name (``@k…``) and keeps its real id in the label, tooltip and URL, because
some strings (a trailing backslash, control characters) have no exact DOT spelling.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pydot

from speckit_graph.core.model import LinkKind
from speckit_graph.core.trace import TraceLinkKind
from speckit_graph.render.diagram import style as st
from speckit_graph.render.diagram.code import file_label
from speckit_graph.render.diagram.grid import MIN_GRID, grid_cluster, unlinked_keys
from speckit_graph.render.diagram.legend import KindEntry, legend
from speckit_graph.render.diagram.model import DiagramView, ViewCluster, ViewEdge, ViewNode
from speckit_graph.render.escape import dot_plain, dot_string, url_path, visible_text

_PLAIN_NAME = re.compile(r"\w[\w.:/+-]{0,199}")
FONT = "Helvetica,Arial,sans-serif"
PRISM_LIMIT = 2_000


@dataclass(frozen=True)
class DotOptions:
    """How to draw: layout engine, legend, where node links point, an optional caption."""

    engine: str = "dot"
    legend: bool = True
    link_base: str = ""
    title: str | None = None


def node_name(key: str) -> str:
    """The DOT node name for a view key: the key itself when plain, else a stable hash."""
    if _PLAIN_NAME.fullmatch(key):
        return key
    return "@k" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def node_url(path: str, link_base: str) -> str:
    """A link to the spec file: percent-encoded relative path behind an optional base."""
    return link_base + url_path(path.replace("\\", "/"))


def render_dot(view: DiagramView, options: DotOptions | None = None) -> str:
    """The DOT text of ``view``; same view and options, same bytes."""
    return build_dot(view, options or DotOptions()).to_string()


def build_dot(view: DiagramView, options: DotOptions) -> pydot.Dot:
    graph = pydot.Dot("speckit", graph_type="digraph", strict=False)
    for name, value in _graph_attributes(view, options):
        graph.set(name, value)
    graph.add_node(pydot.Node("node", fontname=dot_plain(FONT), fontsize="10", margin='"0.12,0.06"'))
    graph.add_node(pydot.Node("edge", fontname=dot_plain(FONT), fontsize="9"))

    placed: set[str] = set()
    counter = iter(range(1, 1_000_000_000))
    stack: list[tuple[Any, ViewCluster]] = [(graph, c) for c in reversed(view.clusters)]
    # clusters first (depth-first, in order), then loose nodes: pydot writes in insertion order
    while stack:
        parent, cluster = stack.pop()
        sub = pydot.Cluster(str(next(counter)), **_cluster_attributes(cluster))
        parent.add_subgraph(sub)
        for key in cluster.nodes:
            sub.add_node(_node(view.node(key), view, options))
            placed.add(key)
        stack.extend((sub, child) for child in reversed(cluster.clusters))
    apart = unlinked_keys(view, placed) if options.engine == "dot" else []
    if len(apart) >= MIN_GRID:
        graph.add_subgraph(grid_cluster(view, apart, lambda key: _node(view.node(key), view, options), node_name))
        placed.update(apart)
    for node in view.nodes:
        if node.key not in placed:
            graph.add_node(_node(node, view, options))
    for edge in view.edges:
        graph.add_edge(_edge(edge, view))
    if options.legend and view.nodes:
        graph.add_subgraph(_legend(view))
    return graph


def _graph_attributes(view: DiagramView, options: DotOptions) -> Iterator[tuple[str, str]]:
    yield "layout", dot_plain(options.engine)
    yield "fontname", dot_plain(FONT)
    yield "charset", '"UTF-8"'
    if options.engine == "dot":
        yield "rankdir", '"TB"'
        yield "newrank", "true"
        yield "nodesep", '"0.25"'
        yield "ranksep", '"0.45"'
    else:
        # prism overlap removal triples sfdp's time on thousands of nodes; scaling apart is cheap
        yield "overlap", '"prism"' if len(view.nodes) <= PRISM_LIMIT else '"scale"'
        yield "outputorder", '"edgesfirst"'
        yield "splines", "false"
    if options.title:
        yield "label", dot_string(visible_text(options.title))
        yield "labelloc", '"t"'
        yield "fontsize", "14"


def _cluster_attributes(cluster: ViewCluster) -> dict[str, Any]:
    attributes: dict[str, Any] = {"style": '"rounded"', "color": '"#cbd5e1"', "penwidth": "1"}
    if cluster.label:
        attributes["label"] = dot_string(visible_text(cluster.label))
        attributes["fontcolor"] = '"#475569"'
    else:
        attributes["label"] = '""'
    return attributes


def _node(node: ViewNode, view: DiagramView, options: DotOptions) -> pydot.Node:
    name = dot_plain(node_name(node.key))
    if node.kind == "file":  # graph --with-code: a code or test file, or a folder of them
        lines = file_label(node)
        return pydot.Node(
            name,
            label=dot_string("\n".join(visible_text(line) for line in lines)),
            shape=dot_plain(st.FOLDER_SHAPE if node.members else st.FILE_SHAPE),
            style='"filled"',
            fillcolor=dot_plain(st.FILE_FILL),
            color=dot_plain(st.BORDER),
            tooltip=dot_string(" ".join(visible_text(line) for line in lines)),
        )
    if node.kind == "missing":
        return pydot.Node(
            name,
            label=dot_string("\n".join(["missing", *st.label_lines(node.spec_id, "")])),
            shape='"box"',
            style='"dashed,filled"',
            fillcolor='"#fef2f2"',
            color=dot_plain(st.PROBLEM),
            fontcolor=dot_plain(st.PROBLEM),
            tooltip=dot_string(f"no spec has the id '{visible_text(node.spec_id)}'"),
        )
    lines = st.label_lines(node.spec_id or "", node.title)
    if not node.spec_id:  # a type group has no spec behind it
        lines = lines[1:]
    styles = ["filled"]
    shape = st.type_shape(node.type)
    if shape == "box":
        styles.append("rounded")
    if node.status in view.retired:
        styles.append("dashed")
    attributes: dict[str, Any] = {
        "shape": dot_plain(shape),
        "fillcolor": dot_plain(st.status_fill(node.status, view.lifecycle, view.retired)),
        "color": dot_plain(st.BORDER),
        "tooltip": dot_string("\n".join(_tooltip_lines(node))),
    }
    if node.kind == "group":
        lines.append(st.plural(node.members, "spec"))
        trouble = st.group_problems(node)
        if trouble:
            lines.append(trouble)
        attributes["peripheries"] = "2"
    elif node.orphan:
        lines.append("(orphan: no links)")
        attributes["color"] = dot_plain(st.ORPHAN)
        attributes["penwidth"] = "2"
    if node.has_problem:
        attributes["color"] = dot_plain(st.PROBLEM)
        attributes["penwidth"] = "2"
    if node.highlight:
        attributes["color"] = dot_plain(st.HIGHLIGHT)
        attributes["penwidth"] = "3"
    elif node.root:
        styles.append("bold")
    if node.path:
        attributes["URL"] = dot_string(node_url(node.path, options.link_base))
        attributes["target"] = '"_top"'
    attributes["label"] = dot_string("\n".join(lines))
    attributes["style"] = dot_plain(",".join(styles))
    return pydot.Node(name, **attributes)


def _tooltip_lines(node: ViewNode) -> list[str]:
    head = visible_text(node.spec_id) if node.spec_id else ""
    title = visible_text(node.title)
    lines = [f"{head}: {title}" if head and title else head or title]
    lines.append(
        f"status: {visible_text(node.status or '(none)')} · priority: {visible_text(node.priority or '(none)')}"
        f" · owner: {visible_text(node.owner or '(none)')}"
    )
    if node.kind == "group":
        counts = ", ".join(f"{count} {visible_text(status)}" for status, count in node.member_statuses)
        lines.append(f"{st.plural(node.members, 'spec')}: {counts}")
        trouble = st.group_problems(node)
        if trouble:
            lines.append(trouble)
    else:
        lines.append(f"type: {visible_text(node.type or '(none)')}")
        if node.tags:
            lines.append("tags: " + ", ".join(visible_text(tag) for tag in node.tags))
    if node.path:
        lines.append(visible_text(node.path))
    return lines


def _edge(edge: ViewEdge, view: DiagramView) -> pydot.Edge:
    look = st.EDGE_STYLES[edge.kind]
    source, target = node_name(edge.source), node_name(edge.target)
    attributes: dict[str, Any] = {
        "style": dot_plain(look.style),
        "color": dot_plain(look.color),
        "arrowhead": dot_plain(look.arrowhead),
    }
    if look.reverse:
        source, target = target, source
        attributes["dir"] = '"back"'
        attributes["arrowtail"] = dot_plain(look.arrowtail)
        attributes["arrowhead"] = '"none"'
    elif edge.kind is LinkKind.RELATED and not edge.directed:
        attributes["dir"] = '"none"'
    elif edge.kind is LinkKind.RELATED:
        attributes["arrowhead"] = '"open"'  # a named kind (replaces): written one way, drawn one way
        if edge.count == 1:
            attributes["label"] = dot_string(visible_text(edge.label or ""))
    elif isinstance(edge.kind, TraceLinkKind):  # graph --with-code: file -> spec, named on the line
        attributes["label"] = dot_string(look.label)
    if not look.constraint:
        attributes["constraint"] = "false"
    if edge.kind is LinkKind.PARENT:
        describe = f"{visible_text(edge.target)} is the parent of {visible_text(edge.source)}"
    else:
        describe = f"{visible_text(edge.source)} {edge.label or look.label} {visible_text(edge.target)}"
    if edge.dangling:
        attributes["style"] = '"dashed"'
        attributes["color"] = dot_plain(st.PROBLEM)
        describe += " (no such spec)"
    if edge.cycle:
        attributes["color"] = dot_plain(st.PROBLEM)
        attributes["penwidth"] = "2"
        describe += " (on a cycle)"
    if edge.count > 1:
        attributes["label"] = dot_string(f"×{edge.count:,}")
        attributes["penwidth"] = str(round(min(5.0, 1.0 + math.log2(edge.count)), 2))
        describe = f"{edge.count:,} links: {describe}"
    attributes["tooltip"] = dot_string(describe)
    return pydot.Edge(dot_plain(source), dot_plain(target), **attributes)


# ---------------------------------------------------------------------------------------
# Legend


def _legend_line(entry: KindEntry) -> dict[str, Any]:
    """The sample line of one link kind, drawn as the picture draws that kind."""
    look = st.EDGE_STYLES[entry.kind]
    edge: dict[str, Any] = {"style": dot_plain(look.style), "color": dot_plain(look.color), "label": dot_string(entry.label)}
    if entry.kind is LinkKind.PARENT:
        edge.update(dir='"back"', arrowtail=dot_plain(look.arrowtail), arrowhead='"none"')
    elif entry.kind is LinkKind.RELATED and entry.directed:
        edge.update(arrowhead='"open"')
    elif entry.kind is LinkKind.RELATED:
        edge.update(dir='"none"')
    else:
        edge.update(arrowhead=dot_plain(look.arrowhead))
    return edge


def _legend(view: DiagramView) -> Any:
    box = pydot.Cluster("legend", label='"Legend"', style='"rounded"', color='"#94a3b8"', fontcolor='"#334155"', fontsize="11")
    entries = legend(view)
    counter = iter(range(1_000_000))
    columns: list[list[str]] = []

    def add(label: str, **attributes: Any) -> str:
        name = f"@legend-{next(counter)}"
        box.add_node(pydot.Node(dot_plain(name), label=dot_string(label), tooltip=dot_string(label), **attributes))
        return name

    column = [
        add(
            entry.label,
            shape='"box"',
            style='"filled,rounded"' if entry.sample not in view.retired else '"filled,rounded,dashed"',
            fillcolor=dot_plain(st.status_fill(entry.sample, view.lifecycle, view.retired)),
            color=dot_plain(st.BORDER),
        )
        for entry in entries.statuses
    ]
    columns.append(column)
    columns.append(
        [
            add(
                entry.label,
                shape=dot_plain(st.type_shape(entry.sample)),
                style='"filled"',
                fillcolor='"#ffffff"',
                color=dot_plain(st.BORDER),
            )
            for entry in entries.types
        ]
    )
    ends = {
        LinkKind.PARENT: ("parent", "child"),
        LinkKind.DEPENDS_ON: ("spec", "dependency"),
        LinkKind.RELATED: ("spec", "spec"),
        TraceLinkKind.IMPLEMENTS: ("code file", "spec"),
        TraceLinkKind.VERIFIES: ("test file", "spec"),
    }
    pairs: list[tuple[str, str]] = []  # (top, bottom) of each entry in the third column
    for entry in entries.kinds:
        tail = add(ends[entry.kind][0], shape='"plaintext"')
        head = add(ends[entry.kind][1], shape='"plaintext"')
        box.add_edge(pydot.Edge(dot_plain(tail), dot_plain(head), **_legend_line(entry)))
        pairs.append((tail, head))
    for marker in entries.markers:
        if marker == "cycle":
            tail = add("spec", shape='"plaintext"')
            head = add("spec", shape='"plaintext"')
            box.add_edge(
                pydot.Edge(dot_plain(tail), dot_plain(head), color=dot_plain(st.PROBLEM), penwidth="2", label='"on a cycle"')
            )
            pairs.append((tail, head))
            continue
        if marker == "missing":
            name = add(
                "missing\n(no such spec)",
                shape='"box"',
                style='"dashed,filled"',
                fillcolor='"#fef2f2"',
                color=dot_plain(st.PROBLEM),
                fontcolor=dot_plain(st.PROBLEM),
            )
        elif marker == "orphan":
            name = add("orphan", shape='"box"', style='"rounded"', color=dot_plain(st.ORPHAN), penwidth="2")
        elif marker == "file":
            name = add("code or test file", shape=dot_plain(st.FILE_SHAPE), style='"filled"', fillcolor=dot_plain(st.FILE_FILL))
        elif marker == "group":
            name = add("group of specs", shape='"box"', style='"filled"', fillcolor=dot_plain(st.GROUP_FILL), peripheries="2")
        else:
            name = add("highlighted", shape='"box"', style='"rounded"', color=dot_plain(st.HIGHLIGHT), penwidth="3")
        pairs.append((name, name))
    chains = [[(name, name) for name in column] for column in columns] + [pairs]
    for chain in chains:  # invisible edges stack each column vertically
        for (_, upper), (lower, _) in zip(chain, chain[1:], strict=False):
            box.add_edge(pydot.Edge(dot_plain(upper), dot_plain(lower), style='"invis"'))
    return box
