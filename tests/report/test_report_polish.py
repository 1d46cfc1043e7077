"""Report polish (issue 13): findings by severity then path, reasons separated, coloured ids
explained, constant columns folded into one line above the table."""

from __future__ import annotations

import json
import re
from pathlib import Path

from speckit_graph.render.report.html_table import fold_constant_columns, table
from tests.conftest import REPO_ROOT, run_cli

RANK = {"error": 0, "warning": 1, "info": 2}


def report(*args: str) -> str:
    run = run_cli("report", *args, "--date", "2024-03-15", cwd=REPO_ROOT)
    assert run.code in (0, 1), run.stderr
    return run.stdout


def test_findings_are_sorted_by_severity_then_path_in_every_format() -> None:
    findings = json.loads(report("examples/broken", "--format", "json"))["findings"]
    keys = [(RANK[f["severity"]], f["path"] or "", f["line"] or 0) for f in findings]
    assert len({k[0] for k in keys}) == 3  # errors, warnings and infos are all there
    assert keys == sorted(keys)
    html = report("examples/broken", "--format", "html")
    section = html[html.index('id="findings-table"') :]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    shown = re.findall(r'<tr[^>]*><td class="word[^"]*">(\w+)</td>', body)  # the first cell: the severity
    assert shown == [f["severity"] for f in findings]


def test_blocker_reasons_are_separated_by_semicolons() -> None:
    html = report("examples/broken", "--format", "html")
    blockers = html[html.index('id="blockers"') : html.index("</table>", html.index('id="blockers"'))]
    why = re.findall(r"<td>([^<]*)</td></tr>", blockers)  # the last cell of each row: the reasons
    assert any("; " in cell for cell in why), why
    assert "<br>" not in html[html.index('id="blockers"') : html.index("</table>", html.index('id="blockers"'))]


def test_coloured_ids_and_severities_are_explained() -> None:
    html = report("examples/broken", "--format", "html")
    assert 'id="specs-legend">Ids in <span class="blocker-id">red</span> are blockers' in html
    assert 'id="findings-legend">Most severe first' in html


def test_a_column_with_one_value_on_every_row_is_stated_once() -> None:
    headers = [("Spec", "id"), ("Priority", ""), ("Status", "")]
    rows = [("", [("a", "id"), ("\u2014", ""), ("draft", "")]), ("", [("b", "id"), ("\u2014", ""), ("review", "")])]
    kept, body, folded = fold_constant_columns(headers, rows, {"Priority", "Status"})
    assert [label for label, _ in kept] == ["Spec", "Status"]
    assert [[c for c, _ in cells] for _, cells in body] == [["a", "draft"], ["b", "review"]]
    assert folded == [("Priority", "\u2014")]
    html = table("t", headers, rows, foldable={"Priority", "Status"})
    assert html.startswith('<p class="meta same" id="t-same">On every row: <b>Priority</b> \u2014 (not set).</p>')
    assert "Priority" not in html[html.index("<table") :]
    # the id column is never folded, and a single row folds nothing
    assert fold_constant_columns(headers, rows[:1], {"Priority"})[2] == []
    assert fold_constant_columns(headers, [rows[0], rows[0]], set())[2] == []


def test_the_diagram_is_embedded_at_its_natural_size(tmp_path: Path) -> None:
    html = report("examples/checkout", "--tag", "release-2.1", "--format", "html")
    assert ".diagram svg{display:block;max-width:none}" in html
    assert "max-width:100%" not in html
