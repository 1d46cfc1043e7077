"""HTML tables for the report page: each in its own scrolling box, constant columns folded away.

Which columns fold, and the sentence that states their value, come from
:mod:`speckit_graph.render.columns` so the Markdown report folds the same ones in the same words.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from speckit_graph.render.columns import fold_constant, same_on_every_row

Cell = tuple[str, str]  # (HTML content, css class)
Row = tuple[str, Sequence[Cell]]  # (tr css class, cells)
Header = tuple[str, str]  # (label HTML, css class)


class Stylesheet:
    """The page's one stylesheet: fixed rules plus those its parts add while they render.

    A stacked table knows its phone-layout labels only once it has folded its columns, and the
    stylesheet sits in the head, above every table; so the page renders its sections first,
    passing this along, and writes the head last with :meth:`css`.
    """

    def __init__(self, base: str = "") -> None:
        self._rules = [base]

    def add(self, rule: str) -> None:
        """Append ``rule`` (our own CSS text, never user input) after the rules already added."""
        self._rules.append(rule)

    def css(self) -> str:
        """Every rule, in the order added."""
        return "".join(self._rules)


def fold_constant_columns(
    headers: Sequence[Header], rows: Sequence[Row], foldable: Collection[str]
) -> tuple[list[Header], list[Row], list[tuple[str, str]]]:
    """Headers and rows without the ``foldable`` columns that repeat one value, and those (label, value).

    The decision is :func:`speckit_graph.render.columns.fold_constant`, shared with Markdown.
    """
    folding = fold_constant([label for label, _ in headers], [[c for c, _ in cells] for _, cells in rows], foldable)
    if not folding.folded:
        return list(headers), list(rows), []
    return (
        folding.pick(headers),
        [(tr_class, folding.pick(cells)) for tr_class, cells in rows],
        list(folding.folded),
    )


def table(
    table_id: str,
    headers: Sequence[Header],
    rows: Iterable[Row],
    stack: Stylesheet | None = None,
    foldable: Collection[str] = (),
    what: str = "rows",
    total: int | None = None,
    limit: int | None = None,
) -> str:
    """A table in its own scrolling box; with ``stack``, rows become labelled cards on phones.

    ``headers`` are (label, css class) pairs. Columns named in ``foldable`` that hold one value
    on every row are replaced by a line above the table. At most ``limit`` rows are written; a
    note under the table says how many ``what`` there are in all (``total`` when the caller
    built only the rows written) and where the complete list is. The phone layout's labels come
    from one CSS rule per kept column, added to the page's ``stack`` stylesheet, not an attribute
    on every cell (40% of a large page).
    """
    rows = list(rows)
    for _, cells in rows:
        if len(cells) != len(headers):
            raise ValueError(f"{table_id}: {len(cells)} cells for {len(headers)} columns")
    total = len(rows) if total is None else total
    if limit is not None:
        rows = rows[:limit]
    headers, body_rows, folded = fold_constant_columns(headers, rows, foldable)
    head = "".join(
        f'<th class="{cls}" scope="col">{label}</th>' if cls else f'<th scope="col">{label}</th>' for label, cls in headers
    )
    body = []
    for tr_class, cells in body_rows:
        tds = "".join(f'<td class="{cls}">{content}</td>' if cls else f"<td>{content}</td>" for content, cls in cells)
        body.append(f'<tr class="{tr_class}">{tds}</tr>' if tr_class else f"<tr>{tds}</tr>")
    table_class = ""
    if stack is not None:
        table_class = ' class="stack"'
        stack.add(_stack_labels(table_id, headers))
    note = ""
    if folded:
        capped = limit is not None and total > limit
        sentence = same_on_every_row(folded, lambda label: f"<b>{label}</b>", capped)
        note = f'<p class="meta same" id="{table_id}-same">{sentence}</p>'
    more = ""
    if limit is not None and total > limit:
        more = (
            f'<p class="note" id="{table_id}-more">The first {limit:,} of {total:,} {what}; '
            f"every one is in <code>speckit-graph report --format json</code>.</p>"
        )
    return (
        f'{note}<div class="scroll"><table id="{table_id}"{table_class}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{more}"
    )


def _stack_labels(table_id: str, headers: Sequence[Header]) -> str:
    """The phone layout's cell labels for this table's kept columns, as one CSS rule."""
    rules = "".join(
        f'#{table_id} td:nth-child({column})::before{{content:"{_css_string(label)}"}}'
        for column, (label, _) in enumerate(headers, 1)
    )
    return f"@media (max-width:700px){{{rules}}}"


def _css_string(text: str) -> str:
    """Header labels are our own words; escaped anyway so a quote can never end the CSS string."""
    return "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in text)
