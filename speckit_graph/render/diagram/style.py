"""The visual vocabulary every diagram format shares: colours, shapes, edge styles, label text.

DOT and Mermaid both read their encoding from here, so a legend means the same thing in
every picture and a change of palette is made once.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from speckit_graph.core.model import LinkKind
from speckit_graph.core.trace import TraceLinkKind
from speckit_graph.render.diagram.model import EdgeKind, ViewNode
from speckit_graph.render.escape import visible_text

#: Fill colours along the lifecycle, from "just started" to "done" (colour-blind safe-ish ramp).
LIFECYCLE_FILLS = ("#f1f5f9", "#fde68a", "#bfdbfe", "#bbf7d0", "#ddd6fe", "#fbcfe8", "#a5f3fc", "#fed7aa")
RETIRED_FILL = "#d4d4d8"
UNKNOWN_FILL = "#ffffff"
BORDER = "#334155"
PROBLEM = "#dc2626"
ORPHAN = "#d97706"
HIGHLIGHT = "#7c3aed"
GROUP_FILL = "#e2e8f0"
#: graph --with-code: code and test files (a note shape; folders a folder shape).
FILE_FILL = "#f0fdf4"

#: Graphviz shape per spec type; unknown types get a plain ellipse so they stand out.
TYPE_SHAPES = {
    "epic": "folder",
    "functional_requirement": "box",
    "user_story": "note",
    "service_spec": "component",
    "api_spec": "hexagon",
    "data_model": "cylinder",
    "ui_spec": "tab",
}
UNKNOWN_SHAPE = "ellipse"

#: Mermaid node brackets per type (opening, closing), matching TYPE_SHAPES in spirit.
MERMAID_SHAPES = {
    "epic": ("[[", "]]"),
    "functional_requirement": ("[", "]"),
    "user_story": ("([", "])"),
    "service_spec": ("[/", "/]"),
    "api_spec": ("{{", "}}"),
    "data_model": ("[(", ")]"),
    "ui_spec": ("[\\", "\\]"),
}
MERMAID_UNKNOWN_SHAPE = ("(", ")")
#: graph --with-code: shapes no spec type uses, so a file never reads as a spec.
FILE_SHAPE, FOLDER_SHAPE = "parallelogram", "box3d"
MERMAID_FILE_SHAPE, MERMAID_FOLDER_SHAPE = (">", "]"), ("[/", "\\]")


@dataclass(frozen=True)
class EdgeStyle:
    """How one link kind is drawn; ``reverse`` draws parent links parent-first so trees hang down."""

    label: str
    style: str
    color: str
    arrowhead: str
    arrowtail: str = "none"
    reverse: bool = False
    constraint: bool = True
    mermaid: str = "-->"


EDGE_STYLES = {
    LinkKind.PARENT: EdgeStyle("parent of", "solid", "#64748b", "none", "odiamond", reverse=True, mermaid="==>"),
    LinkKind.DEPENDS_ON: EdgeStyle("depends on", "solid", "#1e293b", "normal", mermaid="-->"),
    LinkKind.RELATED: EdgeStyle("related to", "dotted", "#94a3b8", "none", constraint=False, mermaid="-.-"),
    # graph --with-code: a file -> the spec it names; dashed so no one reads it as a spec link
    TraceLinkKind.IMPLEMENTS: EdgeStyle("implements", "dashed", "#15803d", "normal", constraint=False, mermaid="-.->"),
    TraceLinkKind.VERIFIES: EdgeStyle("verifies", "dashed", "#0e7490", "empty", constraint=False, mermaid="-.->"),
}
KIND_ORDER: tuple[EdgeKind, ...] = (
    LinkKind.PARENT,
    LinkKind.DEPENDS_ON,
    LinkKind.RELATED,
    TraceLinkKind.IMPLEMENTS,
    TraceLinkKind.VERIFIES,
)


def status_fill(status: str | None, lifecycle: Sequence[str], retired: Sequence[str]) -> str:
    """The fill colour of a status: its place in the lifecycle, grey when retired, white when unknown."""
    if status is None:
        return UNKNOWN_FILL
    if status in lifecycle:
        return LIFECYCLE_FILLS[lifecycle.index(status) % len(LIFECYCLE_FILLS)]
    if status in retired:
        return RETIRED_FILL
    return UNKNOWN_FILL


def type_shape(spec_type: str | None) -> str:
    return TYPE_SHAPES.get(spec_type or "", UNKNOWN_SHAPE)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, keeping both ends when it is an id."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def shorten_middle(text: str, limit: int) -> str:
    """Long ids keep their distinctive ends (``spec-very-long…-042``)."""
    if len(text) <= limit:
        return text
    head = (limit - 1) * 2 // 3
    tail = limit - 1 - head
    return text[:head] + "…" + text[len(text) - tail :]


def label_lines(spec_id: str, title: str, *, width: int = 26, max_lines: int = 3, id_limit: int = 48) -> list[str]:
    """The lines of a node label: the id, then the title wrapped and shortened.

    Every piece is made visible first (control characters escaped, whitespace collapsed),
    so the caller only has to escape for its syntax.
    """
    lines = [shorten_middle(visible_text(spec_id), id_limit)]
    clean = visible_text(title)
    if clean:
        wrapped = textwrap.wrap(clean, width=width, break_long_words=True, break_on_hyphens=True)
        if len(wrapped) > max_lines:
            wrapped = wrapped[:max_lines]
            wrapped[-1] = shorten(wrapped[-1], width - 1) if len(wrapped[-1]) >= width - 1 else wrapped[-1]
            wrapped[-1] = wrapped[-1].rstrip(" .…") + "…"
        lines.extend(wrapped)
    return lines


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def group_problems(node: ViewNode) -> str:
    """What a collapsed group hides, as one phrase: "2 cycle links, 1 orphan"."""
    parts = []
    if node.cycle_links:
        parts.append(plural(node.cycle_links, "cycle link"))
    if node.missing_links:
        parts.append(plural(node.missing_links, "missing link"))
    if node.orphans:
        parts.append(plural(node.orphans, "orphan"))
    return ", ".join(parts)
