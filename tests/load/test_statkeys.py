"""The unchanged-repository check stats its listing on several CPUs: same answer as one process.

Forked children stat all but the first part of the listing and send back the key columns. What
a user would notice if this went wrong: an edit, a deletion or a new file in a child's part going
unseen (a stale report from the cache), or a different report from the warm run.
"""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path

import pytest

from speckit_graph.load import statkeys
from speckit_graph.load.safe_read import lstat_all
from tests.conftest import assert_no_traceback, run_cli
from tests.support.parses import count_parses


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork for tiny listings too, and count files as settled at once (they are seconds old in real use)."""
    monkeypatch.setattr(statkeys, "PARALLEL_STAT_THRESHOLD", 4)
    monkeypatch.setattr(importlib.import_module("speckit_graph.load.cache"), "RACY_WINDOW_NS", 0)


def spec(n: int, status: str = "draft") -> str:
    return f"---\nid: S-{n}\ntitle: Spec {n}\ntype: story\nstatus: {status}\n---\nBody {n}.\n"


def repository(root: Path, count: int = 12) -> list[str]:
    relpaths = []
    for n in range(count):
        folder = root / f"f{n % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"s{n:02}.md").write_text(spec(n), encoding="utf-8")
        relpaths.append(f"f{n % 3}/s{n:02}.md")
    return sorted(relpaths)


def serial_keys(root: Path, relpaths: list[str]) -> bytes | None:
    return statkeys.stat_keys(lstat_all(root, relpaths))


@pytest.mark.parametrize("jobs", [2, 3, 4, 8])
def test_parallel_scan_equals_one_process_lstat(tmp_path: Path, jobs: int) -> None:
    relpaths = repository(tmp_path, count=13)  # parts of unequal length
    scan = statkeys.scan_stats(tmp_path, relpaths, jobs)
    assert scan is not None
    assert scan.keys() == serial_keys(tmp_path, relpaths)
    for relpath, row in zip(relpaths, scan.stats(), strict=True):
        info = os.lstat(tmp_path / relpath)
        assert row is not None
        assert (row.st_mode, row.st_size, row.st_mtime_ns, row.st_ctime_ns) == (
            info.st_mode,
            info.st_size,
            info.st_mtime_ns,
            info.st_ctime_ns,
        )


def test_one_job_or_a_short_listing_is_left_to_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    relpaths = repository(tmp_path)
    assert statkeys.scan_stats(tmp_path, relpaths, 1) is None
    monkeypatch.setattr(statkeys, "PARALLEL_STAT_THRESHOLD", len(relpaths) + 1)
    assert statkeys.scan_stats(tmp_path, relpaths, 2) is None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: one process stats everything")
def test_a_missing_file_in_any_part_is_none_and_no_key_matches(tmp_path: Path) -> None:
    relpaths = repository(tmp_path)
    for position in (0, len(relpaths) - 1):  # the parent's part, then a child's
        missing = relpaths[position]
        (tmp_path / missing).rename(tmp_path / (missing + ".gone"))
        scan = statkeys.scan_stats(tmp_path, relpaths, 2)
        assert scan is not None and scan.keys() is None
        stats = scan.stats()
        assert stats[position] is None and all(row is not None for i, row in enumerate(stats) if i != position)
        (tmp_path / (missing + ".gone")).rename(tmp_path / missing)


def test_with_other_threads_running_it_does_not_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    relpaths = repository(tmp_path)
    forked: list[object] = []
    monkeypatch.setattr(statkeys, "_fork_part", lambda *args: forked.append(args))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert statkeys.scan_stats(tmp_path, relpaths, 2) is None  # the caller stats in one process
    finally:
        stop.set()
        other.join()
    assert forked == []


def test_a_child_that_fails_means_no_answer_not_a_wrong_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    relpaths = repository(tmp_path)
    monkeypatch.setattr(statkeys, "_can_fork", lambda: True)
    monkeypatch.setattr(statkeys, "_fork_part", lambda root, part: None)  # the fork itself failed
    assert statkeys.scan_stats(tmp_path, relpaths, 2) is None


def check_json(root: Path, cache: Path, *options: str) -> str:
    run = run_cli("check", root, "--cache-dir", cache, "--format", "json", *options)
    assert_no_traceback(run)
    return run.stdout


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: one process stats everything")
@pytest.mark.parametrize("change", ["edit", "delete", "add"])
def test_a_change_in_a_childs_part_is_seen_by_the_warm_run(tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The test runner's own threads (xdist) would keep it in one process: fork all the same here.
    monkeypatch.setattr(statkeys, "_can_fork", lambda: True)
    forks: list[int] = []
    fork_part = statkeys._fork_part

    def counted(root: Path, part: list[str]) -> statkeys.Child:
        forks.append(len(part))
        return fork_part(root, part)

    monkeypatch.setattr(statkeys, "_fork_part", counted)
    root, cache = tmp_path / "repo", tmp_path / "cache"
    relpaths = repository(root)
    cold = check_json(root, cache, "--jobs", "2")
    assert check_json(root, cache, "--jobs", "2") == cold  # the cache answers, through the children
    assert forks == [len(relpaths) // 2]  # the warm run (the cold one had no index to compare with)
    last = root / relpaths[-1]  # in the last part: stat'ed by a child
    if change == "edit":
        info = os.stat(last)
        last.write_text(spec(99, status="DRAFTED"), encoding="utf-8")
        os.utime(last, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    elif change == "delete":
        last.unlink()
    else:
        (last.parent / "zz.md").write_text(spec(77), encoding="utf-8")
    parsed = count_parses(monkeypatch)
    after = check_json(root, cache, "--jobs", "2")
    assert after != cold
    assert parsed == ([relpaths[-1]] if change == "edit" else ["f2/zz.md"] if change == "add" else [])
    assert after == check_json(root, tmp_path / "fresh-cache", "--jobs", "1")  # what a cold run prints
