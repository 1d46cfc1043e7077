"""A Mermaid flowchart of the changed neighbourhood of a ``diff``.

Kept small and local on purpose: the ``graph`` command's diagram exporter draws one
graph, while this picture mixes two (removed specs and links exist only before). Node
ids are positional (``n0``, ``n1``...), so no spec id can break the syntax or be a Mermaid
keyword, and every label goes through :func:`label_text`.
"""

from __future__ import annotations

from speckit_graph.core.model import LinkKind
from speckit_graph.render.escape import mermaid_text, terminal
from speckit_graph.vcs.changes import GraphDiff, Node

#: Above this many specs the picture is unreadable and renderers refuse it; the rest is counted.
MAX_NODES = 150
_KIND_LABEL = {LinkKind.PARENT: "parent", LinkKind.DEPENDS_ON: "depends on", LinkKind.RELATED: "related"}
_ARROW = {"kept": "-->", "added": "==>", "removed": "-.->"}
_EDGE_STYLE = {"added": "stroke:#16a34a,stroke-width:2px", "removed": "stroke:#dc2626,stroke-width:2px"}
_CLASSES = {
    "added": "fill:#dcfce7,stroke:#16a34a,color:#14532d",
    "removed": "fill:#fee2e2,stroke:#dc2626,color:#7f1d1d,stroke-dasharray:4 3",
    "changed": "fill:#fef3c7,stroke:#d97706,color:#78350f",
    "context": "fill:#f3f4f6,stroke:#9ca3af,color:#374151",
    "missing": "fill:#ffffff,stroke:#dc2626,color:#7f1d1d,stroke-dasharray:2 2",
}
_STATE_ORDER = {"added": 0, "removed": 0, "changed": 0, "missing": 1, "context": 2}


def label_text(text: str) -> str:
    """One line of a Mermaid label: control characters visible (as in the text output), then
    :func:`mermaid_text`, so syntax characters and ``%`` (directives, comments) are #codes;."""
    return mermaid_text(terminal(text))


def render_diff_mermaid(diff: GraphDiff, max_nodes: int = MAX_NODES) -> str:
    """``flowchart LR`` text: green added, red dashed removed, amber changed, grey context."""
    shown = sorted(diff.nodes, key=lambda n: (_STATE_ORDER[n.state], n.id))[:max_nodes]
    ids = {node.id: f"n{index}" for index, node in enumerate(sorted(shown, key=lambda n: n.id))}
    lines = ["flowchart LR"]
    if not shown:
        lines.append('  empty["no spec or link changed"]')
        return "\n".join(lines) + "\n"
    for node in sorted(shown, key=lambda n: n.id):
        lines.append(f'  {ids[node.id]}["{_node_label(node)}"]:::{node.state}')
    styled: dict[str, list[int]] = {"added": [], "removed": []}
    count = 0
    for edge in diff.edges:
        if edge.source not in ids or edge.target not in ids:
            continue
        label = label_text(edge.label) if edge.label else _KIND_LABEL[edge.kind]
        lines.append(f"  {ids[edge.source]} {_ARROW[edge.state]}|{label}| {ids[edge.target]}")
        if edge.state in styled:
            styled[edge.state].append(count)
        count += 1
    for node_state in sorted({node.state for node in shown}):
        lines.append(f"  classDef {node_state} {_CLASSES[node_state]}")
    for edge_state, indexes in styled.items():
        for start in range(0, len(indexes), 50):
            lines.append(f"  linkStyle {','.join(map(str, indexes[start : start + 50]))} {_EDGE_STYLE[edge_state]}")
    hidden = len(diff.nodes) - len(shown)
    if hidden:
        lines.append(f"  %% {hidden} more specs of the change are not drawn (limit {max_nodes})")
    return "\n".join(lines) + "\n"


def _node_label(node: Node) -> str:
    marks = {"added": "added", "removed": "removed", "changed": "changed", "missing": "no such spec", "context": ""}
    parts = [f"<b>{label_text(node.id)}</b>"]
    if node.title:
        parts.append(label_text(node.title))
    detail = " · ".join(p for p in (label_text(node.status or ""), marks[node.state]) if p)
    if detail:
        parts.append(f"<i>{detail}</i>")
    return "<br/>".join(parts)
