"""``report`` on a traced repository: coverage matches the plant, failing tests block, JSON keeps its schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speckit_graph.render.registry import REPORT_RENDERERS, RenderContext
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.report import ReleaseRequest, run_report
from tests.trace.planted import Planted, plant

SCHEMA = Path(__file__).resolve().parents[2] / "speckit_graph" / "render" / "report" / "schemas" / "report-v1.schema.json"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return plant(tmp_path_factory.mktemp("report"))


def test_coverage_counts_the_planted_specs(planted: Planted) -> None:
    outcome = run_report(ReleaseRequest(LoadOptions(path=planted.root / "specs", jobs=1), date="2026-01-01"))
    found = outcome.report.coverage
    assert found is not None
    assert found.specs == len(planted.statuses)
    assert found.implemented == len(planted.implemented)
    assert found.verified == len(planted.tested - planted.failing)
    assert found.failing == len(planted.failing)
    blocked = {b.id: b for b in outcome.report.blockers}
    assert any(r.code == "SG504" for r in blocked["REQ-0002"].reasons), "a failing test blocks its spec"


def test_report_formats_show_coverage(planted: Planted) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    outcome = run_report(ReleaseRequest(LoadOptions(path=planted.root / "specs", jobs=1), date="2026-01-01"))
    document = json.loads(REPORT_RENDERERS["json"](outcome, RenderContext()))
    jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert document["coverage"]["implemented"] == len(planted.implemented)
    assert "Specs verified by tests" in REPORT_RENDERERS["md"](outcome, RenderContext())
    assert "verified by tests" in REPORT_RENDERERS["html"](outcome, RenderContext())


def test_impact_names_the_code_and_tests_a_change_touches(planted: Planted) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from speckit_graph.render.registry import IMPACT_RENDERERS
    from speckit_graph.usecases.report import ImpactRequest, run_impact

    outcome = run_impact(ImpactRequest("REQ-0004", LoadOptions(path=planted.root / "specs", jobs=1)))
    assert outcome.impact.code == () and outcome.impact.tests == ("../build/test-results/junit.xml", "../tests/test_app.py")
    epic = run_impact(ImpactRequest("EPIC-0001", LoadOptions(path=planted.root / "specs", jobs=1)))
    assert epic.impact.code == ("../src/app/main.py",)
    assert "Code that mentions these specs: 1 file" in IMPACT_RENDERERS["text"](epic, RenderContext())
    schema = json.loads((SCHEMA.parent / "impact-v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(IMPACT_RENDERERS["json"](epic, RenderContext())), schema)
