"""Frontmatter suppressions (``speckit-graph: {ignore: [...]}``) and SG007 unused-suppression."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from speckit_graph.check.rules import get_rule
from speckit_graph.core.findings import Severity
from speckit_graph.usecases.check import check as check_graph
from speckit_graph.usecases.load import load
from tests.conftest import run_cli


def write_spec(root: Path, relpath: str, **fields: Any) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{yaml.safe_dump(fields, sort_keys=False)}---\n", encoding="utf-8")


def orphan(spec_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": spec_id, "title": spec_id, "type": "user_story", "status": "draft", **extra}


def check(root: Path, *args: str) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
    result = run_cli("check", str(root), "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    document = json.loads(result.stdout)
    return result.exit_code, document["findings"], document["summary"]


def codes(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted((str(f["code"]), str(f["spec"])) for f in findings)


def test_sg007_is_registered_as_an_analysis_rule() -> None:
    rule = get_rule("unused-suppression")
    assert rule is not None and rule.code == "SG007" and rule.origin == "analysis"
    assert rule.default_severity is Severity.INFO and rule.check is None


@pytest.mark.parametrize("selector", ["SG203", "orphan", "SG2"])
def test_suppression_silences_the_rule_for_that_spec_only(tmp_path: Path, selector: str) -> None:
    write_spec(tmp_path, "a.md", **orphan("spec-a-001", **{"speckit-graph": {"ignore": [selector]}}))
    write_spec(tmp_path, "b.md", **orphan("spec-b-001"))
    status, findings, summary = check(tmp_path)
    assert codes(findings) == [("SG203", "spec-b-001")]
    assert summary["suppressed"] == 1
    assert status == 0


def test_a_single_string_is_accepted(tmp_path: Path) -> None:
    write_spec(tmp_path, "a.md", **orphan("spec-a-001", **{"speckit-graph": {"ignore": "orphan"}}))
    assert check(tmp_path)[1] == []


def test_suppression_does_not_reach_other_rules(tmp_path: Path) -> None:
    write_spec(tmp_path, "a.md", **orphan("spec-a-001", status="Draft", **{"speckit-graph": {"ignore": ["SG203"]}}))
    _, findings, summary = check(tmp_path)
    assert codes(findings) == [("SG402", "spec-a-001")] and summary["suppressed"] == 1


def test_unused_and_unknown_suppressions_are_reported(tmp_path: Path) -> None:
    write_spec(tmp_path, "epic.md", id="spec-epic-001", title="E", type="epic", status="draft",
               **{"speckit-graph": {"ignore": ["SG203", "SG999", "no-such-rule", "SG101"]}})  # fmt: skip
    status, findings, summary = check(tmp_path)
    assert status == 0, "SG007 is info: it never fails the default gate"
    messages = sorted(str(f["message"]) for f in findings)
    assert messages == [
        "speckit-graph.ignore names 'SG999', which matches no rule",
        "speckit-graph.ignore names 'no-such-rule', which matches no rule",
        "suppression of 'SG101' silences nothing on 'spec-epic-001'; remove it from speckit-graph.ignore",
        "suppression of 'SG203' silences nothing on 'spec-epic-001'; remove it from speckit-graph.ignore",
    ]
    assert {(f["code"], f["rule"], f["severity"], f["path"], f["line"]) for f in findings} == {
        ("SG007", "unused-suppression", "info", "epic.md", 6)
    }
    assert summary["suppressed"] == 0
    assert check(tmp_path, "--fail-on", "info")[0] == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["SG203"], "speckit-graph must be a mapping such as {ignore: [SG203]}, got a list"),
        ({"ignore": 3}, "speckit-graph.ignore must be a list of rule codes or names, got a number"),
        ({"ignore": ["SG203", 4]}, "got an empty or non-string entry"),
        ({"ignore": ["SG203"], "select": ["x"]}, "speckit-graph: unknown key 'select' (known: ignore)"),
    ],
)
def test_malformed_suppressions_are_reported(tmp_path: Path, value: Any, message: str) -> None:
    write_spec(tmp_path, "a.md", **orphan("spec-a-001", **{"speckit-graph": value}))
    _, findings, _ = check(tmp_path)
    assert any(f["code"] == "SG007" and message in f["message"] for f in findings), findings


def test_rules_that_did_not_run_are_not_judged(tmp_path: Path) -> None:
    write_spec(tmp_path, "a.md", **orphan("spec-a-001", parent="spec-a-001", **{"speckit-graph": {"ignore": ["SG203"]}}))
    _, findings, _ = check(tmp_path, "--select", "SG1,SG007")
    # SG203 did not run, so nobody can say the suppression is unused.
    assert codes(findings) == [("SG103", "spec-a-001")]
    # SG204 is off by default: a suppression kept for the day it is turned on is not nagged about.
    write_spec(tmp_path, "a.md", **orphan("spec-a-001", **{"speckit-graph": {"ignore": ["SG203", "SG204"]}}))
    assert check(tmp_path)[1] == []


def test_sg007_can_be_silenced_per_spec_and_globally(tmp_path: Path) -> None:
    write_spec(tmp_path, "a.md", id="spec-a-001", title="A", type="epic", status="draft",
               **{"speckit-graph": {"ignore": ["SG101", "unused-suppression"]}})  # fmt: skip
    _, findings, summary = check(tmp_path)
    assert findings == [] and summary["suppressed"] == 1
    write_spec(tmp_path, "a.md", id="spec-a-001", title="A", type="epic", status="draft",
               **{"speckit-graph": {"ignore": ["SG101"]}})  # fmt: skip
    assert [f["code"] for f in check(tmp_path)[1]] == ["SG007"]
    assert check(tmp_path, "--ignore", "SG007")[1] == []


def test_duplicate_selectors_covering_one_finding_are_all_used(tmp_path: Path) -> None:
    write_spec(tmp_path, "a.md", **orphan("spec-a-001", **{"speckit-graph": {"ignore": ["SG203", "orphan"]}}))
    _, findings, summary = check(tmp_path)
    assert findings == [] and summary["suppressed"] == 1


def test_analysis_does_not_print(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_spec(tmp_path, "a.md", **orphan("spec-a-001", **{"speckit-graph": {"ignore": ["SG203", "SG999"]}}))
    result = check_graph(load(tmp_path))
    assert result.suppressed == 1 and [f.code for f in result.findings] == ["SG007"]
    assert "SG007" in result.rules_run and "SG204" not in result.rules_run
    assert capsys.readouterr() == ("", "")


def test_suppression_in_the_text_summary(tmp_path: Path) -> None:
    write_spec(tmp_path, "a.md", **orphan("spec-a-001", **{"speckit-graph": {"ignore": ["orphan"]}}))
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 0 and result.stdout.rstrip().endswith("0 infos, 1 suppressed.")
