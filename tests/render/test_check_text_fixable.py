"""Text output marks findings that have a fix, like ruff's ``[*]``, and counts them in the summary."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from speckit_graph.core.findings import CheckResult, Finding, Hit
from speckit_graph.core.fixes import Fix, Safety, TextEdit
from speckit_graph.render.findings.check_text import render_text
from tests.conftest import run_cli, write_repo
from tests.render.test_check_text import result_with


def with_fix(finding: Finding, safety: Safety) -> Finding:
    edit = TextEdit(finding.path or "a.md", 0, 1, "x")
    return dataclasses.replace(finding, fix=Fix("do it", safety, (edit,)))


def result(*safeties: Safety | None) -> CheckResult:
    plain = result_with(*(Hit(f"m{i}", path="a.md", line=i + 1, code="SG105") for i in range(len(safeties))))
    findings = tuple(f if s is None else with_fix(f, s) for f, s in zip(plain.findings, safeties, strict=True))
    return dataclasses.replace(plain, findings=findings)


def test_safe_and_unsafe_fixes_are_marked_and_counted() -> None:
    lines = render_text(result(Safety.SAFE, Safety.UNSAFE, None, Safety.SAFE)).splitlines()
    assert lines[:4] == [
        "a.md:1: SG105 [error] m0 [fixable]",
        "a.md:2: SG105 [error] m1 [unsafe fix]",
        "a.md:3: SG105 [error] m2",
        "a.md:4: SG105 [error] m3 [fixable]",
    ]
    assert lines[-1].endswith(": 4 errors, 0 warnings, 0 infos. 2 fixable with --fix (1 more with --unsafe-fixes).")


def test_only_unsafe_fixes_still_say_how_to_apply_them() -> None:
    assert render_text(result(Safety.UNSAFE)).endswith(" 0 fixable with --fix (1 more with --unsafe-fixes).\n")


def test_no_fix_no_mark_and_no_count() -> None:
    text = render_text(result(None, None))
    assert "fix" not in text


def test_markup_shows_the_mark_escaped_and_dim() -> None:
    lines = render_text(result(Safety.SAFE, Safety.UNSAFE), markup=True).splitlines()
    assert lines[0].endswith("m0[dim] \\[fixable][/dim]")
    assert lines[1].endswith("m1[dim] \\[unsafe fix][/dim]")


def test_check_marks_what_check_fix_would_fix(tmp_path: Path) -> None:
    story = "---\nid: spec-a-001\ntitle: T\ntype: user_story\nstatus: Draft\ndependencies: [spec-b-001, spec-b-001]\n---\n"
    root = write_repo(tmp_path / "repo", {"a.md": story, "b.md": story.replace("spec-a-001", "spec-b-001")})
    run = run_cli("check", root, "--no-cache", "--select", "SG1,SG4")
    assert run.code == 1
    marked = [line for line in run.stdout.splitlines() if line.endswith("[fixable]")]
    assert len(marked) == 4, run.stdout  # SG402 'Draft' and SG105 in both files
    assert [line for line in run.stdout.splitlines() if line.endswith("[unsafe fix]")] == [
        f"{root}/b.md:6:16: SG103 [error] dependencies names the spec itself ('spec-b-001') [unsafe fix]"
    ]
    assert run.stdout.rstrip().endswith(" 4 fixable with --fix (1 more with --unsafe-fixes).")
