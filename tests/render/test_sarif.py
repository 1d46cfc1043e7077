"""SARIF output: valid against the official 2.1.0 schema, and shaped for GitHub code scanning."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from speckit_graph import __version__
from speckit_graph.check.rules import all_rules
from tests.conftest import Run, run_cli
from tests.support.sarif import sarif_validator

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"


def run(*args: str, cwd: Path | None = None) -> Run:
    return run_cli(*args, cwd=cwd)


def sarif_of(path: Path, *extra: str, cwd: Path | None = None) -> dict[str, Any]:
    done = run("check", str(path), "--format", "sarif", *extra, cwd=cwd)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def write_spec(root: Path, relpath: str, **fields: Any) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)}---\n\nBody.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def validator() -> Any:
    return sarif_validator()


@pytest.mark.parametrize("example", ["checkout", "broken"])
def test_examples_validate_against_the_schema(example: str, validator: Any) -> None:
    document = sarif_of(EXAMPLES / example, cwd=REPO_ROOT)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    results = document["runs"][0]["results"]
    assert (results == []) is (example == "checkout")


def test_driver_lists_every_rule_with_help() -> None:
    driver = sarif_of(EXAMPLES / "checkout", cwd=REPO_ROOT)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "speckit-graph"
    assert driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    catalogue = all_rules()
    assert [r["id"] for r in driver["rules"]] == [rule.code for rule in catalogue]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for entry, rule in zip(driver["rules"], catalogue, strict=True):
        assert entry["name"] == rule.name
        assert entry["shortDescription"]["text"] == rule.summary
        assert rule.code in entry["fullDescription"]["text"]
        assert entry["defaultConfiguration"]["level"] == levels[rule.default_severity.value]
        assert entry["defaultConfiguration"]["enabled"] is rule.enabled_by_default
        assert entry["helpUri"].endswith(f"docs/rules.md#{rule.code.lower()}-{rule.name}")
        assert entry["helpUri"] in entry["help"]["text"] and entry["helpUri"] in entry["help"]["markdown"]
    assert any(r["id"] == "SG007" and r["name"] == "unused-suppression" for r in driver["rules"])


def test_results_match_the_json_findings() -> None:
    broken = EXAMPLES / "broken"
    document = sarif_of(broken, cwd=REPO_ROOT)
    findings = json.loads(run("check", str(broken), "--format", "json", cwd=REPO_ROOT).stdout)["findings"]
    results = document["runs"][0]["results"]
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert len(results) == len(findings) > 20
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding in zip(results, findings, strict=True):
        assert result["ruleId"] == finding["code"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"] == finding["message"]
        assert result["partialFingerprints"] == {"speckitGraphFingerprint/v1": finding["fingerprint"]}
        physical = result["locations"][0]["physicalLocation"]
        # Relative to the repository root (where CI runs), POSIX, against %SRCROOT%.
        assert physical["artifactLocation"] == {"uri": f"examples/broken/{finding['path']}", "uriBaseId": "%SRCROOT%"}
        region = physical.get("region", {})
        assert region.get("startLine") == finding["line"]
        assert region.get("startColumn") == (finding["column"] if finding["line"] is not None else None)
        assert all(value >= 1 for value in region.values())
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_uri_is_relative_to_where_it_runs(tmp_path: Path) -> None:
    write_spec(tmp_path / "specs", "a.md", id="spec-a-001", title="A", type="epic", status="draft", parent="spec-x-001")
    from_parent = sarif_of(Path("specs"), cwd=tmp_path)["runs"][0]["results"][0]
    from_inside = sarif_of(Path("."), cwd=tmp_path / "specs")["runs"][0]["results"][0]
    location = from_parent["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "specs/a.md", "uriBaseId": "%SRCROOT%"}
    assert from_inside["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.md"
    # The same finding has the same fingerprint wherever the command runs.
    assert from_parent["partialFingerprints"] == from_inside["partialFingerprints"]


def test_hostile_names_are_percent_encoded_and_still_valid(tmp_path: Path, validator: Any) -> None:
    name = "odd dir/100% spec #1, ü?.md"
    write_spec(tmp_path, name, id="spec-odd-001", title="Odd", type="user_story", status="draft",
               parent="spec-missing-001\n::error::injected")  # fmt: skip
    document = sarif_of(Path("."), cwd=tmp_path)
    assert not list(validator.iter_errors(document))
    result = document["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "odd%20dir/100%25%20spec%20%231%2C%20%C3%BC%3F.md"
    )
    assert "\n::error::injected" in result["message"]["text"]  # JSON carries it verbatim, safely


@pytest.mark.skipif(sys.platform == "win32", reason="needs undecodable POSIX file names")
def test_undecodable_file_name_does_not_crash(tmp_path: Path) -> None:
    bad = os.fsencode(tmp_path) + b"/bad-\xff.md"
    with open(bad, "wb") as handle:
        handle.write(b"---\nid: spec-bad-001\ntitle: Bad\ntype: epic\nstatus: draft\nparent: spec-none-001\n---\n")
    document = sarif_of(Path("."), cwd=tmp_path)
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "bad-%FF.md"


def test_output_is_deterministic() -> None:
    first = run("check", "examples/broken", "--format", "sarif", cwd=REPO_ROOT)
    second = run("check", "examples/broken", "--format", "sarif", cwd=REPO_ROOT)
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout

    def keys(node: Any) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for value in node.values() for k in keys(value)}
        if isinstance(node, list):
            return {k for value in node for k in keys(value)}
        return set()

    assert not {key for key in keys(json.loads(first.stdout)) if "time" in key.lower()}
