"""``graph --with-code``: file -> spec links have kinds of their own, and collapsed groups keep their files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from speckit_graph.render.registry import GRAPH_RENDERERS, RenderContext
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.diagram import GraphOutcome, GraphRequest, ViewOptions, run_graph
from tests.trace.planted import Planted, plant


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return plant(tmp_path_factory.mktemp("trace-links"))


def _graph(root: Path, **view: object) -> GraphOutcome:
    options = ViewOptions(with_code=True, **view)  # type: ignore[arg-type]
    return run_graph(GraphRequest(LoadOptions(path=root, jobs=1), options))


def _render(fmt: str, outcome: GraphOutcome) -> str:
    return GRAPH_RENDERERS[fmt](outcome, RenderContext())


def test_json_and_graphml_name_the_kinds_and_their_direction(planted: Planted) -> None:
    outcome = _graph(planted.root / "specs", roots=("REQ-0012",), collapse="never")
    document = json.loads(_render("json", outcome))
    traced = {(e["source"], e["target"], e["kind"], e["directed"]) for e in document["edges"] if e["source"].startswith("file:")}
    assert traced == {
        ("file:code:../src/app/main.py", "REQ-0012", "implements", True),
        ("file:code:../src/app/main.py", "EPIC-0001", "implements", True),
        ("file:test:../tests/test_app.py", "REQ-0012", "verifies", True),
        ("file:test:../build/test-results/junit.xml", "REQ-0012", "verifies", True),
    }
    assert not any(e["kind"] == "related" for e in document["edges"]), "file links are no longer related links"
    graphml = ET.fromstring(_render("graphml", outcome).encode())
    keys = {k.get("id"): k.get("attr.name") for k in graphml.iter("{http://graphml.graphdrawing.org/xmlns}key")}
    kinds = {
        data.text
        for edge in graphml.iter("{http://graphml.graphdrawing.org/xmlns}edge")
        for data in edge
        if keys.get(data.get("key")) == "kind"
    }
    assert {"implements", "verifies", "parent"} <= kinds


def test_dot_and_mermaid_draw_the_two_kinds_apart_with_legend_lines(planted: Planted) -> None:
    outcome = _graph(planted.root / "specs", roots=("REQ-0012",), collapse="never")
    dot = _render("dot", outcome)
    implements = [line for line in dot.splitlines() if 'label="implements"' in line and "@legend" not in line]
    verifies = [line for line in dot.splitlines() if 'label="verifies"' in line and "@legend" not in line]
    assert implements and verifies
    assert all('color="#15803d"' in line and 'style="dashed"' in line for line in implements)
    assert all('color="#0e7490"' in line and 'arrowhead="empty"' in line for line in verifies)
    assert 'label="code file"' in dot and 'label="test file"' in dot  # the legend's sample lines start at a file
    mermaid = _render("mermaid", outcome)
    assert '-.->|"implements"| s_REQ_0012' in mermaid and '-.->|"verifies"| s_REQ_0012' in mermaid
    assert 'legend_k2_a["code file"] -.->|"implements"|' in mermaid or '["code file"] -.->|"implements"|' in mermaid
    assert "stroke:#15803d,stroke-dasharray:6 3" in mermaid and "stroke:#0e7490,stroke-dasharray:6 3" in mermaid


def test_a_collapsed_group_keeps_its_files(planted: Planted) -> None:
    outcome = _graph(planted.root / "specs", collapse="always")
    document = json.loads(_render("json", outcome))
    assert document["collapsed"] and [n["id"] for n in document["nodes"] if n["kind"] == "group"] == ["EPIC-0001"]
    files = sorted(n["title"] for n in document["nodes"] if n["kind"] == "file")
    assert files == ["../build/test-results/junit.xml", "../src/app/main.py", "../tests/test_app.py"]
    edges = sorted(
        (e["source"], e["target"], e["kind"], e.get("count")) for e in document["edges"] if e["source"].startswith("file:")
    )
    assert edges == [
        ("file:code:../src/app/main.py", "EPIC-0001", "implements", 1),  # ten specs, one file: one line
        ("file:test:../build/test-results/junit.xml", "EPIC-0001", "verifies", 1),
        ("file:test:../tests/test_app.py", "EPIC-0001", "verifies", 1),
    ]
    assert _render("json", _graph(planted.root / "specs", collapse="always")) == _render("json", outcome)


def test_collapsed_groups_and_folders_together(planted: Planted) -> None:
    outcome = _graph(planted.root / "specs", collapse="always", code_threshold=1)
    document = json.loads(_render("json", outcome))
    folders = {n["id"]: n["files"] for n in document["nodes"] if n["kind"] == "file"}
    assert folders == {"folder:code:../src/app": 1, "folder:test:../build/test-results": 1, "folder:test:../tests": 1}
    targets = {e["target"] for e in document["edges"] if e["source"] in folders}
    assert targets == {"EPIC-0001"}
    mermaid = _render("mermaid", outcome)
    assert 'f_folder_code____src_app -.->|"implements"| g_EPIC_0001' in mermaid
