"""What a diagram's legend explains: only looks the picture uses, each explained once.

Entries that would look the same are merged: statuses that share a fill (every status
outside the lifecycle is white) become one entry naming them all, and types are listed only
when the picture uses at least two shapes (thirty unknown types that all draw as an ellipse
tell the reader nothing). Link kinds say whether they have a direction: a plain related link
has none, a named kind declared ``like = "related"`` (``replaces``) keeps the one written.
DOT and Mermaid both draw from this, so their legends agree.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from speckit_graph.core.model import LinkKind
from speckit_graph.render.diagram import style as st
from speckit_graph.render.diagram.model import DiagramView, EdgeKind
from speckit_graph.render.escape import visible_text

#: A merged entry names at most this many values, then "+N more".
NAMES_PER_ENTRY = 3


@dataclass(frozen=True)
class LegendEntry:
    """One look: its text and a value that has it (a status or a type; None for "(none)")."""

    label: str
    sample: str | None


@dataclass(frozen=True)
class KindEntry:
    """One kind of line: plain kinds, and each named kind (``replaces``) on its own."""

    kind: EdgeKind
    label: str
    directed: bool


@dataclass(frozen=True)
class Legend:
    statuses: tuple[LegendEntry, ...]
    types: tuple[LegendEntry, ...]
    kinds: tuple[KindEntry, ...]
    markers: tuple[str, ...]

    @property
    def edge_count(self) -> int:
        """The sample lines the legend draws (Mermaid counts them against maxEdges)."""
        return len(self.kinds) + (1 if "cycle" in self.markers else 0)


def used_statuses(view: DiagramView) -> list[str | None]:
    """Every status on a drawn spec: lifecycle order, then retired, then the rest sorted, then None."""
    present = {node.status for node in view.nodes if node.kind not in ("missing", "file")}
    known = [s for s in (*view.lifecycle, *view.retired) if s in present]
    statuses: list[str | None] = [*known, *sorted(s for s in present if s is not None and s not in known)]
    if None in present:
        statuses.append(None)
    return statuses


def legend(view: DiagramView) -> Legend:
    """The legend of ``view``, in a fixed order."""
    statuses = _merge(
        "status", used_statuses(view), lambda s: (st.status_fill(s, view.lifecycle, view.retired), s in view.retired)
    )
    present_types = {node.type for node in view.nodes if node.kind not in ("missing", "file")}
    ordered: list[str | None] = [t for t in st.TYPE_SHAPES if t in present_types]
    ordered += sorted(t for t in present_types if t is not None and t not in st.TYPE_SHAPES)
    if None in present_types:
        ordered.append(None)
    types = _merge("type", ordered, st.type_shape)
    return Legend(tuple(statuses), tuple(types) if len(types) > 1 else (), tuple(_kinds(view)), tuple(_markers(view)))


def _merge(field: str, values: Sequence[str | None], look: Callable[[str | None], Hashable]) -> list[LegendEntry]:
    """One entry per distinct look, naming the values that share it, in the order first seen."""
    groups: dict[Hashable, list[str | None]] = {}
    for value in values:
        groups.setdefault(look(value), []).append(value)
    entries = []
    for members in groups.values():
        names = [visible_text(v) if v is not None else "(none)" for v in members]
        shown = ", ".join(names[:NAMES_PER_ENTRY])
        if len(names) > NAMES_PER_ENTRY:
            shown += f" +{len(names) - NAMES_PER_ENTRY:,} more"
        entries.append(LegendEntry(f"{field}: {shown}", members[0]))
    return entries


def _kinds(view: DiagramView) -> list[KindEntry]:
    entries = []
    for kind in st.KIND_ORDER:
        edges = [edge for edge in view.edges if edge.kind is kind]
        if not edges:
            continue
        if kind is not LinkKind.RELATED:
            entries.append(KindEntry(kind, st.EDGE_STYLES[kind].label, True))
            continue
        if any(edge.label is None for edge in edges):
            entries.append(KindEntry(kind, "related to (undirected)", False))
        entries += [KindEntry(kind, label, True) for label in sorted({e.label for e in edges if e.label is not None})]
    return entries


def _markers(view: DiagramView) -> list[str]:
    markers = []
    if any(edge.cycle for edge in view.edges) or any(node.cycle_links for node in view.nodes):
        markers.append("cycle")
    if any(node.kind == "missing" for node in view.nodes) or any(node.missing_links for node in view.nodes):
        markers.append("missing")
    if any(node.orphan or node.orphans for node in view.nodes):
        markers.append("orphan")
    if any(node.kind == "group" for node in view.nodes):
        markers.append("group")
    if any(node.highlight for node in view.nodes):
        markers.append("highlight")
    if any(node.kind == "file" for node in view.nodes):
        markers.append("file")
    return markers
