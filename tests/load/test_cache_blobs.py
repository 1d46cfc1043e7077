"""The cache's section of git blobs: kept across runs that do not read a revision, pruned by those that do.

``diff`` and ``check --diff-base`` store each revision file's outcome under its path and blob id.
A plain ``check`` that rewrites the cache must not lose them; a run that reads revisions keeps
only the blobs it used; a damaged section means "nothing known", never a crash or a wrong result.
"""

from __future__ import annotations

import os
from pathlib import Path

from speckit_graph.load.cache import FileCache

BLOB_A, BLOB_B = "a" * 40, "b" * 40


def _open(cache_dir: Path, root: Path) -> FileCache:
    return FileCache.open(cache_dir, root, "fingerprint")


def _file_entry(cache: FileCache, root: Path) -> None:
    (root / "x.md").write_text("---\nid: X\n---\n", encoding="utf-8")
    cache.record("x.md", os.lstat(root / "x.md"), None, b"payload-x")


def test_a_run_that_reads_no_revision_keeps_the_blobs(tmp_path: Path) -> None:
    root, cache_dir = tmp_path / "repo", tmp_path / "cache"
    root.mkdir()
    first = _open(cache_dir, root)
    first.record_blob("specs/a.md", BLOB_A, b"outcome-a")
    assert first.save()
    plain = _open(cache_dir, root)  # a check: records a working-tree file, never asks for a blob
    _file_entry(plain, root)
    assert plain.save()
    again = _open(cache_dir, root)
    assert again.blob_payload("specs/a.md", BLOB_A) == b"outcome-a"
    assert again.payload(again.entries["x.md"]) == b"payload-x"


def test_a_blob_is_known_under_its_path_only_and_unused_blobs_are_dropped(tmp_path: Path) -> None:
    root, cache_dir = tmp_path / "repo", tmp_path / "cache"
    root.mkdir()
    first = _open(cache_dir, root)
    first.record_blob("a.md", BLOB_A, b"outcome-a")
    first.record_blob("b.md", BLOB_B, b"outcome-b")
    assert first.save()
    second = _open(cache_dir, root)
    assert second.blob_payload("moved/a.md", BLOB_A) is None  # same content, other path: the outcome names the path
    assert second.blob_payload("a.md", BLOB_A) == b"outcome-a"
    second.record_blob("c.md", BLOB_B, b"outcome-c")
    assert second.save()
    third = _open(cache_dir, root)
    assert third.blob_payload("b.md", BLOB_B) is None  # the last run that read blobs did not use it
    assert third.blob_payload("a.md", BLOB_A) == b"outcome-a"
    assert third.blob_payload("c.md", BLOB_B) == b"outcome-c"


def test_a_damaged_blob_section_is_an_empty_one(tmp_path: Path) -> None:
    root, cache_dir = tmp_path / "repo", tmp_path / "cache"
    root.mkdir()
    cache = _open(cache_dir, root)
    _file_entry(cache, root)
    cache.record_blob("a.md", BLOB_A, b"outcome-a")
    assert cache.save()
    path = cache.path
    path.write_bytes(path.read_bytes()[:-5])  # the last section, the blobs, cut short
    damaged = _open(cache_dir, root)
    assert damaged.blob_payload("a.md", BLOB_A) is None
    assert damaged.payload(damaged.entries["x.md"]) == b"payload-x"
