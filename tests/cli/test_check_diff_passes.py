"""``check --diff`` runs the passes of ``--fix`` in memory: its diff, applied, is what ``--fix`` writes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, assert_no_traceback, run_cli, write_repo

EPIC = "---\nid: spec-epic-root-001\ntitle: Root\ntype: epic\nstatus: draft\n---\n"


def story(spec_id: str, extra: str = "") -> str:
    return f"---\nid: {spec_id}\ntitle: T\ntype: user_story\nstatus: draft\nparent: spec-epic-root-001\n{extra}---\nBody\n"


#: Fixes that overlap: two back-links into one list (SG204), an id listed three times (SG105).
OVERLAPPING = {
    "e.md": EPIC,
    "a.md": story("spec-a-001", "related: [spec-b-001]\n"),
    "c.md": story("spec-c-001", "related: [spec-b-001]\n"),
    "b.md": story("spec-b-001", "related: []\n"),
    "d.md": story("spec-d-001", "dependencies: [spec-b-001, spec-b-001, spec-b-001]\n"),
    # no line break at the end, within the context of the fix: the diff must say so to apply
    "f.md": story("spec-f-001", "dependencies: [spec-b-001, spec-b-001]\n").replace("---\nBody\n", "---"),
}
#: SG204 (one-sided ``related``) is not on by default.
SELECT = ("--select", "SG")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def apply_patch(folder: Path, patch: str) -> None:
    """Apply a unified diff with ``git apply`` (an independent reader of the diff), never a repository's."""
    if shutil.which("git") is None:  # pragma: no cover - git is part of the test environment
        pytest.skip("git is not installed: cannot apply the diff")
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(folder.parent)}
    run = subprocess.run(["git", "apply", "-p1", "-"], cwd=folder, input=patch, text=True, capture_output=True, env=env)
    assert run.returncode == 0, run.stderr


def diff_then_fix(tmp_path: Path, source: Path, *options: str) -> tuple[Path, Path, str, str]:
    """Copies A (``--diff`` applied to it) and B (``--fix`` run on it), and both summaries."""
    shown, fixed = tmp_path / "shown", tmp_path / "fixed"
    shutil.copytree(source, shown)
    shutil.copytree(source, fixed)
    diff = run_cli("check", shown, "--diff", *options, "--no-cache")
    assert_no_traceback(diff)
    assert diff.code == 1, diff.stderr
    apply_patch(shown, diff.stdout)
    fix = run_cli("check", fixed, "--fix", *options, "--no-cache")
    assert_no_traceback(fix)
    return shown, fixed, diff.stderr, fix.stderr


@pytest.mark.parametrize("unsafe", [(), ("--unsafe-fixes",)], ids=["safe", "unsafe"])
def test_diff_applied_to_examples_broken_equals_fix(tmp_path: Path, unsafe: tuple[str, ...]) -> None:
    shown, fixed, diff_summary, fix_summary = diff_then_fix(tmp_path, EXAMPLES / "broken", *unsafe)
    assert snapshot(shown) == snapshot(fixed)
    assert snapshot(fixed) != snapshot(EXAMPLES / "broken")
    assert diff_summary.replace("would fix", "fixed") == fix_summary


def test_overlapping_fixes_are_all_in_the_diff(tmp_path: Path) -> None:
    source = write_repo(tmp_path / "source", OVERLAPPING)
    shown, fixed, diff_summary, fix_summary = diff_then_fix(tmp_path, source, *SELECT)
    assert "left for another run" not in diff_summary
    assert "would fix 5 findings (SG105: 3, SG204: 2) in 3 files" in diff_summary, diff_summary
    assert (shown / "f.md").read_bytes().endswith(b"dependencies: [spec-b-001]\n---")
    assert snapshot(shown) == snapshot(fixed)
    assert "related: [spec-a-001, spec-c-001]\n" in (shown / "b.md").read_text()
    assert "dependencies: [spec-b-001]\n" in (shown / "d.md").read_text()
    assert snapshot(source) == snapshot(write_repo(tmp_path / "again", OVERLAPPING)), "--diff wrote nothing"


def test_diff_through_the_cache_leaves_the_cache_true_to_the_disk(tmp_path: Path) -> None:
    """The in-memory passes never reach the cache: a later check reads what is on disk."""
    root = write_repo(tmp_path / "repo", OVERLAPPING)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = run_cli("check", root, "--diff", *SELECT, *cache)
    assert first.code == 1 and "would fix 5 findings" in first.stderr, first.stderr
    again = run_cli("check", root, "--diff", *SELECT, *cache)
    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)
    plain = run_cli("check", root, "--format", "json", *SELECT, *cache)
    cold = run_cli("check", root, "--format", "json", *SELECT, "--no-cache")
    assert plain.stdout == cold.stdout
    assert '"SG204"' in plain.stdout and '"SG105"' in plain.stdout
