"""The HTML report stays small at scale: tables capped with a note saying how many are left out,
and the phone layout's column labels come from one CSS rule per column, not an attribute per cell."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from speckit_graph.render.report import render_html
from speckit_graph.render.report.html_table import table
from speckit_graph.render.report.render_html import render_report_html
from speckit_graph.report.readiness import ReadinessReport
from speckit_graph.usecases.load import load, resolve_config
from speckit_graph.usecases.report import readiness_report, resolve_scope
from tests.conftest import EXAMPLES


def report() -> ReadinessReport:
    root = EXAMPLES / "checkout"
    config = resolve_config(root)
    graph = load(root, config)
    return readiness_report(graph, config, resolve_scope(graph, config), None, dt.date(2024, 3, 15))


def table_rows(html: str, table_id: str) -> int:
    match = re.search(rf'<table id="{table_id}"[^>]*>.*?<tbody>(.*?)</tbody>', html, re.S)
    assert match is not None, table_id
    return match.group(1).count("<tr")


def test_no_cell_repeats_its_column_label() -> None:
    html = render_report_html(report(), None, None)
    assert "data-label" not in html
    head = html[: html.index("</head>")]
    for table_id in ("specs-table", "blockers"):
        kept = re.findall(r"<th[^>]*>([^<]*)</th>", html[html.index(f'id="{table_id}"') :].split("</thead>", 1)[0])
        assert len(kept) > 3
        for column, label in enumerate(kept, 1):  # the labels of the columns kept, in the head's stylesheet
            assert f'#{table_id} td:nth-child({column})::before{{content:"{label}"}}' in head


def test_every_row_is_written_below_the_cap() -> None:
    rep = report()
    html = render_report_html(rep, None, None)
    assert table_rows(html, "specs-table") == len(rep.specs) > 10
    assert 'id="specs-table-more"' not in html


def test_tables_above_the_cap_say_how_many_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    rep = report()
    monkeypatch.setattr(render_html, "ROW_LIMIT", 5)
    html = render_report_html(rep, None, None)
    assert table_rows(html, "specs-table") == 5
    note = re.search(r'<p class="note" id="specs-table-more">([^<]*)<code>([^<]*)</code>', html)
    assert note is not None
    assert note.group(1) == f"The first 5 of {len(rep.specs):,} specs; every one is in "
    assert note.group(2) == "speckit-graph report --format json"


def test_cells_must_match_the_columns() -> None:
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        table("t", (("a", ""), ("b", ""), ("c", "")), [("", [("x", ""), ("y", "")])])
