"""The matrix as text: Markdown (GitHub), CSV (spreadsheet-safe) and JSON (schema ``docs/schemas/matrix-v1.schema.json``)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from speckit_graph.render.escape import json_values, markdown
from speckit_graph.trace.matrix import COLUMNS, FileLines, Matrix, MatrixRow

MATRIX_VERSION = 1
#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
#: such cells get a leading apostrophe, which spreadsheets show as text and hide.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def summary(matrix: Matrix) -> str:
    total = len(matrix.rows)
    return (
        f"{total} spec{'s' if total != 1 else ''} ({matrix.scope}): {matrix.implemented} mentioned by code "
        f"({_percent(matrix.implemented, total)}), {matrix.tested} by tests ({_percent(matrix.tested, total)})"
    )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def render_matrix_md(matrix: Matrix) -> str:
    out = ["# Traceability matrix", "", markdown(summary(matrix)), ""]
    out.append("| " + " | ".join(COLUMNS) + " |")
    out.append("|" + "---|" * len(COLUMNS))
    for row in matrix.rows:
        cells = [
            markdown(row.id),
            markdown(row.title),
            markdown(row.status),
            markdown(row.parent),
            _md_files(row.code),
            _md_files(row.tests),
            markdown(row.result),
        ]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def _md_files(files: tuple[FileLines, ...]) -> str:
    return "<br>".join(markdown(f.text()) for f in files)


def render_matrix_csv(matrix: Matrix) -> str:
    """RFC 4180 CSV with a header row; ``csv.reader`` gives back exactly ``MatrixRow.cells()`` (formula-safe)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in matrix.rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row.cells()])
    return buffer.getvalue()


def _files(files: tuple[FileLines, ...]) -> list[dict[str, Any]]:
    return [{"path": f.path, "lines": list(f.lines)} for f in files]


def _row(row: MatrixRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "status": row.status or None,
        "parent": row.parent or None,
        "code": _files(row.code),
        "tests": _files(row.tests),
        "result": row.result or None,
        "results": row.results,
    }


def render_matrix_json(matrix: Matrix) -> str:
    document = {
        "version": MATRIX_VERSION,
        "scope": matrix.scope,
        "summary": {"specs": len(matrix.rows), "implemented": matrix.implemented, "tested": matrix.tested},
        "specs": [_row(row) for row in matrix.rows],
    }
    return json.dumps(json_values(document), indent=2, ensure_ascii=False) + "\n"
