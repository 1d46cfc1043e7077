"""Loosely linked repositories: unlinked specs packed into a grid, a legend without look-alikes.

The SVG test lays out a real picture with Graphviz (skipped without one) and reads the
width and height Graphviz wrote: before the grid, 300 unlinked specs were one row about
26 times wider than tall.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from speckit_graph.render.diagram.grid import columns_for
from tests.render.test_diagram_svg import needs_graphviz
from tests.render.test_named_direction import repository as named_repository
from tests.support.graph import dot_value, invoke, parse_dot, subgraph

_SIZE = re.compile(r'<svg[^>]*\swidth="([\d.]+)pt"[^>]*\sheight="([\d.]+)pt"')


def loose_repository(root: Path, unlinked: int = 300, linked: int = 20, types: int = 30) -> Path:
    """``unlinked`` specs with no link (``types`` made-up types, one shape), ``linked`` epics in chains of five."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(unlinked):
        (root / f"u{i:03d}.md").write_text(
            f"---\nid: spec-loose-{i:03d}\ntitle: Loose spec number {i}\nstatus: draft\ntype: kind{i % types}\n---\n",
            encoding="utf-8",
        )
    for i in range(linked):
        link = f"dependencies: [spec-linked-{i - 1:03d}]\n" if i % 5 else ""
        (root / f"l{i:03d}.md").write_text(
            f"---\nid: spec-linked-{i:03d}\ntitle: Linked {i}\nstatus: approved\ntype: epic\n{link}---\n", encoding="utf-8"
        )
    return root


def graph_text(root: Path, *args: str) -> str:
    code, out, err = invoke("graph", str(root), *args)
    assert code == 0, err
    return out


def svg_ratio(svg: str) -> float:
    match = _SIZE.search(svg)
    assert match, svg[:400]
    width, height = float(match.group(1)), float(match.group(2))
    assert width > 0 and height > 0
    return max(width / height, height / width)


@needs_graphviz
@pytest.mark.parametrize("collapse", ["never", "auto"])
def test_300_unlinked_specs_do_not_make_a_strip(tmp_path: Path, collapse: str) -> None:
    root = loose_repository(tmp_path / "repo")
    svg = graph_text(root, "-f", "svg", "--collapse", collapse)
    ratio = svg_ratio(svg)
    assert ratio < 4, f"width/height ratio {ratio:.1f} (collapse={collapse})"


def test_unlinked_specs_sit_in_one_grid_box_and_linked_ones_stay_outside(tmp_path: Path) -> None:
    root = loose_repository(tmp_path / "repo", unlinked=60)
    graph = parse_dot(graph_text(root, "-f", "dot", "--collapse", "never"))
    box = subgraph(graph, "cluster_unlinked")
    assert box is not None
    assert dot_value(box.get("label")) == "without links: 60 specs"
    inside = {dot_value(n.get_name()) for n in box.get_nodes()}
    assert len(inside) == 60 and all(name.startswith("spec-loose-") for name in inside)
    invisible = [e for e in box.get_edges() if dot_value(e.get("style")) == "invis"]
    columns = columns_for(60)
    assert 1 < columns < 60
    assert len(invisible) == 60 - columns  # one chain per column


def test_a_few_unlinked_specs_are_left_alone(tmp_path: Path) -> None:
    root = loose_repository(tmp_path / "repo", unlinked=3)
    assert subgraph(parse_dot(graph_text(root, "-f", "dot")), "cluster_unlinked") is None


def legend_labels(dot: str) -> list[str]:
    legend = subgraph(parse_dot(dot), "cluster_legend")
    assert legend is not None
    return [dot_value(n.get("label")) for n in legend.get_nodes() if n.get("label")]


def test_types_that_share_one_shape_get_no_legend_entry(tmp_path: Path) -> None:
    root = loose_repository(tmp_path / "repo", unlinked=40, linked=0)  # all 30 types, fewer nodes to parse
    labels = legend_labels(graph_text(root, "-f", "dot", "--collapse", "never"))
    assert not [label for label in labels if label.startswith("type:")], labels
    mermaid = graph_text(root, "-f", "mermaid", "--collapse", "never")
    assert "type:" not in mermaid


def test_types_with_different_shapes_are_merged_per_shape(tmp_path: Path) -> None:
    root = loose_repository(tmp_path / "repo", unlinked=40)
    labels = legend_labels(graph_text(root, "-f", "dot", "--collapse", "never"))
    types = [label for label in labels if label.startswith("type:")]
    assert types == ["type: epic", "type: kind0, kind1, kind10 +27 more"]
    statuses = [label for label in labels if label.startswith("status:")]
    assert statuses == ["status: draft", "status: approved"]  # two fills, two entries


def test_statuses_sharing_a_fill_are_one_entry(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    for i, status in enumerate(["odd", "strange", "draft"]):
        (root / f"s{i}.md").write_text(f"---\nid: spec-s-00{i}\ntitle: S\nstatus: {status}\ntype: epic\n---\n", encoding="utf-8")
    statuses = [label for label in legend_labels(graph_text(root, "-f", "dot")) if label.startswith("status:")]
    assert statuses == ["status: draft", "status: odd, strange"]  # statuses outside the lifecycle are all white


def test_named_kinds_are_directed_in_the_legend_and_plain_related_says_undirected(tmp_path: Path) -> None:
    root = named_repository(tmp_path)
    legend = subgraph(parse_dot(graph_text(root, "-f", "dot")), "cluster_legend")
    edges = {dot_value(e.get("label")): e for e in legend.get_edges() if e.get("label")}
    assert dot_value(edges["replaces"].get("arrowhead")) == "open" and edges["replaces"].get("dir") is None
    assert dot_value(edges["related to (undirected)"].get("dir")) == "none"
    mermaid = graph_text(root, "-f", "mermaid")
    assert '-.->|"replaces"|' in mermaid.split('subgraph legend ["Legend"]')[1]
    assert '-.-|"related to (undirected)"|' in mermaid
