"""The cache's index is compared in bulk on an unchanged repository (cache format 10): what a user sees.

A warm run must print what the cold run printed, keep recognising an unchanged folder after files
were added in the middle of the walk order (the index is kept in walk order, else every later run
would compare file by file, or parse), and must still notice an edit that keeps a file's size.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from speckit_graph.load import cacheindex
from tests.conftest import assert_no_traceback, run_cli
from tests.support.parses import count_parses


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled at once (in real use they are seconds old)."""
    monkeypatch.setattr(importlib.import_module("speckit_graph.load.cache"), "RACY_WINDOW_NS", 0)


def spec(n: int, status: str = "draft", parent: int | None = None) -> str:
    link = f"parent: S-{parent}\n" if parent is not None else ""
    return f"---\nid: S-{n}\ntitle: Spec {n}\ntype: story\nstatus: {status}\n{link}---\nBody {n}.\n"


def check_json(root: Path, cache: Path) -> str:
    run = run_cli("check", root, "--cache-dir", cache, "--format", "json")
    assert_no_traceback(run)
    return run.stdout


def test_warm_runs_print_what_the_cold_run_printed(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    for folder in ("a", "b"):
        (root / folder).mkdir(parents=True)
    for n in range(1, 9):
        (root / ("a" if n % 2 else "b") / f"s{n}.md").write_text(spec(n, parent=99 if n == 3 else None), encoding="utf-8")
    cold = check_json(root, cache)
    assert '"SG101"' in cold or "S-99" in cold  # a finding travels through the remembered result
    assert check_json(root, cache) == cold
    assert check_json(root, cache) == cold


def test_files_added_mid_walk_are_recognised_as_unchanged_on_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    root.mkdir()
    for n in (1, 3, 5):
        (root / f"s{n}.md").write_text(spec(n), encoding="utf-8")
    check_json(root, cache)
    for n in (2, 4):  # between the others in the walk's order
        (root / f"s{n}.md").write_text(spec(n), encoding="utf-8")
    parsed = count_parses(monkeypatch)
    after_adding = check_json(root, cache)
    assert sorted(parsed) == ["s2.md", "s4.md"]
    parsed.clear()
    assert check_json(root, cache) == after_adding
    assert parsed == []  # nothing parsed: the index, kept in walk order, matched as a whole


def test_an_edit_of_the_same_size_is_seen(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    root.mkdir()
    for n in (1, 2):
        (root / f"s{n}.md").write_text(spec(n), encoding="utf-8")
    before = check_json(root, cache)
    target = root / "s2.md"
    info = os.stat(target)
    target.write_text(spec(2, status="DRAFT"), encoding="utf-8")  # same size, another status
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    after = check_json(root, cache)
    assert after != before and "DRAFT" in after


def test_keys_past_64_bits_are_stored_untrusted_not_lost() -> None:
    """A time past the year 2262 cannot go into the key array: such a file is checked by content."""
    huge = 2**64
    columns = cacheindex.encode({"a.md": (10, huge, 5, b"d" * 16, True), "b.md": (7, 1, 2, None, True)})
    assert cacheindex.valid(columns)
    assert cacheindex.decode(columns) == {"a.md": (0, 0, 0, b"d" * 16, False), "b.md": (7, 1, 2, None, True)}
