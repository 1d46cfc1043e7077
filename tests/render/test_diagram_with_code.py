"""``graph --with-code``: code and test files as their own nodes, linked to the specs they mention, per folder at scale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.render.registry import GRAPH_RENDERERS, RenderContext
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.diagram import GraphOutcome, GraphRequest, ViewOptions, run_graph
from tests.trace.planted import Planted, plant


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return plant(tmp_path_factory.mktemp("with-code"))


def _graph(root: Path, **view: object) -> GraphOutcome:
    options = ViewOptions(with_code=True, collapse="never", **view)  # type: ignore[arg-type]
    return run_graph(GraphRequest(LoadOptions(path=root, jobs=1), options))


def _json(outcome: GraphOutcome) -> dict:  # type: ignore[type-arg]
    return json.loads(GRAPH_RENDERERS["json"](outcome, RenderContext()))


def test_files_link_to_the_specs_they_mention(planted: Planted) -> None:
    document = _json(_graph(planted.root / "specs"))
    files = {n["id"]: n for n in document["nodes"] if n["kind"] == "file"}
    assert {n["title"] for n in files.values()} == {
        "../src/app/main.py",
        "../tests/test_app.py",
        "../build/test-results/junit.xml",
    }
    assert {n["role"] for n in files.values()} == {"code", "test"} and not any(n["folder"] for n in files.values())
    edges = [(e["source"], e["target"], e["kind"]) for e in document["edges"] if e["source"] in files]
    assert {t for s, t, kind in edges if kind == "implements"} == planted.implemented
    assert {t for s, t, kind in edges if kind == "verifies"} == planted.tested
    assert all(files[s]["role"] == ("code" if kind == "implements" else "test") for s, _, kind in edges)


def test_many_files_collapse_into_one_node_per_folder(planted: Planted) -> None:
    outcome = _graph(planted.root / "specs", code_threshold=2)
    document = _json(outcome)
    folders = {n["title"]: n for n in document["nodes"] if n["kind"] == "file"}
    assert set(folders) == {"../src/app", "../tests", "../build/test-results"}
    assert all(n["folder"] and n["files"] == 1 for n in folders.values())
    assert any("one node per folder" in note for note in document["notes"])
    mermaid = GRAPH_RENDERERS["mermaid"](outcome, RenderContext())
    assert '[/"code folder<br/>../src/app/<br/>1 file"\\]' in mermaid


def test_dot_and_mermaid_draw_a_distinct_shape_and_a_legend_entry(planted: Planted) -> None:
    outcome = _graph(planted.root / "specs", roots=("REQ-0004",))
    dot = GRAPH_RENDERERS["dot"](outcome, RenderContext())
    assert 'label="test file\\n../tests/test_app.py", shape="parallelogram"' in dot
    assert 'label="code or test file"' in dot and 'label="verifies"' in dot
    mermaid = GRAPH_RENDERERS["mermaid"](outcome, RenderContext())
    assert '>"test file<br/>../tests/test_app.py"]' in mermaid
    assert 'legend_file>"code or test file"]:::file' in mermaid
    plain = run_graph(GraphRequest(LoadOptions(path=planted.root / "specs", jobs=1), ViewOptions(roots=("REQ-0004",))))
    assert "code or test file" not in GRAPH_RENDERERS["dot"](plain, RenderContext()), "only --with-code adds files"


def test_hostile_file_names_are_escaped(tmp_path: Path) -> None:
    (tmp_path / ".speckit-graph.toml").write_text('[trace]\ncode = ["src/*"]\n', encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.md").write_text("---\nid: REQ-0001\ntitle: A\nstatus: implemented\n---\n", encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / 'x"]:::y<b>.py').write_text("# Implements: REQ-0001\n", encoding="utf-8")
    outcome = _graph(tmp_path / "specs")
    mermaid = GRAPH_RENDERERS["mermaid"](outcome, RenderContext())
    assert "code file" in mermaid and '"]:::y<b>' not in mermaid and "<b>.py" not in mermaid
    dot = GRAPH_RENDERERS["dot"](outcome, RenderContext())
    assert 'x\\"]:::y<b>.py' in dot  # a DOT string: the quote escaped, nothing else interpreted


def test_with_code_needs_trace(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nid: spec-a-001\ntitle: A\nstatus: draft\n---\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"--with-code needs \[trace\]"):
        _graph(tmp_path)
