"""HTML tables for the report page: each in its own scrolling box, constant columns folded away.

A column that holds the same value on every row (``Priority: —`` on a repository without
priorities, ``In scope as: whole repository``) says nothing per row and pushes the columns
that do into a sideways scroll; it is left out and its value stated once above the table.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

Cell = tuple[str, str]  # (HTML content, css class)
Row = tuple[str, Sequence[Cell]]  # (tr css class, cells)
Header = tuple[str, str]  # (label HTML, css class)
NONE = "\u2014"  # what an empty cell shows


def fold_constant_columns(
    headers: Sequence[Header], rows: Sequence[Row], foldable: Collection[str]
) -> tuple[list[Header], list[Row], list[tuple[str, str]]]:
    """Headers and rows without the ``foldable`` columns that repeat one value, and those (label, value).

    Nothing is folded with fewer than two rows: one row repeats every value.
    """
    if len(rows) < 2:
        return list(headers), list(rows), []
    keep, folded = [], []
    for index, (label, _cls) in enumerate(headers):
        values = {cells[index][0] for _, cells in rows}
        if label in foldable and len(values) == 1:
            folded.append((label, next(iter(values))))
        else:
            keep.append(index)
    if not folded:
        return list(headers), list(rows), []
    return (
        [headers[i] for i in keep],
        [(tr_class, [cells[i] for i in keep]) for tr_class, cells in rows],
        folded,
    )


def table(
    table_id: str,
    headers: Sequence[Header],
    rows: Iterable[Row],
    stack: bool = False,
    foldable: Collection[str] = (),
) -> str:
    """A table in its own scrolling box; ``stack`` turns rows into labelled cards on phones.

    ``headers`` are (label, css class) pairs; each cell carries its column label in
    ``data-label`` for the stacked layout. Columns named in ``foldable`` that hold one value
    on every row are replaced by a line above the table.
    """
    headers, body_rows, folded = fold_constant_columns(headers, list(rows), foldable)
    head = "".join(
        f'<th class="{cls}" scope="col">{label}</th>' if cls else f'<th scope="col">{label}</th>' for label, cls in headers
    )
    body = []
    for tr_class, cells in body_rows:
        tds = "".join(
            (f'<td class="{cls}" ' if cls else "<td ") + f'data-label="{label}">{content}</td>'
            for (label, _), (content, cls) in zip(headers, cells, strict=True)
        )
        body.append(f'<tr class="{tr_class}">{tds}</tr>' if tr_class else f"<tr>{tds}</tr>")
    table_class = ' class="stack"' if stack else ""
    note = ""
    if folded:
        same = ", ".join(f"<b>{label}</b> {value if value != NONE else NONE + ' (not set)'}" for label, value in folded)
        note = f'<p class="meta same" id="{table_id}-same">On every row: {same}.</p>'
    return (
        f'{note}<div class="scroll"><table id="{table_id}"{table_class}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
