"""Applying text edits to a file's bytes, refusing overlaps."""

from __future__ import annotations

from collections.abc import Iterable

from speckit_graph.core.fixes import TextEdit


class OverlapError(ValueError):
    """Two edits touch the same bytes (or insert at the same place), so their order would matter."""


def _clash(a: TextEdit, b: TextEdit) -> bool:
    """Whether two edits of one file overlap; two insertions at one offset clash too (ambiguous order)."""
    if a.path != b.path:
        return False
    if a.start == b.start:
        return True
    first, second = (a, b) if a.start < b.start else (b, a)
    return second.start < first.end


def conflicts(edits: Iterable[TextEdit], others: Iterable[TextEdit]) -> bool:
    """Whether any edit of ``edits`` clashes with any of ``others`` (used to pick fixes that can go together)."""
    theirs = list(others)
    return any(_clash(mine, other) for mine in edits for other in theirs)


def apply_edits(data: bytes, edits: Iterable[TextEdit]) -> bytes:
    """``data`` with every edit applied; offsets are bytes of ``data``. OverlapError when two edits clash.

    All edits must be of one file (the caller groups them by ``path``); the order they are
    given in does not matter.
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    if len({edit.path for edit in ordered}) > 1:
        raise ValueError("apply_edits takes the edits of one file")
    pieces: list[bytes] = []
    position = 0
    for index, edit in enumerate(ordered):
        if index and _clash(ordered[index - 1], edit):
            raise OverlapError(f"edits at bytes {ordered[index - 1].start} and {edit.start} of {edit.path} overlap")
        if edit.end > len(data):
            raise ValueError(f"edit [{edit.start}, {edit.end}) is past the end of {edit.path} ({len(data)} bytes)")
        pieces.append(data[position : edit.start])
        pieces.append(edit.text.encode("utf-8"))
        position = edit.end
    pieces.append(data[position:])
    return b"".join(pieces)
