"""Issue 14 item 14: ``init`` on files of 100,000 keys each surveys in bounded memory and says what it skipped."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from speckit_graph.config.model import Config
from speckit_graph.init.survey import MAX_KEYS, survey


def _wide_repo(root: Path, files: int, keys: int) -> Path:
    root.mkdir()
    for n in range(files):
        body = "".join(f"k{i:x}: {n}\n" for i in range(keys))  # under the 1 MB frontmatter limit
        (root / f"s{n}.md").write_text(f"---\nid: S-{n}\ntitle: wide\n{body}---\n", encoding="utf-8")
    return root


def test_files_of_100000_keys_survey_in_bounded_memory_and_the_cap_is_reported(tmp_path: Path) -> None:
    root = _wide_repo(tmp_path / "wide", 2, 100_000)
    tracemalloc.start()
    try:
        result = survey(root, Config())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # One file's parsed block is the floor (~60 MB under tracemalloc); keeping both whole would double it.
    assert peak < 120_000_000, f"survey peaked at {peak:,} bytes"
    assert len(result.stats) == MAX_KEYS
    assert all(len(front.first) <= 50 for front in result.fronts)  # only preset-relevant keys are kept
    note = result.note()
    assert note is not None and "keys capped" in note and f"{2 * (100_002 - MAX_KEYS):,} values" in note


def test_a_normal_repository_is_surveyed_whole_without_a_note(tmp_path: Path) -> None:
    root = _wide_repo(tmp_path / "small", 3, 5)
    result = survey(root, Config())
    assert result.note() is None and result.scanned == 3
    assert {"id", "title", "k0", "k4"} <= set(result.stats)
