"""``check --fix`` / ``--unsafe-fixes`` / ``--diff`` on a copy of examples/broken, JSON and SARIF fix objects."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.core.fixes import TextEdit
from speckit_graph.edit import apply_edits
from tests.conftest import EXAMPLES, SHARED, assert_no_traceback, run_cli
from tests.support.sarif import sarif_errors

SAFE = {"SG007", "SG105", "SG106", "SG204", "SG402"}
UNSAFE = {"SG101", "SG103", "SG404"}


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    target = tmp_path / "broken"
    shutil.copytree(EXAMPLES / "broken", target)
    return target


def findings(root: Path) -> list[dict[str, Any]]:
    run = run_cli("check", root, "--format", "json", "--no-cache")
    assert_no_traceback(run)
    assert run.code in (0, 1), run.stderr
    found: list[dict[str, Any]] = json.loads(run.stdout)["findings"]
    return found


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def keyed(items: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(f["code"], f["fingerprint"]) for f in items}


def test_fix_removes_every_safe_fixable_finding_adds_none_and_touches_only_the_edited_spans(broken: Path) -> None:
    before_findings = findings(broken)
    safe = [f for f in before_findings if f.get("fix", {}).get("safety") == "safe"]
    assert {f["code"] for f in safe} == SAFE, "examples/broken plants one safe-fixable finding per fixable rule"
    assert all("fix" not in f for f in before_findings if f["code"] not in SAFE | UNSAFE)
    before = snapshot(broken)
    run = run_cli("check", broken, "--fix", "--no-cache", "--no-color")
    assert_no_traceback(run)
    assert run.code == 1, run.stderr  # errors remain (SG102, SG201...)
    assert "fixed 5 findings (SG007: 1, SG105: 1, SG106: 1, SG204: 1, SG402: 1) in 5 files" in run.stderr
    assert "3 more fixable with --unsafe-fixes" in run.stderr
    after_findings = findings(broken)
    assert not keyed(safe) & keyed(after_findings), "every safe-fixed finding is gone"
    assert keyed(after_findings) <= keyed(before_findings), "no new finding"
    after = snapshot(broken)
    assert after.keys() == before.keys()
    edits: dict[str, list[TextEdit]] = {}
    for finding in safe:
        for edit in finding["fix"]["edits"]:
            edits.setdefault(edit["path"], []).append(TextEdit(**edit))
    changed = {path for path in before if before[path] != after[path]}
    assert changed == set(edits)
    for path, file_edits in edits.items():
        assert after[path] == apply_edits(before[path], file_edits), "bytes outside the edited spans are unchanged"


def test_unsafe_fixes_then_a_second_run_changes_nothing(broken: Path) -> None:
    unsafe = [f for f in findings(broken) if f.get("fix", {}).get("safety") == "unsafe"]
    assert {f["code"] for f in unsafe} == UNSAFE
    run = run_cli("check", broken, "--fix", "--unsafe-fixes", "--no-cache")
    assert "fixed 8 findings" in run.stderr, run.stderr
    remaining = findings(broken)
    assert not keyed(unsafe) & keyed(remaining)
    assert all("fix" not in f for f in remaining)
    frozen = snapshot(broken)
    again = run_cli("check", broken, "--fix", "--unsafe-fixes", "--no-cache")
    assert "fixed 0 findings in 0 files" in again.stderr
    assert snapshot(broken) == frozen
    assert run_cli("check", broken, "--diff", "--unsafe-fixes", "--no-cache").code == 0


def test_diff_writes_nothing_and_exits_1(broken: Path) -> None:
    before = snapshot(broken)
    run = run_cli("check", broken, "--diff", "--no-cache")
    assert run.code == 1
    assert "-status: 'Draft'\n+status: 'draft'\n" in run.stdout
    assert "--- a/stories/digest-timezone.md\n+++ b/stories/digest-timezone.md\n" in run.stdout
    assert "would fix 5 findings" in run.stderr
    assert snapshot(broken) == before


def test_without_fix_nothing_is_written_and_options_need_fix(broken: Path) -> None:
    before = snapshot(broken)
    for args in (("--format", "json"), ("--format", "sarif"), ("--format", "text")):
        run_cli("check", broken, *args, "--no-cache")
    assert snapshot(broken) == before
    for flag in ("--unsafe-fixes", "--allow-dirty"):
        run = run_cli("check", broken, flag)
        assert run.code == 2 and "only apply with --fix or --diff" in run.stderr


def test_sarif_fixes_validate_against_the_schema(broken: Path) -> None:
    run = run_cli("check", "broken", "--format", "sarif", "--no-cache", cwd=broken.parent)
    document = json.loads(run.stdout)
    assert sarif_errors(document) == []
    results = document["runs"][0]["results"]
    with_fixes = [r for r in results if "fixes" in r]
    assert {r["ruleId"] for r in with_fixes} == SAFE | UNSAFE
    change = with_fixes[0]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "broken/features/preferences.md", "uriBaseId": "%SRCROOT%"}
    assert {"byteOffset", "byteLength"} <= change["replacements"][0]["deletedRegion"].keys()
    shared_schema = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if shared_schema.is_file():
        import jsonschema

        schema = json.loads(shared_schema.read_text(encoding="utf-8"))
        validator = jsonschema.validators.validator_for(schema)(schema)
        assert not list(validator.iter_errors(document))


GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}  # fmt: skip


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_dirty_files_are_refused_unless_allow_dirty(broken: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=broken, check=True, capture_output=True, env={**GIT_ENV, "PATH": "/usr/bin:/bin"})

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "init")
    timezone = broken / "stories" / "digest-timezone.md"
    timezone.write_bytes(timezone.read_bytes() + b"\nedited\n")
    before = snapshot(broken)
    run = run_cli("check", broken, "--fix", "--no-cache")
    assert run.code == 2 and "uncommitted changes: stories/digest-timezone.md" in run.stderr
    assert snapshot(broken) == before
    assert run_cli("check", broken, "--diff", "--no-cache").code == 1  # --diff writes nothing: no refusal
    run = run_cli("check", broken, "--fix", "--allow-dirty", "--no-cache")
    assert "fixed 5 findings" in run.stderr
    assert b"status: 'draft'" in timezone.read_bytes()


def test_diff_escapes_control_characters_and_deep_nesting_is_no_traceback(tmp_path: Path) -> None:
    epic = "---\nid: spec-epic-root-001\ntitle: Root\ntype: epic\nstatus: draft\n---\n"
    hostile = '---\nid: spec-a-001\ntitle: "evil \\e[31m \\u202e"\ntype: epic\nstatus: Draft\n---\n'
    nested = "---\nid: spec-b-001\ntitle: B\ntype: epic\nstatus: Draft\nx: " + "[" * 2000 + "]" * 2000 + "\n---\n"
    for name, text in (("e.md", epic), ("a.md", hostile), ("b.md", nested)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    run = run_cli("check", tmp_path, "--diff", "--no-cache")
    assert_no_traceback(run)
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    assert "+status: draft" in run.stdout
