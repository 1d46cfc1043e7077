"""``report --target verified``: specs that reached the target but no test verifies block, with their own reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.core.trace import FAILED, PASSED, CaseResult, TraceIndex
from speckit_graph.render.registry import REPORT_RENDERERS, RenderContext
from speckit_graph.report.readiness import ReasonKind
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.load import session
from speckit_graph.usecases.report import ReleaseRequest, ReportOutcome, readiness_report, resolve_scope, run_report
from tests.trace.planted import Planted, plant

SCHEMA = Path(__file__).resolve().parents[2] / "speckit_graph" / "render" / "report" / "schemas" / "report-v1.schema.json"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return plant(tmp_path_factory.mktemp("verified"))


def _verified(planted: Planted) -> ReportOutcome:
    return run_report(ReleaseRequest(LoadOptions(path=planted.root / "specs", jobs=1), target="verified", date="2026-01-01"))


def test_untested_implemented_specs_block_with_their_own_reason(planted: Planted) -> None:
    outcome = _verified(planted)
    report = outcome.report
    assert report.verified and report.target == "implemented" and not report.ready and outcome.exit_status == 1
    untested = {b.id for b in report.blockers if any(r.kind is ReasonKind.UNTESTED for r in b.reasons)}
    expected = {i for i, status in planted.statuses.items() if status == "implemented" and i not in planted.tested}
    assert expected and untested == expected
    # a spec that has not reached the status blocks by its status only, never as untested too
    assert all(planted.statuses[i] == "implemented" for i in untested)
    plain = run_report(ReleaseRequest(LoadOptions(path=planted.root / "specs", jobs=1), date="2026-01-01")).report
    assert not plain.verified
    assert not any(r.kind is ReasonKind.UNTESTED for b in plain.blockers for r in b.reasons)
    assert {b.id for b in report.blockers} == {b.id for b in plain.blockers} | expected


def test_every_format_says_verified(planted: Planted) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    outcome = _verified(planted)
    document = json.loads(REPORT_RENDERERS["json"](outcome, RenderContext()))
    jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert document["verified"] is True and document["ready"] is False
    kinds = {r["kind"] for b in document["blockers"] for r in b["reasons"]}
    assert "untested" in kinds
    markdown = REPORT_RENDERERS["md"](outcome, RenderContext())
    assert "**Target:** implemented and verified by tests" in markdown
    assert "no test file or JUnit test case mentions it" in markdown
    html = REPORT_RENDERERS["html"](outcome, RenderContext())
    assert "Target <b>implemented and verified by tests</b>" in html
    plain = run_report(ReleaseRequest(LoadOptions(path=planted.root / "specs", jobs=1), date="2026-01-01"))
    assert "verified" not in json.loads(REPORT_RENDERERS["json"](plain, RenderContext()))


def test_failing_tests_block_a_spec_that_reached_the_target(planted: Planted) -> None:
    with session(LoadOptions(path=planted.root / "specs", jobs=1)) as loader:
        graph = loader.load()  # no trace attached: no SG504 finding says it first
    config = loader.config
    index = TraceIndex(
        results=(
            CaseResult("REQ-0003", "test_b", FAILED, "j.xml"),
            CaseResult("REQ-0003", "test_a", PASSED, "j.xml"),
            CaseResult("REQ-0007", "test_c", PASSED, "j.xml"),
        )
    )
    report = readiness_report(graph, config, resolve_scope(graph, config), None, None, verify=index)
    reasons = {b.id: {r.kind: r.message for r in b.reasons} for b in report.blockers}
    assert reasons["REQ-0003"] == {ReasonKind.FAILING_TESTS: "1 test case(s) failed: test_b"}
    assert "REQ-0007" not in reasons, "passed JUnit cases verify a spec"
    assert ReasonKind.UNTESTED in reasons["REQ-0011"]


def test_verified_needs_trace(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nid: spec-a-001\ntitle: A\nstatus: implemented\n---\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"--target verified needs \[trace\]"):
        run_report(ReleaseRequest(LoadOptions(path=tmp_path, jobs=1), target="verified"))
