"""A spec file is read with one ``read`` sized by its fstat: the scan makes one system call less per file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from speckit_graph.config.model import Config, Limits
from speckit_graph.load import cache as cache_module
from speckit_graph.load import frontmatter
from speckit_graph.load.issues import FileOutcome

SPEC = b"---\nid: R-1\ntitle: One read\n---\n\nBody text.\n"


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.read

    def counting(fd: int, n: int) -> bytes:
        calls.append(n)
        return real(fd, n)

    monkeypatch.setattr(cache_module.os, "read", counting)
    return calls


def test_a_spec_file_is_read_whole_in_one_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "r.md").write_bytes(SPEC)
    calls = _counting_reads(monkeypatch)
    outcome = FileOutcome()
    assert frontmatter._read_bytes(tmp_path, "r.md", Config(), outcome) == SPEC
    assert calls == [len(SPEC) + 1] and not outcome.issues


def test_a_file_over_the_size_limit_is_refused_before_any_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "big.md").write_bytes(SPEC + b"x" * 100)
    calls = _counting_reads(monkeypatch)
    outcome = FileOutcome()
    assert frontmatter._read_bytes(tmp_path, "big.md", Config(limits=Limits(max_file_size=64)), outcome) is None
    assert calls == [] and "max-file-size" in outcome.issues[0].message
