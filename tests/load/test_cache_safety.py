"""Issue 14 item 12: a planted cache file cannot run code; an unsafe cache folder is refused with one note."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from speckit_graph.config.model import Config
from speckit_graph.load import cache as filecache
from speckit_graph.usecases.check import CheckRequest, run_check
from speckit_graph.usecases.common import LoadOptions

SPEC = "---\nid: A\ntitle: T\ndate: 2024-05-01\ndepends_on: [MISSING]\n---\n"


class _Payload:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {os.environ['PLANTED_MARKER']}",))


def _check(repo: Path, cache: Path) -> tuple[list[str], tuple[str, ...]]:
    outcome = run_check(CheckRequest(LoadOptions(path=repo, cache_dir=cache)), config=Config())
    return [f.message for f in outcome.result.findings], outcome.notes


def test_a_planted_pickle_in_the_cache_folder_never_executes(tmp_path: Path, monkeypatch: object) -> None:
    repo, cache, marker = tmp_path / "repo", tmp_path / "cache", tmp_path / "pwned"
    repo.mkdir()
    (repo / "a.md").write_text(SPEC, encoding="utf-8")
    expected, _ = _check(repo, cache)  # writes the cache file
    (file,) = cache.iterdir()
    os.environ["PLANTED_MARKER"] = str(marker)
    try:
        evil = pickle.dumps(_Payload())
        # the attacker's file, in the exact place and shape (magic line, then pickles) the old format had
        file.write_bytes(b"speckit-graph cache\n" + evil * 4)
        assert _check(repo, cache)[0] == expected
        file.write_bytes(file.read_bytes()[:20] + (len(evil).to_bytes(8, "big") + evil) * 4)
        assert _check(repo, cache)[0] == expected
    finally:
        del os.environ["PLANTED_MARKER"]
    assert not marker.exists()


def test_the_cache_keeps_dates_and_findings_exactly(tmp_path: Path) -> None:
    repo, cache = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    (repo / "a.md").write_text(SPEC, encoding="utf-8")
    cold = run_check(CheckRequest(LoadOptions(path=repo, cache_dir=cache)), config=Config()).result
    warm = run_check(CheckRequest(LoadOptions(path=repo, cache_dir=cache)), config=Config()).result
    assert warm == cold and [f.extra for f in warm.findings] == [f.extra for f in cold.findings]
    assert filecache.read_header(next(cache.iterdir()))["format"] == filecache.CACHE_FORMAT


def test_a_world_writable_cache_folder_is_refused_with_one_note(tmp_path: Path) -> None:
    repo, cache = tmp_path / "repo", tmp_path / "shared-cache"
    repo.mkdir()
    (repo / "a.md").write_text(SPEC, encoding="utf-8")
    cache.mkdir()
    cache.chmod(0o777)
    findings, notes = _check(repo, cache)
    assert "MISSING" in " ".join(findings)
    assert len([n for n in notes if "cache folder" in n]) == 1 and "world writable" in notes[0]
    assert list(cache.iterdir()) == []  # nothing written there either
    cache.chmod(0o700)
    assert _check(repo, cache)[1] == () and len(list(cache.iterdir())) == 1


def test_unsafe_directory_reasons(tmp_path: Path) -> None:
    assert filecache.unsafe_directory(tmp_path / "missing") is None
    (tmp_path / "group").mkdir(mode=0o770)
    (tmp_path / "group").chmod(0o770)
    assert "writable" in (filecache.unsafe_directory(tmp_path / "group") or "")
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert filecache.unsafe_directory(tmp_path / "file") == "not a directory"
