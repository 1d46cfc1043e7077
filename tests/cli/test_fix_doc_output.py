"""docs/fix.md shows real output: its diffs and summary lines are what the commands print."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EXAMPLES, REPO_ROOT, run_cli
from tests.test_project import fenced_blocks

DOC = (REPO_ROOT / "docs" / "fix.md").read_text(encoding="utf-8")


def test_fix_md_shows_the_real_diffs_and_summaries(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "broken", tmp_path / "broken")
    diffs, texts = fenced_blocks(DOC, "diff"), fenced_blocks(DOC, "text")
    safe = run_cli("check", "broken", "--diff", "--no-cache", cwd=tmp_path)
    assert safe.code == 1
    assert diffs[0] == safe.stdout
    assert texts[0] == safe.stderr
    fix = run_cli("check", "broken", "--fix", "--no-cache", cwd=tmp_path)
    assert texts[1] == fix.stderr
    unsafe = run_cli("check", "broken", "--diff", "--unsafe-fixes", "--no-cache", cwd=tmp_path)
    assert diffs[1] == unsafe.stdout
    applied = run_cli("check", "broken", "--fix", "--unsafe-fixes", "--no-cache", cwd=tmp_path)
    assert texts[2] == applied.stderr
