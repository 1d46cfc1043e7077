"""Which table columns say nothing per row, decided once for every tabular output.

A column that holds the same value on every row (``Priority: —`` on a repository without
priorities, ``In scope as: whole repository``) pushes the columns that do vary into a sideways
scroll (HTML) or a wrapped line (Markdown). Every renderer that draws a table leaves such a column
out and states its value once above the table, in the same words, so a reader of the Markdown
summary and of the HTML page sees the same thing. The decision is about presentation, so it lives
in the render layer and works on the cells as they will be shown.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TypeVar

#: What an empty cell shows in every report format.
NONE = "\u2014"
T = TypeVar("T")


@dataclass(frozen=True)
class Folding:
    """The columns kept (by index) and the (label, value) of each column folded away."""

    keep: tuple[int, ...]
    folded: tuple[tuple[str, str], ...]

    def pick(self, cells: Sequence[T]) -> list[T]:
        """The kept cells of one row (or of the header), in their original order."""
        return [cells[i] for i in self.keep]


def fold_constant(labels: Sequence[str], rows: Sequence[Sequence[str]], foldable: Collection[str]) -> Folding:
    """Fold the ``foldable`` columns whose shown value is the same on every row.

    ``rows`` hold each cell as it will be shown (comparing shown text, not the data behind it,
    is what makes "one value" true for the reader). Nothing is folded with fewer than two rows:
    one row repeats every value, and folding it would empty the table.
    """
    if len(rows) < 2:
        return Folding(tuple(range(len(labels))), ())
    keep: list[int] = []
    folded: list[tuple[str, str]] = []
    for index, label in enumerate(labels):
        values = {row[index] for row in rows}
        if label in foldable and len(values) == 1:
            folded.append((label, next(iter(values))))
        else:
            keep.append(index)
    return Folding(tuple(keep), tuple(folded))


def same_on_every_row(folded: Sequence[tuple[str, str]], strong: Callable[[str], str], capped: bool = False) -> str:
    """``On every row: Priority — (not set), Status Draft.``; ``strong`` marks a label up.

    Labels are the renderer's own words; values are already escaped cell text. ``capped``: the
    table shows only the first rows of a longer list, so the sentence says "every row shown"
    (the rows left out may differ).
    """
    same = ", ".join(f"{strong(label)} {value if value != NONE else NONE + ' (not set)'}" for label, value in folded)
    return f"On every row{' shown' if capped else ''}: {same}."
