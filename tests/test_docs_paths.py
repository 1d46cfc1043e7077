"""Docs name real code: every module or test path written in README.md and docs/ exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]
# `render/escape.py`, `tests/render/test_escape.py`, `speckit_graph/load/walk.py`, `vcs/git.py`
_PATH = re.compile(r"`((?:speckit_graph/|tests/|benchmarks/)?[a-z_]+(?:/[a-z_0-9.-]+)*\.py)(?:::\w+)?`")
_DOTTED = re.compile(r"`(speckit_graph(?:\.[a-z_]+)+)`")


def _exists(relpath: str) -> bool:
    candidates = [REPO / relpath, REPO / "speckit_graph" / relpath]
    return any(c.exists() for c in candidates)


def _module_exists(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):  # a trailing part may be a function or class
        base = REPO.joinpath(*parts[:cut])
        if base.with_suffix(".py").exists() or (base / "__init__.py").exists():
            return True
    return False


@pytest.mark.parametrize("doc", [d for d in DOCS if d.exists()], ids=lambda p: p.name)
def test_code_named_in_docs_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = sorted({m for m in _PATH.findall(text) if "/" in m and not _exists(m)})
    missing += sorted({m for m in _DOTTED.findall(text) if not _module_exists(m)})
    assert not missing, f"{doc.name} names code that does not exist: {missing}"


_TEST_NAME = re.compile(r"`(test_[a-z0-9_]+)(?:\[[^\]`]*\])?`")


@pytest.mark.parametrize("doc", [d for d in DOCS if d.exists()], ids=lambda p: p.name)
def test_tests_named_in_docs_exist(doc: Path) -> None:
    defined = {
        match
        for path in (REPO / "tests").rglob("*.py")
        for match in re.findall(r"^\s*def (test_\w+)", path.read_text(encoding="utf-8"), flags=re.M)
    }
    modules = {path.stem for path in (REPO / "tests").rglob("test_*.py")}
    named = set(_TEST_NAME.findall(doc.read_text(encoding="utf-8")))
    missing = sorted(named - defined - modules)
    assert not missing, f"{doc.name} names tests that do not exist: {missing}"
