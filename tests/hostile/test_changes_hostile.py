"""diff, check --history and tree over the hostile corpus committed to git: no traceback, nothing raw on the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import assert_no_traceback, run_cli
from tests.hostile.corpus import build
from tests.support.changes import GitRepo, needs_git

pytestmark = needs_git

TERMINAL_UNSAFE = ("\x1b", "\u202e", "\u202c", "\x00", "\x07")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus committed, then every file touched again: a hostile history on both sides."""
    repo = GitRepo(tmp_path_factory.mktemp("hostile-git") / "repo")
    build(repo.root / "specs")
    repo.commit("hostile corpus", day=1)
    repo.git("tag", "before")
    for path in sorted((repo.root / "specs").glob("*.md")):
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 1_000_000:
            path.write_bytes(path.read_bytes() + b"\nEdited.\n")
    (repo.root / "specs" / "merge-keys.md").unlink()
    repo.commit("edit everything", day=2)
    return repo.root


@pytest.mark.parametrize("fmt", ["text", "json", "md", "mermaid", "dot"])
def test_diff_of_the_hostile_history(corpus: Path, fmt: str) -> None:
    run = run_cli("diff", "before", "-p", "specs", "--format", fmt, cwd=corpus)
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    if fmt == "json":
        removed = {spec["id"] for spec in json.loads(run.stdout)["specs"]["removed"]}
        assert "spec-merge-001" in removed
    if fmt in ("text", "md", "mermaid"):
        assert not any(char in run.stdout for char in TERMINAL_UNSAFE)


def test_check_history_on_the_hostile_history(corpus: Path) -> None:
    run = run_cli("check", "--history", "specs", cwd=corpus)
    assert_no_traceback(run)
    assert run.code == 1  # the corpus has errors; history adds nothing broken
    assert not any(char in run.stdout + run.stderr for char in TERMINAL_UNSAFE)


@pytest.mark.parametrize("spec_id", ["spec-\u202eevil\u202c-\u200f001", "spec-\\e[31mred-001", "spec-🚀-001"])
def test_tree_of_hostile_ids(corpus: Path, spec_id: str) -> None:
    run = run_cli("tree", spec_id, "specs", cwd=corpus)
    assert_no_traceback(run)
    assert run.code in (0, 2)
    assert not any(char in run.stdout + run.stderr for char in TERMINAL_UNSAFE)
