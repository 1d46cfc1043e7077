"""The matrix as an Excel workbook (openpyxl): one header row, frozen below it, filters on, byte-for-byte reproducible.

Every cell is written as a string (``data_type = "s"``): openpyxl would otherwise store a
title that starts with ``=`` as a formula, which Excel runs. Characters XML cannot carry are
dropped. The zip entries and document properties get a fixed date (``modified`` is rewritten after
openpyxl saves, since it stamps the current time), so the same matrix always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from speckit_graph.trace.matrix import COLUMNS, Matrix

_FIXED = dt.datetime(2000, 1, 1)
_WIDTHS = (18, 40, 14, 18, 50, 50, 12)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]{0,200}>)[^<]{0,64}(</dcterms:modified>)")


def render_matrix_xlsx(matrix: Matrix) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Traceability"
    for column, name in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[column - 1]
    for number, row in enumerate(matrix.rows, 2):
        for column, text in enumerate(row.cells(), 1):
            cell = sheet.cell(row=number, column=column)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
            cell.data_type = "s"  # never a formula, whatever the text starts with
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(matrix.rows) + 1}"
    book.properties.creator = "speckit-graph"
    book.properties.created = book.properties.modified = _FIXED
    raw = io.BytesIO()
    book.save(raw)
    return _reproducible(raw.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 (openpyxl stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()
