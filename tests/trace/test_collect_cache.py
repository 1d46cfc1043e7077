"""The scan of many files: parallel equals serial, and the cache is reused only while content is the same."""

from __future__ import annotations

import importlib
from pathlib import Path

from speckit_graph.config.trace import TraceSettings
from speckit_graph.trace import collect as collect_module
from speckit_graph.trace.collect import collect
from speckit_graph.trace.shapes import IdShapes

SHAPES = IdShapes.of(["REQ-0001"])
SETTINGS = TraceSettings(code=("src/**/*.py",), tests=("tests/**",))


def _write(root: Path, files: int) -> None:
    for n in range(files):
        folder = root / "src" / f"p{n // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{n}.py").write_text(f"x = {n}\n# Implements: REQ-{n % 50:04d}\n", encoding="utf-8")


def test_workers_find_what_one_process_finds(tmp_path: Path) -> None:
    _write(tmp_path, 2100)  # above PARALLEL_THRESHOLD
    serial = collect(tmp_path, tmp_path, SETTINGS, SHAPES, results_limit=1 << 20, jobs=1)
    parallel = collect(tmp_path, tmp_path, SETTINGS, SHAPES, results_limit=1 << 20, jobs=2)
    assert serial == parallel
    assert len(serial.mentions) == 2100 and serial.files_scanned == 2100


def test_cache_reused_until_content_changes(tmp_path: Path, monkeypatch) -> None:
    repo, cache = tmp_path / "repo", tmp_path / "cache"
    _write(repo, 20)
    # Files written seconds ago are verified by content next time (the racy window); these are not racy.
    monkeypatch.setattr(importlib.import_module("speckit_graph.load.cache"), "RACY_WINDOW_NS", 0)
    first = collect(repo, repo, SETTINGS, SHAPES, results_limit=1 << 20, jobs=1, cache_dir=cache)
    calls: list[str] = []
    real = collect_module._Work.scan

    def counting(self, rel, *args):
        calls.append(rel)
        return real(self, rel, *args)

    monkeypatch.setattr(collect_module._Work, "scan", counting)
    second = collect(repo, repo, SETTINGS, SHAPES, results_limit=1 << 20, jobs=1, cache_dir=cache)
    assert second == first and calls == [], "nothing changed: nothing is read"
    (repo / "src/p0/f3.py").write_text("# Implements: REQ-0042\n", encoding="utf-8")
    calls.clear()
    third = collect(repo, repo, SETTINGS, SHAPES, results_limit=1 << 20, jobs=1, cache_dir=cache)
    assert "src/p0/f3.py" in calls
    assert [m.id for m in third.mentions if m.path == "src/p0/f3.py"] == ["REQ-0042"]


def test_oversized_and_binary_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "big.py").write_bytes(b"# REQ-0001\n" * 200)
    (tmp_path / "src" / "bin.py").write_bytes(b"\x00# REQ-0001\n")
    settings = TraceSettings(code=("src/**/*.py",), max_file_size=1000)
    index = collect(tmp_path, tmp_path, settings, SHAPES, results_limit=1 << 20, jobs=1)
    assert index.mentions == ()
    assert dict(index.skipped) == {"src/big.py": "larger than trace.max-file-size (1,000 bytes)", "src/bin.py": "binary file"}
