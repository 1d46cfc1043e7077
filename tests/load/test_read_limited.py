"""``read_limited`` reads a file in one call sized by its fstat, and still never more than the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from speckit_graph.load import safe_read as cache_module
from speckit_graph.load.safe_read import read_limited


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 5000])
def test_whole_file_or_the_first_limit_bytes(tmp_path: Path, size: int) -> None:
    data = bytes(range(256)) * (size // 256 + 1)
    (tmp_path / "f").write_bytes(data[:size])
    assert read_limited(tmp_path / "f", 100) == data[: min(size, 100)]


def test_a_small_file_takes_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "f").write_bytes(b"x" * 50)
    calls: list[int] = []
    real = os.read

    def counting(fd: int, n: int) -> bytes:
        calls.append(n)
        return real(fd, n)

    monkeypatch.setattr(cache_module.os, "read", counting)
    assert read_limited(tmp_path / "f", 1000) == b"x" * 50
    assert calls == [51], "one read of size + 1: a short read of a regular file is its end"


def test_a_file_that_grew_after_the_fstat_is_read_on_up_to_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"a" * 10)
    real = cache_module.open_regular

    def growing(target: object) -> tuple[int, os.stat_result]:
        fd, info = real(target)  # type: ignore[arg-type]
        with open(path, "ab") as handle:  # grows between the fstat and the read
            handle.write(b"b" * 30)
        return fd, info

    monkeypatch.setattr(cache_module, "open_regular", growing)
    assert read_limited(path, 25) == b"a" * 10 + b"b" * 15
