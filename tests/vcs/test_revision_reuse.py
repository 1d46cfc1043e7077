"""Revisions are read from blobs with each file version parsed once, from the cache when it knows it.

``diff`` between two revisions parses a file both hold unchanged (same path, same blob id) once;
a second run with the cache parses nothing; and the output is byte for byte the same whether
files were parsed in this process or in workers, with or without the cache, cold or warm.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.load import parallel
from speckit_graph.load.issues import FileOutcome
from speckit_graph.usecases import revisions
from speckit_graph.usecases.diff import compare_revisions
from tests.support.changes import EPIC, GitRepo, needs_git, story
from tests.support.cli import run_cli

pytestmark = needs_git

Parses = Counter[tuple[str, bytes]]


@pytest.fixture()
def repo(tmp_path: Path) -> GitRepo:
    """v1 and v2 committed: one spec edited, one moved unchanged, one added, one removed, three untouched."""
    repo = GitRepo(tmp_path / "repo")
    repo.spec("specs/epic.md", "The epic.\n", **EPIC)
    repo.spec("specs/api.md", "The API.\n", **story("spec-api-001", dependencies=["spec-data-001"]))
    repo.spec("specs/data.md", "The data.\n", **story("spec-data-001"))
    repo.spec("specs/a.md", "A.\n", **story("spec-story-a", dependencies=["spec-api-001"]))
    repo.spec("specs/b.md", "B.\n", **story("spec-story-b", dependencies=["spec-gone-001"]))
    repo.spec("specs/old.md", "Old.\n", **story("spec-story-old"))
    repo.commit("v1", day=1)
    repo.git("tag", "v1")
    repo.spec("specs/api.md", "The API, v2.\n", **story("spec-api-001", status="review", dependencies=["spec-new-001"]))
    moved = repo.root / "specs" / "moved" / "a.md"
    moved.parent.mkdir()
    (repo.root / "specs" / "a.md").rename(moved)
    repo.spec("specs/new.md", "New.\n", **story("spec-new-001"))
    (repo.root / "specs" / "old.md").unlink()
    repo.commit("v2", day=2)
    repo.git("tag", "v2")
    return repo


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> Parses:
    """Every blob the loader parses in this process, as (path, content): the seam is the reader itself."""
    seen: Parses = Counter()
    real = revisions.read_spec_file

    def counting(root: Path, relpath: str, config: Config, data: bytes | None = None) -> FileOutcome:
        assert data is not None
        seen[(relpath, data)] += 1
        return real(root, relpath, config, data)

    monkeypatch.setattr(revisions, "read_spec_file", counting)
    return seen


def test_a_file_both_revisions_hold_unchanged_is_parsed_once(repo: GitRepo, parses: Parses) -> None:
    diff = compare_revisions(repo.root / "specs", "v1", "v2", jobs=1).diff
    assert [s.id for s in diff.added] == ["spec-new-001"] and [s.id for s in diff.removed] == ["spec-story-old"]
    assert [(r.old_path, r.new_path) for r in diff.renamed] == [("a.md", "moved/a.md")]
    by_path = Counter(path for path, _ in parses.elements())
    # unchanged: once for both sides; edited: once per version; moved: once per path (a path is part of the outcome)
    assert by_path == {"epic.md": 1, "data.md": 1, "b.md": 1, "api.md": 2, "a.md": 1, "moved/a.md": 1, "old.md": 1, "new.md": 1}
    assert set(parses.values()) == {1}


def test_a_second_run_with_the_cache_parses_nothing_and_says_the_same(repo: GitRepo, parses: Parses, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ("diff", "v1..v2", repo.root / "specs", "--format", "json", "--jobs", "1")
    plain = run_cli(*args, "--no-cache")
    cold = run_cli(*args, "--cache-dir", cache)
    parsed_cold = sum(parses.values())
    warm = run_cli(*args, "--cache-dir", cache)
    assert plain.code == 0 and plain.stdout.startswith("{")
    assert cold.stdout == plain.stdout and warm.stdout == plain.stdout
    assert parsed_cold == 2 * 9  # --no-cache and the cold run each parse the 9 distinct file versions
    assert sum(parses.values()) == parsed_cold  # the warm run: every blob's outcome came from the cache


def test_an_edited_file_is_parsed_again_whatever_the_cache_holds(repo: GitRepo, parses: Parses, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ("diff", "v1..v2", repo.root / "specs", "--format", "json", "--jobs", "1", "--cache-dir", cache)
    assert run_cli(*args).code == 0
    repo.spec("specs/b.md", "B.\n", **story("spec-story-b", status="approved"))
    repo.commit("v3", day=3)
    parses.clear()
    after = run_cli("diff", "v1..HEAD", repo.root / "specs", "--format", "json", "--jobs", "1", "--cache-dir", cache)
    assert [path for path, _ in parses] == ["b.md"]  # the new blob only: the cached v1 side is not parsed
    assert '"spec-story-b"' in after.stdout and '"approved"' in after.stdout
    reference = run_cli("diff", "v1..HEAD", repo.root / "specs", "--format", "json", "--no-cache")
    assert after.stdout == reference.stdout


@pytest.mark.parametrize("command", [("diff", "v1..v2"), ("check", "--diff-base", "v1")])
def test_workers_and_this_process_give_the_same_bytes(
    repo: GitRepo, command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def run(jobs: str, *extra: str | Path) -> str:
        done = run_cli(*command, repo.root / "specs", "--format", "json", "--jobs", jobs, *extra)
        assert done.code in (0, 1), done.stderr
        return done.stdout

    serial = run("1", "--no-cache")
    monkeypatch.setattr(revisions, "BATCH", 3)  # blobs read and parsed a few at a time
    assert run("1", "--no-cache") == serial
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 1)  # a pool even for these few files
    assert run("2", "--no-cache") == serial
    assert run("2", "--cache-dir", tmp_path / "cache") == serial
    assert run("1", "--cache-dir", tmp_path / "cache") == serial


def test_check_diff_base_reads_the_base_from_the_cache_the_second_time(repo: GitRepo, parses: Parses, tmp_path: Path) -> None:
    def run() -> str:
        args = ("--diff-base", "v1", "--format", "json", "--jobs", "1", "--cache-dir", tmp_path / "c")
        return run_cli("check", repo.root / "specs", *args).stdout

    first = run()
    parsed = sum(parses.values())
    assert parsed == 6  # the six files of v1
    assert run() == first
    assert sum(parses.values()) == parsed
