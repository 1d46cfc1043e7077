"""Which files a run parsed: the others came from the cache."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the next runs parse (every read goes through the loader's ``read_spec_file``)."""
    loader = importlib.import_module("speckit_graph.load.loader")
    parsed: list[str] = []
    original = loader.read_spec_file

    def counting(root: Path, relpath: str, config: object) -> object:
        parsed.append(relpath)
        return original(root, relpath, config)

    monkeypatch.setattr(loader, "read_spec_file", counting)
    return parsed
