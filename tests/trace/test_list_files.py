"""Which files the trace scan reads: globs matched all at once, and only the folders they name walked."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.config.trace import TraceSettings
from speckit_graph.trace import collect as collect_module
from speckit_graph.trace.collect import list_files

FILES = ("src/a.py", "src/deep/b.py", "tests/test_a.py", "docs/c.py", "top.py", "out/junit.xml")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for rel in FILES:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# x\n", encoding="utf-8")
    return tmp_path


def _walked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = collect_module.walk_folders

    def recording(root):  # type: ignore[no-untyped-def]
        for entry in real(root):
            seen.append(Path(entry[0]).name)
            yield entry

    monkeypatch.setattr(collect_module, "walk_folders", recording)
    return seen


def test_globs_with_literal_folders_walk_only_those(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _walked(monkeypatch)
    settings = TraceSettings(code=("./src/**/*.py",), tests=("tests/**/*.py",), results=("out/*.xml",))
    listing = list_files(repo, settings)
    assert [rel for rel, _, _ in listing.sources] == ["src/a.py", "src/deep/b.py", "tests/test_a.py"]
    assert listing.results == ("out/junit.xml",)
    assert "docs" not in seen, "no glob can match under docs/"


def test_a_glob_without_a_folder_walks_everything(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _walked(monkeypatch)
    listing = list_files(repo, TraceSettings(code=("src/**/*.py",), tests=("**/c.py", "top.py")))
    assert [(rel, role) for rel, role, _ in listing.sources] == [
        ("docs/c.py", "test"),
        ("src/a.py", "code"),
        ("src/deep/b.py", "code"),
        ("top.py", "test"),
    ]
    assert "docs" in seen
