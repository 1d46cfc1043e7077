"""``uncommitted``: the files an editing command must not touch without --allow-dirty."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from speckit_graph.vcs.dirty import DirtyFilesError, uncommitted
from tests.vcs.test_diff_base import git

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="git is not installed"
)


def test_modified_staged_and_untracked_files_are_dirty(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("clean.md", "modified.md", "staged.md"):
        (specs / name).write_text("---\nid: x\n---\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "init")
    (specs / "modified.md").write_text("changed")
    (specs / "staged.md").write_text("changed")
    git(tmp_path, "add", "specs/staged.md")
    (specs / "new.md").write_text("new")
    wanted = ["clean.md", "modified.md", "staged.md", "new.md"]
    assert uncommitted(specs, wanted) == ("modified.md", "new.md", "staged.md")
    assert uncommitted(specs, ["clean.md"]) == ()
    assert "modified.md" in str(DirtyFilesError(["modified.md"]))


def test_outside_git_nothing_is_dirty(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    assert uncommitted(tmp_path, ["a.md"]) == ()
