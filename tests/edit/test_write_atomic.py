"""An atomic write that fails leaves the old file and no temporary file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from speckit_graph.edit import files
from speckit_graph.edit.files import write_atomic


def test_a_failed_swap_keeps_the_old_bytes_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_bytes(b"old\n")

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(tmp_path, "a.md", b"new\n")
    assert (tmp_path / "a.md").read_bytes() == b"old\n"
    assert sorted(os.listdir(tmp_path)) == ["a.md"]


def test_a_write_replaces_the_bytes_and_leaves_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"old\n")
    assert write_atomic(tmp_path, "a.md", b"new\n") == (tmp_path / "a.md").resolve()
    assert (tmp_path / "a.md").read_bytes() == b"new\n"
    assert sorted(os.listdir(tmp_path)) == ["a.md"]
