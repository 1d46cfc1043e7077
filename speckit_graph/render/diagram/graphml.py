"""GraphML and node-link JSON of a DiagramView, through networkx's writers, for Gephi, yEd and scripts.

Only scalar attributes (str, int, bool) are written, and never None, because GraphML
declares one type per key and most readers reject anything else. Lists (tags) are joined
with commas. Strings are made XML-safe: a control character in a title would otherwise
produce a file no XML parser accepts.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from speckit_graph.core.model import LinkKind
from speckit_graph.core.trace import TraceLinkKind
from speckit_graph.render.diagram.model import DiagramView, ViewNode
from speckit_graph.render.escape import xml_text

JSON_VERSION = 1


def view_to_networkx(view: DiagramView, xml_safe: bool = False) -> nx.MultiDiGraph:
    """A MultiDiGraph of the view: node ids are view keys, edges keyed by link kind."""
    text = xml_text if xml_safe else (lambda value: value)
    graph = nx.MultiDiGraph()
    for node in view.nodes:
        graph.add_node(text(node.key), **{name: text(v) if isinstance(v, str) else v for name, v in _node_data(node).items()})
    for edge in view.edges:
        data: dict[str, Any] = {"kind": edge.kind.value, "cycle": edge.cycle, "dangling": edge.dangling}
        if view.collapsed:
            data["count"] = edge.count
        if edge.kind is LinkKind.RELATED or isinstance(edge.kind, TraceLinkKind):
            data["directed"] = edge.directed  # plain related links have none; named kinds and file -> spec links do
        if edge.label is not None:
            data["label"] = text(edge.label)
        graph.add_edge(text(edge.source), text(edge.target), key=edge.kind.value, **data)
    return graph


def _node_data(node: ViewNode) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": node.kind, "spec_id": node.spec_id}
    optional = {
        "title": node.title,
        "status": node.status,
        "type": node.type,
        "category": node.category,
        "priority": node.priority,
        "owner": node.owner,
        "path": node.path,
        "tags": ",".join(node.tags) if node.tags else None,
    }
    data.update({name: value for name, value in optional.items() if value})
    if node.kind == "spec":
        data["orphan"] = node.orphan
    if node.kind == "file":  # graph --with-code: type is the role (code, test); members > 0 for a folder
        data["role"] = data.pop("type")
        data["files"] = node.members or 1
        data["folder"] = bool(node.members)
    if node.kind == "group":
        data["members"] = node.members
        data["missing_links"] = node.missing_links
        data["cycle_links"] = node.cycle_links
        data["orphans"] = node.orphans
        data["statuses"] = ",".join(f"{status}:{count}" for status, count in node.member_statuses)
    if node.highlight:
        data["highlight"] = True
    if node.root:
        data["root"] = True
    return data


def render_graphml(view: DiagramView) -> str:
    """GraphML text; node and edge attributes become typed ``<key>`` declarations."""
    graph = view_to_networkx(view, xml_safe=True)
    return "\n".join(nx.generate_graphml(graph, encoding="utf-8", prettyprint=True, named_key_ids=True)) + "\n"


def render_json(view: DiagramView) -> str:
    """networkx node-link JSON (``nodes`` and ``edges`` lists) with a version and the view's notes."""
    graph = view_to_networkx(view)
    try:
        data = nx.node_link_data(graph, edges="edges")
    except TypeError:  # networkx < 3.4 names the list "links"
        data = nx.node_link_data(graph)
        data["edges"] = data.pop("links")
    document = {"version": JSON_VERSION, "collapsed": view.collapsed, "notes": list(view.notes), **data}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
