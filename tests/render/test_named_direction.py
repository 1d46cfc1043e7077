"""Named kinds declared ``like = "related"`` keep their written direction in every diagram format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cli


def repository(root: Path) -> Path:
    (root / ".speckit-graph.toml").write_text(
        '[links]\nreplaces = { fields = ["replaces"], like = "related" }\n', encoding="utf-8"
    )
    # B replaces A, but A sorts first: an undirected edge would come out as A -> B.
    (root / "a.md").write_text("---\nid: A\ntitle: A\ntype: epic\nstatus: draft\nrelated: [C]\n---\n", encoding="utf-8")
    (root / "b.md").write_text("---\nid: B\ntitle: B\ntype: epic\nstatus: draft\nreplaces: A\n---\n", encoding="utf-8")
    (root / "c.md").write_text("---\nid: C\ntitle: C\ntype: epic\nstatus: draft\n---\n", encoding="utf-8")
    return root


def graph(root: Path, fmt: str) -> str:
    run = run_cli("graph", root, "--format", fmt)
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    return run.stdout


def test_json_keeps_the_direction_and_marks_plain_related_undirected(tmp_path: Path) -> None:
    edges = json.loads(graph(repository(tmp_path), "json"))["edges"]
    named = [e for e in edges if e.get("label") == "replaces"]
    assert [(e["source"], e["target"], e["directed"]) for e in named] == [("B", "A", True)]
    plain = [e for e in edges if e["kind"] == "related" and "label" not in e]
    assert [(e["source"], e["target"], e["directed"]) for e in plain] == [("A", "C", False)]


def test_graphml_keeps_the_direction(tmp_path: Path) -> None:
    root = ET.fromstring(graph(repository(tmp_path), "graphml").encode("utf-8"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("id"): k.get("attr.name") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")}
    found = []
    for edge in root.iterfind(".//g:edge", ns):
        data = {keys[d.get("key")]: d.text for d in edge.iterfind("g:data", ns)}
        found.append((edge.get("source"), edge.get("target"), data.get("label"), (data.get("directed") or "").lower()))
    assert ("B", "A", "replaces", "true") in found
    assert ("A", "C", None, "false") in found


def test_dot_and_mermaid_draw_an_arrow_only_for_the_named_kind(tmp_path: Path) -> None:
    root = repository(tmp_path)
    dot = graph(root, "dot")
    named = next(line for line in dot.splitlines() if line.strip().startswith('"B" -> "A"'))
    assert 'label="replaces"' in named and "dir=" not in named
    plain = next(line for line in dot.splitlines() if line.strip().startswith('"A" -> "C"'))
    assert 'dir="none"' in plain
    mermaid = graph(root, "mermaid")
    assert 's_B -.->|"replaces"| s_A' in mermaid
    assert "s_A -.- s_C" in mermaid
