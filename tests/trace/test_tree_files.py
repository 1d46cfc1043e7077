"""``tree ID`` with ``[trace]``: the code and test files that mention the spec, with lines and the last result."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.render.registry import TREE_RENDERERS, RenderContext
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.tree import TreeRequest, run_tree
from tests.trace.planted import Planted, plant


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return plant(tmp_path_factory.mktemp("tree"))


def test_tree_lists_the_files_that_mention_the_spec(planted: Planted) -> None:
    outcome = run_tree(TreeRequest("REQ-0003", LoadOptions(path=planted.root / "specs", jobs=1)))
    assert outcome.files is not None
    assert [(f.path, f.lines) for f in outcome.files.code] == [(p, (n,)) for p, n in planted.code_lines["REQ-0003"]]
    assert outcome.files.tests == () and outcome.files.result == ""
    text = TREE_RENDERERS["text"](outcome, RenderContext())
    line = planted.code_lines["REQ-0003"][0][1]
    assert text.endswith(f"\nCode that mentions it: 1 file\n  ../src/app/main.py:{line}\nTests that mention it: none\n")
    assert "../src/app/main.py" in TREE_RENDERERS["rich"](outcome, RenderContext())


def test_tree_shows_the_last_junit_result(planted: Planted) -> None:
    outcome = run_tree(TreeRequest("REQ-0002", LoadOptions(path=planted.root / "specs", jobs=1)))
    text = TREE_RENDERERS["text"](outcome, RenderContext())
    assert "Code that mentions it: none\nTests that mention it: 1 file (last JUnit result: failed)\n" in text


def test_untraced_tree_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nid: spec-a-001\ntitle: A\nstatus: draft\n---\n", encoding="utf-8")
    outcome = run_tree(TreeRequest("spec-a-001", LoadOptions(path=tmp_path, jobs=1)))
    assert outcome.files is None
    assert "mentions it" not in TREE_RENDERERS["text"](outcome, RenderContext())
