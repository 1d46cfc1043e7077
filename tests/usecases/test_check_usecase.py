"""``run_check`` without the CLI: the findings, notes and counts a script gets back."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import Severity
from speckit_graph.load import loader as loader_module
from speckit_graph.load.cache import FileCache
from speckit_graph.usecases.check import CheckRequest, run_check
from speckit_graph.usecases.common import LoadOptions
from tests.support.changes import EPIC, GitRepo, needs_git, story

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BROKEN = EXAMPLES / "broken"


def test_plain_check_returns_findings_and_no_notes() -> None:
    outcome = run_check(CheckRequest(LoadOptions(path=BROKEN)))
    assert outcome.notes == ()
    assert outcome.result.findings
    assert outcome.fail_on is Severity.ERROR
    assert outcome.exit_status == 1
    clean = run_check(CheckRequest(LoadOptions(path=EXAMPLES / "checkout")))
    assert clean.exit_status == 0 and not clean.result.findings


def test_fail_on_from_the_request_wins_over_the_configuration() -> None:
    outcome = run_check(CheckRequest(LoadOptions(path=BROKEN), select=("SG203",), fail_on=Severity.INFO))
    assert outcome.fail_on is Severity.INFO
    assert {f.code for f in outcome.result.findings} <= {"SG203"}


def test_write_then_apply_a_baseline(tmp_path: Path) -> None:
    file = tmp_path / "baseline.json"
    written = run_check(CheckRequest(LoadOptions(path=BROKEN), write_baseline=file))
    count = len(written.result.findings)
    assert written.written == count and count > 1
    assert written.notes == (f"wrote {count} findings to baseline {file}",)
    assert written.exit_status == 0  # today's findings are accepted

    known = run_check(CheckRequest(LoadOptions(path=BROKEN), baseline=file))
    assert known.result.findings == ()
    assert known.result.baselined == count and known.result.baseline_stale == 0
    assert known.notes == (f"baseline {file}: {count} known findings hidden, 0 entries no longer occur",)
    assert known.exit_status == 0


def test_a_stale_baseline_entry_is_counted_and_the_note_says_how_to_shrink(tmp_path: Path) -> None:
    file = tmp_path / "baseline.json"
    run_check(CheckRequest(LoadOptions(path=BROKEN), write_baseline=file))
    fewer = run_check(CheckRequest(LoadOptions(path=BROKEN), select=("SG101",), baseline=file))
    assert fewer.result.baseline_stale > 0
    assert fewer.notes[0].endswith(f"(shrink it with --write-baseline {file})")


def test_baseline_and_diff_base_together_are_refused() -> None:
    with pytest.raises(UsageError, match="cannot be combined"):
        run_check(CheckRequest(LoadOptions(path=BROKEN), baseline=Path("b.json"), diff_base="HEAD"))


def test_an_unchanged_repository_is_answered_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    request = CheckRequest(LoadOptions(path=BROKEN, cache_dir=tmp_path / "cache"))
    first = run_check(request)

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the remembered result should have been used")

    monkeypatch.setattr(loader_module, "load_specs", no_loading)  # imported from there when files are read
    assert run_check(request).result == first.result
    with pytest.raises(AssertionError, match="remembered"):
        run_check(CheckRequest(LoadOptions(path=BROKEN)))  # no cache: loads


@needs_git
def test_diff_base_hides_old_findings_and_opens_the_cache_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.spec("epic.md", **EPIC)
    repo.spec("a.md", **story("spec-a", dependencies=["spec-gone-1"]))
    repo.commit("first", day=1)
    repo.spec("b.md", **story("spec-b", dependencies=["spec-gone-2"]))
    opened: list[Path] = []
    real_open = FileCache.open

    def counting_open(directory: Path, root: Path, fingerprint: str) -> FileCache:
        opened.append(root)
        return real_open(directory, root, fingerprint)

    monkeypatch.setattr(FileCache, "open", counting_open)
    request = CheckRequest(LoadOptions(path=repo.root, cache_dir=tmp_path / "cache"), select=("SG101",), diff_base="HEAD")
    outcome = run_check(request)
    assert [f.spec for f in outcome.result.findings] == ["spec-b"]
    assert outcome.result.baselined == 1 and outcome.result.baseline_stale == 0
    assert outcome.notes == ("--diff-base HEAD: 1 finding already there hidden, 0 fixed since",)
    assert len(opened) == 1
