"""Issue 14: linear time and memory on adversarial inputs.

Each family builds a repository at size n and 4n, runs the loader and ``check`` (through
the use case, in process) on both, and fails when CPU time (best of three runs,
``time.process_time``) or peak memory (``tracemalloc``) grows more than 10x: a quadratic
algorithm grows 16x. Small absolute slacks absorb timer and allocator noise.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.load.loader import load_specs
from tests.conftest import check_repo, write_repo

Files = dict[str, str]
RATIO = 10.0  # linear grows ~4x, quadratic 16x; the margin absorbs a loaded machine
TIME_SLACK = 0.05  # seconds
MEMORY_SLACK = 512 * 1024  # bytes


def braces(n: int) -> Files:
    return {"a.md": f'---\nid: S-1\ntitle: "{"{{" * n}"\nsummary: "{"{ {" + " " * n}"\n---\n'}


def fences(n: int) -> Files:
    body = "```\n---\nowner: x\n---\n~~~\n---\n" * (n // 8)
    return {"a.md": "---\nid: S-1\nstatus: draft\n---\n" + body}


def near_misses(n: int) -> Files:
    stem = "X" * 2_000
    count = max(2, n // 400)
    files = {f"s{i}.md": f"---\nid: {stem}{i:05d}\n---\n" for i in range(count)}
    refs = ", ".join(f"{stem}{i:05d}z" for i in range(count))
    files["r.md"] = f"---\nid: R-1\ndependencies: [{refs}]\n---\n"
    return files


def aliases(n: int) -> Files:
    copies = max(1, n // 20)
    return {"a.md": f'---\nid: S-1\nbig: &b "{"x" * 1024}"\nmany: [{", ".join(["*b"] * copies)}]\n---\n'}


def many_keys(n: int) -> Files:
    keys = "".join(f"k{i}: v{i}\n" for i in range(n // 4))
    return {"a.md": f"---\nid: S-1\n{keys}---\n"}


def deep_nesting(n: int) -> Files:
    depth = max(1, n // 40)
    return {"a.md": f"---\nid: S-1\nx: {'[' * depth}1{']' * depth}\n---\n"}


FAMILIES: dict[str, Callable[[int], Files]] = {
    "long scalars of {": braces,
    "fences and ---": fences,
    "long ids with near misses": near_misses,
    "many aliases of a long scalar": aliases,
    "many keys": many_keys,
    "deep nesting": deep_nesting,
}
N = 8_000


def _run(root: Path) -> None:
    load_specs(root, Config())
    check_repo(root)


def _cpu(root: Path) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        _run(root)
        best = min(best, time.process_time() - start)
    return best


def _peak(root: Path) -> int:
    tracemalloc.start()
    try:
        _run(root)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_time_and_memory_grow_linearly(family: str, tmp_path: Path) -> None:
    small = write_repo(tmp_path / "n", FAMILIES[family](N))
    large = write_repo(tmp_path / "4n", FAMILIES[family](4 * N))
    _run(small)  # warm imports and caches of the interpreter, not of the repository
    time_n, time_4n = _cpu(small), _cpu(large)
    assert time_4n <= RATIO * time_n + TIME_SLACK, f"{family}: {time_n:.3f} s at n, {time_4n:.3f} s at 4n"
    peak_n, peak_4n = _peak(small), _peak(large)
    assert peak_4n <= RATIO * peak_n + MEMORY_SLACK, f"{family}: {peak_n:,} B at n, {peak_4n:,} B at 4n"
