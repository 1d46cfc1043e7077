"""The HTML report has one stylesheet: stacked tables add their phone labels to it, never inline."""

from __future__ import annotations

from speckit_graph.render.report.html_table import Stylesheet, table
from speckit_graph.render.report.render_html import render_report_html
from tests.render.test_report_html_size import report


def test_a_stacked_table_adds_its_labels_to_the_page_stylesheet() -> None:
    styles = Stylesheet("body{margin:0}")
    html = table("t", (("Spec", "id"), ("Title", "")), [("", [("a", "id"), ("b", "")])], stack=styles)
    assert "<style" not in html and '<table id="t" class="stack">' in html
    assert styles.css() == (
        'body{margin:0}@media (max-width:700px){#t td:nth-child(1)::before{content:"Spec"}'
        '#t td:nth-child(2)::before{content:"Title"}}'
    )


def test_an_unstacked_table_adds_nothing() -> None:
    styles = Stylesheet("body{margin:0}")
    html = table("t", (("Spec", ""),), [("", [("a", "")])])
    assert 'class="stack"' not in html and styles.css() == "body{margin:0}"


def test_the_page_has_exactly_one_stylesheet_in_its_head() -> None:
    html = render_report_html(report(), None, None)
    assert html.count("<style") == 1 and html.index("</style>") < html.index("</head>")
    assert html.count("#specs-table td:nth-child(1)::before") == 1
