"""Issue 14 item 14: ``init`` on files with very many keys surveys in bounded memory and says what it skipped."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.init.survey import MAX_KEYS, Survey, survey


def _wide_repo(root: Path, files: int, keys: int) -> Path:
    root.mkdir()
    for n in range(files):
        body = "".join(f"k{i:x}: {n}\n" for i in range(keys))  # under the 1 MB frontmatter limit
        (root / f"s{n}.md").write_text(f"---\nid: S-{n}\ntitle: wide\n{body}---\n", encoding="utf-8")
    return root


def _peak_of_survey(root: Path) -> tuple[int, Survey]:
    tracemalloc.start()
    try:
        result = survey(root, Config())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result


@pytest.mark.slow
def test_wide_files_survey_in_bounded_memory_and_the_cap_is_reported(tmp_path: Path) -> None:
    """Four files of 10,000 keys cost about what one costs: nothing per file is kept whole."""
    keys = 10_000
    one, _ = _peak_of_survey(_wide_repo(tmp_path / "one", 1, keys))
    peak, result = _peak_of_survey(_wide_repo(tmp_path / "four", 4, keys))
    assert peak < 1.6 * one, f"survey of 4 wide files peaked at {peak:,} bytes, one file at {one:,}"
    assert len(result.stats) == MAX_KEYS
    assert all(len(front.first) <= 50 for front in result.fronts)  # preset-relevant keys only
    note = result.note()
    assert note is not None and "keys capped" in note and f"{4 * (keys + 2 - MAX_KEYS):,} values" in note


def test_a_normal_repository_is_surveyed_whole_without_a_note(tmp_path: Path) -> None:
    root = _wide_repo(tmp_path / "small", 3, 5)
    result = survey(root, Config())
    assert result.note() is None and result.scanned == 3
    assert {"id", "title", "k0", "k4"} <= set(result.stats)
