"""The fast JSON and SARIF writers (orjson) print the same bytes as the standard library did.

The reference is the renderers as they were before orjson: ``json.dumps(..., indent=2,
ensure_ascii=False)`` of the same documents (the check JSON through ``json_values``). Compared
on examples/broken (one finding of every rule, hostile file names included) and on a generated
findings-heavy repository (the benchmark generator with a vocabulary the configuration does not
know: thousands of findings), and on the documents orjson refuses or would spell differently.
"""

from __future__ import annotations

import json

import pytest

from speckit_graph.check.rules import all_rules
from speckit_graph.core.findings import CheckResult, Finding, Severity
from speckit_graph.render.escape import json_text, json_values
from speckit_graph.render.findings.check_json import check_document, render_json
from speckit_graph.render.findings.sarif import render_sarif, sarif_document
from speckit_graph.usecases.check import check_path
from tests.conftest import REPO_ROOT
from tests.support.bench import generator


def reference_json(result: CheckResult, root: str) -> str:
    return json.dumps(json_values(check_document(result, root)), indent=2, ensure_ascii=False) + "\n"


def reference_sarif(result: CheckResult, root: str) -> str:
    return json.dumps(sarif_document(result, all_rules(), root, "9.9.9"), indent=2, ensure_ascii=False) + "\n"


@pytest.fixture(scope="module")
def heavy(tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    root = tmp_path_factory.mktemp("heavy") / "repo"
    generator().generate(root, 400, seed=5, foreign=True)
    result = check_path(root)
    assert len(result.findings) > 1000  # the foreign vocabulary makes it findings-heavy
    return result


def test_broken_example_json_and_sarif_are_byte_identical() -> None:
    result = check_path(REPO_ROOT / "examples" / "broken")
    assert len({finding.code for finding in result.findings}) > 20
    assert render_json(result, "examples/broken") == reference_json(result, "examples/broken")
    assert render_sarif(result, all_rules(), "examples/broken", "9.9.9") == reference_sarif(result, "examples/broken")


def test_findings_heavy_json_and_sarif_are_byte_identical(heavy: CheckResult) -> None:
    assert render_json(heavy, "repo") == reference_json(heavy, "repo")
    assert render_sarif(heavy, all_rules(), "repo", "9.9.9") == reference_sarif(heavy, "repo")


def _finding(message: str = "m", path: str | None = "a.md", extra: dict[str, object] | None = None) -> Finding:
    return Finding("SG101", "dangling-reference", Severity.ERROR, message, path, 3, 4, "spec-a-001", ("x",), "f" * 16,
                   extra=extra or {})  # fmt: skip


@pytest.mark.parametrize(
    "finding",
    [
        _finding(message="lone \udcff surrogate from an undecodable name"),
        _finding(path="caf\udce9.md"),
        _finding(message='controls \x00\x1b\x7f \u2028 tab\t nl\n quote" backslash\\ é 𝄞'),
        _finding(extra={"target": "x", "score": 1e16}),
        _finding(extra={"target": "x", "score": 1e-7, "nan": float("nan")}),
        _finding(extra={"huge": 2**70}),
        _finding(extra={"nested": ("a", "b"), "none": None, "flag": True}),
    ],
    ids=["surrogate-message", "surrogate-path", "controls", "float-big", "float-small-nan", "int-128", "tuple"],
)
def test_documents_orjson_refuses_or_spells_differently_take_the_standard_path(finding: Finding) -> None:
    result = CheckResult(findings=(finding,), specs=1, files_scanned=1, files_skipped=0)
    assert render_json(result, "r") == reference_json(result, "r")


def test_json_text_matches_json_dumps_on_plain_data() -> None:
    document = {"a": [], "b": {}, "c": [1, None, True, "ü"], "d": {"e": [{"f": -3}]}}
    assert json_text(document) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert json_text(document, fast=False) == json_text(document)
