"""``report``, ``order`` and ``impact`` over the hostile corpus: every format renders, nothing runs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from speckit_graph.render.registry import render_report
from speckit_graph.render.report.render_json import impact_document, order_document, report_document, schema
from speckit_graph.render.report.render_md import render_order_md
from speckit_graph.render.report.render_text import render_impact_text, render_order_text
from speckit_graph.usecases.load import load, resolve_config
from speckit_graph.usecases.report import build_order, readiness_report, resolve_scope
from speckit_graph.usecases.report import impact as impact_of
from tests.conftest import assert_no_traceback, run_cli
from tests.hostile.corpus import build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("hostile")
    build(root)
    yield root


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def test_every_view_and_format_renders_the_hostile_corpus(corpus: Path) -> None:
    config = resolve_config(corpus)
    graph = load(corpus, config)
    scope = resolve_scope(graph, config)
    report = readiness_report(graph, config, scope, None, dt.date(2024, 3, 15))
    assert not report.ready and report.file_errors  # unparsable files block the whole repository
    document = report_document(report)
    jsonschema.validate(json.loads(render_report(report, "json")), schema("report"))
    assert document["specs"]
    markdown = render_report(report, "md", limit=None)
    assert "\x1b" not in markdown and "\x00" not in markdown
    html = render_report(report, "html", graph, config)
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "iframe" not in parser.tags and "object" not in parser.tags
    order = build_order(graph, config, scope)
    jsonschema.validate(order_document(order), schema("order"))
    assert render_order_text(order) and render_order_md(order, None)
    for spec_id in graph.ids()[:25]:
        result = impact_of(graph, spec_id)
        jsonschema.validate(impact_document(result, str(corpus)), schema("impact"))
        assert "\x1b" not in render_impact_text(result)


def test_cli_report_over_the_hostile_corpus(corpus: Path, tmp_path: Path) -> None:
    run = run_cli("report", corpus, "--format", "html", "-o", tmp_path / "r.html", "--date", "2024-03-15")
    assert_no_traceback(run)
    assert run.code == 1, run.stderr
    run = run_cli("order", corpus)
    assert_no_traceback(run)
    assert run.code in (0, 1), run.stderr
