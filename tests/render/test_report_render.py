"""Renderers: hostile strings stay text in Markdown and HTML; JSON follows its schema."""

from __future__ import annotations

import datetime as dt
import html as html_module
import json
import re
import shutil
from html.parser import HTMLParser

import jsonschema
import pytest
from markdown_it import MarkdownIt

from speckit_graph.config.model import Config
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.render.diagram import embed
from speckit_graph.render.diagram.embed import report_diagram
from speckit_graph.render.registry import render_report
from speckit_graph.render.report.render_html import embeddable_svg, render_report_html
from speckit_graph.render.report.render_json import (
    impact_document,
    order_document,
    report_document,
    schema,
)
from speckit_graph.render.report.render_md import render_order_md, render_report_md
from speckit_graph.render.report.render_text import render_impact_text, render_order_text
from speckit_graph.report.readiness import ReadinessReport
from speckit_graph.usecases.load import load, resolve_config
from speckit_graph.usecases.report import build_order, readiness_report, resolve_scope
from speckit_graph.usecases.report import impact as impact_of
from tests.conftest import EXAMPLES, REPO_ROOT

EDGE = REPO_ROOT / "tests" / "report_fixtures" / "edge"
XSS = "<script>alert(1)</script>"
PIPE = "| pipe | title"
MARKDOWN = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def edge_report(release: str = "r1") -> ReadinessReport:
    config = resolve_config(EDGE)
    graph = load(EDGE, config)
    return readiness_report(graph, config, resolve_scope(graph, config, release=release), None, dt.date(2024, 3, 15))


class _Collector(HTMLParser):
    """Every element and the concatenated text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.cells: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.cells.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


# -- escaping -------------------------------------------------------------------------------


def test_markdown_renders_hostile_titles_as_text_and_keeps_table_shape() -> None:
    text = render_report_md(edge_report())
    assert XSS not in text and "| pipe |" not in text
    page = parse(MARKDOWN.render(text))
    assert "script" not in page.tags
    assert any(XSS in row for row in page.cells)
    assert any(PIPE in row for row in page.cells)
    assert any("Typo *in* _dependency_" in row for row in page.cells)  # no emphasis
    widths = {len(row) for row in page.cells if len(row) > 2}
    header_widths = {9, 4, 2, 5}  # blockers/specs, progress, distributions, findings
    assert widths <= header_widths


def test_html_escapes_every_user_string() -> None:
    html = render_report_html(edge_report(), None, "no diagram <here>")
    page = parse(html)
    assert "script" not in page.tags
    text = "".join(page.text)
    assert XSS in text and PIPE in text and "First release <b>not bold</b> | with a pipe" in text
    assert "Eve <eve@example.com>" in text
    assert "no diagram <here>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_is_self_contained_and_locked_down() -> None:
    html = render_report_html(edge_report(), None, None)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"(?:src|href)\s*=", html)  # no link, image or stylesheet to load
    assert "http://" not in html and "https://" not in html and "@import" not in html
    page = parse(html)
    assert page.tags.count("style") == 1 and "script" not in page.tags and "link" not in page.tags
    assert 'id="blockers"' in html and 'id="verdict"' in html and 'name="viewport"' in html


def test_html_embeds_the_diagram_without_its_xml_prologue() -> None:
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n'
        '<!-- dot -->\n<svg viewBox="0 0 1 1"><g/></svg>\n'
    )
    assert embeddable_svg(svg) == '<svg viewBox="0 0 1 1"><g/></svg>'
    html = render_report_html(edge_report(), svg, None)
    assert '<figure class="diagram" id="diagram"><svg viewBox="0 0 1 1"><g/></svg></figure>' in html
    assert "<?xml" not in html and 'id="diagram-note"' not in html


def test_html_without_a_diagram_says_why() -> None:
    html = render_report_html(edge_report(), None, "No diagram: Graphviz is missing.")
    assert '<p class="note" id="diagram-note">No diagram: Graphviz is missing.</p>' in html


def test_text_renderers_neutralise_terminal_escapes(tmp_path: pytest.TempPathFactory) -> None:
    from speckit_graph.core.model import LinkKind
    from speckit_graph.report.impact import Affected, Impact

    result = Impact(
        "spec-a", "\x1b[2Jcleared", None, (Affected("spec-b", 1, LinkKind.DEPENDS_ON, "spec-a", "t\u202eevil", "draft"),)
    )
    text = render_impact_text(result)
    assert "\x1b" not in text and "\u202e" not in text and "\\x1b[2Jcleared" in text and "\\u202e" in text


# -- JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize("release", ["r1", "r2", "done"])
def test_report_json_matches_its_schema(release: str) -> None:
    document = report_document(edge_report(release))
    jsonschema.validate(document, schema("report"), format_checker=jsonschema.FormatChecker())
    json.dumps(document, allow_nan=False)


def test_report_json_of_the_example_matches_its_schema() -> None:
    config = resolve_config(EXAMPLES / "checkout")
    graph = load(EXAMPLES / "checkout", config)
    for tags in ([], ["release-2.1"], ["release-2.0"]):
        report = readiness_report(graph, config, resolve_scope(graph, config, tags=tags), None, dt.date(2024, 3, 15))
        jsonschema.validate(report_document(report), schema("report"), format_checker=jsonschema.FormatChecker())


def test_schema_rejects_a_wrong_document() -> None:
    document = report_document(edge_report())
    document["blockers"][0]["waiting"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema("report"))
    del document["blockers"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema("report"))


def test_order_and_impact_json_match_their_schemas() -> None:
    config = resolve_config(EDGE)
    graph = load(EDGE, config)
    for release in ("r1", "r2"):
        order = build_order(graph, config, resolve_scope(graph, config, release=release))
        jsonschema.validate(order_document(order), schema("order"))
        assert render_order_text(order) and render_order_md(order)
    for spec_id in ("spec-service-core-001", "spec-story-a-001", "spec-epic-done-001"):
        jsonschema.validate(impact_document(impact_of(graph, spec_id), "edge"), schema("impact"))


def test_schemas_are_valid_json_schemas() -> None:
    for kind in ("report", "order", "impact"):
        jsonschema.Draft202012Validator.check_schema(schema(kind))


# -- the diagram (drawn by the graph exporter) ----------------------------------------------


def _edge_graph_and_report() -> tuple[SpecGraph, Config, ReadinessReport]:
    config = resolve_config(EDGE)
    graph = load(EDGE, config)
    report = readiness_report(graph, config, resolve_scope(graph, config, release="r1"), None, dt.date(2024, 3, 15))
    return graph, config, report


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed (apt-get install graphviz)")
def test_html_embeds_the_scope_diagram_with_blockers_highlighted() -> None:
    graph, config, report = _edge_graph_and_report()
    svg, note = report_diagram(report, graph, config)
    assert note is None and svg is not None
    assert svg.count("#7c3aed") >= len(report.blockers)  # the highlight colour, once per blocker
    text = html_module.unescape(svg)  # Graphviz writes "-" as "&#45;"
    for row in report.specs:
        assert f"{row.id}: " in text  # each spec's tooltip
    assert "spec-data-old-001" not in text  # outside the scope
    html = render_report(report, "html", graph, config)
    page = parse(html)
    assert "svg" in page.tags and "script" not in page.tags
    assert XSS not in html.replace("&lt;script&gt;", "")  # escaped inside the SVG too
    assert 'id="diagram-note"' not in html


def test_html_says_why_when_graphviz_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPECKIT_GRAPH_GRAPHVIZ", "no-such-graphviz-binary")
    graph, config, report = _edge_graph_and_report()
    svg, note = report_diagram(report, graph, config)
    assert svg is None and note is not None and "needs Graphviz" in note
    html = render_report(report, "html", graph, config)
    assert '<p class="note" id="diagram-note">No diagram: drawing it needs Graphviz' in html


def test_no_diagram_for_a_huge_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "MAX_DIAGRAM_SPECS", 3)
    graph, config, report = _edge_graph_and_report()
    svg, note = report_diagram(report, graph, config)
    assert svg is None and note is not None and "holds 8 specs, more than the 3" in note
