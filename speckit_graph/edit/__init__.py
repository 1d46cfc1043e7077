"""The edit layer owns minimal, byte-preserving edits of spec files.

It finds a node of a file's frontmatter (a key, a list entry) and computes the smallest
:class:`~speckit_graph.core.fixes.TextEdit` that changes it, in the style it is written in
(quotes, block or flow lists, CRLF, BOM, comments, key order and the body all stay); it
applies edits, refusing overlaps, and writes files atomically, never outside the
repository root. See docs/edit-api.md for the API in one page.
"""

from speckit_graph.edit.apply import OverlapError, apply_edits, conflicts
from speckit_graph.edit.document import Document, EditError, KeyPath
from speckit_graph.edit.files import OutsideRootError, Staged, discard, read_target, resolve_target, stage, swap_in, write_atomic

__all__ = [
    "Document",
    "EditError",
    "KeyPath",
    "OutsideRootError",
    "OverlapError",
    "Staged",
    "apply_edits",
    "conflicts",
    "discard",
    "read_target",
    "resolve_target",
    "stage",
    "swap_in",
    "write_atomic",
]
