"""The matrix as one self-contained HTML page: every value escaped, no script, the report's Content-Security-Policy."""

from __future__ import annotations

from speckit_graph.render.escape import html_text as h
from speckit_graph.render.matrix.tables import summary
from speckit_graph.trace.matrix import COLUMNS, FileLines, Matrix

#: The same policy as the readiness report: no script, no remote load, inline styles only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}"
    "th{background:#f4f4f4;position:sticky;top:0}td.files{font-family:monospace;font-size:.8rem}"
    ".failed,.error{color:#b00;font-weight:bold}.passed{color:#070}.none{color:#999}"
)


def render_matrix_html(matrix: Matrix) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="speckit-graph">',
        "<title>Traceability matrix</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<h1>Traceability matrix</h1>",
        f"<p>{h(summary(matrix))}</p>",
        "<table>",
        "<thead><tr>" + "".join(f"<th>{h(c)}</th>" for c in COLUMNS) + "</tr></thead>",
        "<tbody>",
    ]
    for row in matrix.rows:
        result = f'<td class="{h(row.result)}">{h(row.result)}</td>' if row.result else '<td class="none">none</td>'
        out.append(
            "<tr>"
            f"<td>{h(row.id)}</td><td>{h(row.title)}</td><td>{h(row.status)}</td><td>{h(row.parent)}</td>"
            f'<td class="files">{_files(row.code)}</td><td class="files">{_files(row.tests)}</td>{result}'
            "</tr>"
        )
    out += ["</tbody>", "</table>", "</body>", "</html>", ""]
    return "\n".join(out)


def _files(files: tuple[FileLines, ...]) -> str:
    return "<br>".join(h(f.text()) for f in files)
