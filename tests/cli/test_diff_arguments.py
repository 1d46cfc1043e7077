"""``diff A..B [PATH]``, ``diff A [PATH]``, the old ``diff A B`` with a note, and the deprecated --path."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.cli.diff_args import read_arguments
from speckit_graph.core.errors import UsageError
from tests.conftest import run_cli
from tests.support.changes import EPIC, GitRepo, story


@pytest.fixture()
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.spec("specs/epic.md", **EPIC)
    repo.commit("v1", day=1)
    repo.git("tag", "v1")
    repo.spec("specs/story.md", **story("spec-story-new"))
    repo.commit("v2", day=2)
    repo.git("tag", "v2")
    return repo


def _summary(stdout: str) -> str:
    return stdout.splitlines()[0]


def test_a_range_and_a_path(repo: GitRepo) -> None:
    run = run_cli("diff", "v1..v2", "specs", cwd=repo.root)
    assert run.code == 0 and run.stderr == ""
    assert _summary(run.stdout).startswith("Graph diff v1 (") and "-> v2 (" in _summary(run.stdout)
    assert "1 added" in _summary(run.stdout)


def test_one_revision_and_a_path_compares_with_the_working_tree(repo: GitRepo) -> None:
    run = run_cli("diff", "v1", "specs", cwd=repo.root)
    assert run.code == 0 and run.stderr == ""
    assert "-> working tree in specs" in _summary(run.stdout)


def test_the_old_two_revision_form_still_works_and_says_how_it_was_read(repo: GitRepo) -> None:
    old = run_cli("diff", "v1", "v2", cwd=repo.root / "specs")
    new = run_cli("diff", "v1..v2", cwd=repo.root / "specs")
    assert old.code == new.code == 0
    assert old.stdout == new.stdout
    assert old.stderr == "speckit-graph: note: read as 'diff v1..v2' (write it so to skip this note)\n"


def test_the_deprecated_path_option_still_works_with_a_note(repo: GitRepo) -> None:
    old = run_cli("diff", "v1", "v2", "-p", "specs", cwd=repo.root)
    new = run_cli("diff", "v1..v2", "specs", cwd=repo.root)
    assert old.stdout == new.stdout and old.code == 0
    assert old.stderr.startswith("speckit-graph: note: --path is deprecated")


def test_a_folder_named_like_a_revision_is_read_as_the_folder_and_said_so(repo: GitRepo) -> None:
    repo.spec("v2/epic.md", **EPIC)
    run = run_cli("diff", "v1", "v2", cwd=repo.root)
    assert run.code == 0
    assert "'v2' is both a folder and a git revision: read as the folder" in run.stderr


def test_neither_folder_nor_revision_is_a_usage_error(repo: GitRepo) -> None:
    run = run_cli("diff", "v1", "nowhere", cwd=repo.root)
    assert run.code == 2 and "'nowhere' is neither a folder nor a git revision" in run.stderr
    with pytest.raises(UsageError, match="A...B is not supported"):
        read_arguments("v1...v2", None, None)
    with pytest.raises(UsageError, match="given twice"):
        read_arguments("v1..v2", "specs", Path("specs"))
