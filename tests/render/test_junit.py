"""JUnit XML output: one test case per rule, parseable back, escaped even for hostile specs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from speckit_graph.check.rules import all_rules
from speckit_graph.core.findings import CheckResult, Finding, Severity
from speckit_graph.render.findings.junit import render_junit
from tests.conftest import Run, run_cli

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"


def run(*args: str, cwd: Path | None = None) -> Run:
    return run_cli(*args, cwd=cwd)


def junit(path: Path, *extra: str) -> tuple[int, ET.Element]:
    done = run("check", str(path), "--format", "junit", *extra, cwd=REPO_ROOT)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return done.returncode, ET.fromstring(done.stdout.encode("utf-8"))


def cases(root: ET.Element) -> dict[str, ET.Element]:
    suite = root.find("testsuite")
    assert suite is not None
    return {case.get("name", "").split()[0]: case for case in suite.findall("testcase")}


def test_clean_repository_passes_every_enabled_rule() -> None:
    status, root = junit(EXAMPLES / "checkout")
    assert status == 0
    assert root.tag == "testsuites" and root.get("failures") == "0" and root.get("errors") == "0"
    by_code = cases(root)
    assert list(by_code) == [rule.code for rule in all_rules()]
    assert root.get("tests") == str(len(by_code))
    # Off-by-default rules, history rules without --history and trace rules without [trace] did not run: skipped.
    skipped = {code for code, case in by_code.items() if case.find("skipped") is not None}
    assert skipped == {rule.code for rule in all_rules() if not rule.enabled_by_default or rule.needs_history or rule.needs_trace}
    assert root.get("skipped") == str(len(skipped))


def test_failures_carry_the_findings() -> None:
    status, root = junit(EXAMPLES / "broken")
    assert status == 1
    findings = run("check", "examples/broken", "--format", "json", cwd=REPO_ROOT).stdout
    by_rule: dict[str, list[dict[str, object]]] = {}
    for finding in json.loads(findings)["findings"]:
        by_rule.setdefault(str(finding["code"]), []).append(finding)
    by_code = cases(root)
    failed = {code for code, case in by_code.items() if case.find("failure") is not None}
    assert failed == {code for code, items in by_rule.items() if any(f["severity"] == "error" for f in items)}
    assert root.get("failures") == str(len(failed))
    for code, items in by_rule.items():
        case = by_code[code]
        node = case.find("failure")
        if node is None:
            node = case.find("system-out")  # findings below --fail-on are kept, not failed
        assert node is not None and node.text is not None
        assert len(node.text.strip().splitlines()) == len(items)
        for item in items:
            assert f"examples/broken/{item['path']}" in node.text and str(item["message"]) in node.text
    failure = by_code["SG101"].find("failure")
    assert failure is not None and failure.get("type") == "SG101" and failure.get("message") == "2 findings (2 errors)"


def test_fail_on_moves_the_line() -> None:
    _, strict = junit(EXAMPLES / "broken", "--fail-on", "info")
    _, lenient = junit(EXAMPLES / "broken")
    assert int(strict.get("failures", "0")) > int(lenient.get("failures", "0"))
    assert cases(strict)["SG204"].find("failure") is not None
    assert cases(lenient)["SG204"].find("failure") is None


def test_hostile_text_is_escaped_and_illegal_characters_removed() -> None:
    message = 'a <b> & "c" ]]> \x00\x08\x0b\x1b \ud800 \ufffe end'
    finding = Finding(
        code="SG101", rule="dangling-reference", severity=Severity.ERROR, message=message, path="x</testcase>.md",
        line=1, column=None, spec="s&<", related=(), fingerprint="0" * 20,
    )  # fmt: skip
    result = CheckResult(findings=(finding,), specs=1, files_scanned=1, files_skipped=0, rules_run=("SG101",))
    text = render_junit(result, all_rules(), "", Severity.ERROR)
    root = ET.fromstring(text.encode("utf-8"))  # would raise on an illegal character
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.text is not None
    assert 'x</testcase>.md:1: [error] a <b> & "c" ]]> \\x00\\x08\\x0b\\x1b \\ud800 \\ufffe end (spec s&<)' in failure.text


def test_output_is_deterministic() -> None:
    first = run("check", "examples/broken", "--format", "junit", cwd=REPO_ROOT).stdout
    assert first == run("check", "examples/broken", "--format", "junit", cwd=REPO_ROOT).stdout
    root = ET.fromstring(first.encode("utf-8"))
    assert not [node.tag for node in root.iter() if {"time", "timestamp", "hostname"} & set(node.attrib)]
