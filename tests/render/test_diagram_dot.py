"""DOT output: parsed back with pydot, for focused, clustered, collapsed and hostile graphs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.render.diagram import style as st
from speckit_graph.render.diagram.model import ViewOptions
from speckit_graph.render.escape import visible_text
from speckit_graph.usecases.diagram import diagram as draw_diagram
from speckit_graph.usecases.load import load, resolve_config
from tests.support.graph import (
    EXAMPLES,
    GOLDEN,
    HOSTILE_IDS,
    HOSTILE_TITLES,
    all_edges,
    all_nodes,
    dot_value,
    graph_attributes,
    invoke,
    parse_dot,
    spec_nodes,
    styles,
    subgraph,
    write_repo,
)

CHECKOUT = EXAMPLES / "checkout"
BROKEN = EXAMPLES / "broken"


def dot_for(path: Path, *args: str) -> str:
    code, out, err = invoke("graph", str(path), "-f", "dot", "--link-base", "", *args)
    assert code == 0, err
    return out


def edges_by_kind(graph: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for edge in all_edges(graph):
        tooltip = dot_value(edge.get("tooltip")) or ""
        if dot_value(edge.get_source()).startswith("@legend"):
            continue
        kind = "parent" if " is the parent of " in tooltip else "related" if " related to " in tooltip else "depends_on"
        found.setdefault(kind, []).append(edge)
    return found


def test_focused_view_has_the_right_nodes_edges_and_styles() -> None:
    root = "spec-story-pay-by-card-001"
    graph = parse_dot(dot_for(CHECKOUT, "--root", root, "--direction", "deps", "--kinds", "depends_on"))
    nodes = spec_nodes(graph)
    assert set(nodes) == {
        root,
        "spec-api-payment-intents-001",
        "spec-ui-checkout-flow-001",
        "spec-service-payment-gateway-001",
        "spec-api-checkout-session-001",
        "spec-data-payment-001",
        "spec-data-order-001",
        "spec-data-cart-001",
    }
    # the root is drawn bold; status decides the fill, type the shape
    assert "bold" in styles(nodes[root])
    assert dot_value(nodes[root].get("fillcolor")) == st.status_fill("review", ("draft", "review", "approved", "implemented"), ())
    assert dot_value(nodes[root].get("shape")) == "note"
    assert dot_value(nodes["spec-data-order-001"].get("shape")) == "cylinder"
    assert dot_value(nodes["spec-data-order-001"].get("URL")) == "data/order.md"
    tooltip = dot_value(nodes[root].get("tooltip"))
    assert "status: review · priority: critical · owner: Luis Ortega" in tooltip
    kinds = edges_by_kind(graph)
    assert set(kinds) == {"depends_on"}
    pairs = {(dot_value(e.get_source()), dot_value(e.get_destination())) for e in kinds["depends_on"]}
    assert (root, "spec-api-payment-intents-001") in pairs
    assert all(dot_value(e.get("arrowhead")) == "normal" for e in kinds["depends_on"])


def test_edge_styles_per_kind_and_parent_edges_hang_down() -> None:
    graph = parse_dot(dot_for(CHECKOUT))
    kinds = edges_by_kind(graph)
    parent = next(e for e in kinds["parent"] if dot_value(e.get_destination()) == "spec-story-pay-by-card-001")
    assert dot_value(parent.get_source()) == "spec-feature-card-payments-001"
    assert dot_value(parent.get("dir")) == "back" and dot_value(parent.get("arrowtail")) == "odiamond"
    assert all(dot_value(e.get("style")) == "dotted" and dot_value(e.get("dir")) == "none" for e in kinds["related"])
    assert all(e.get("constraint") == "false" for e in kinds["related"])
    assert len(kinds["related"]) == 8  # declared on both sides, drawn once


def test_legend_lists_what_the_picture_uses() -> None:
    graph = parse_dot(dot_for(CHECKOUT))
    legend = subgraph(graph, "cluster_legend")
    assert legend is not None
    labels = {dot_value(n.get("label")) for n in legend.get_nodes()}
    for status in ("draft", "review", "approved", "implemented", "deprecated"):
        assert f"status: {status}" in labels
    assert "type: epic" in labels and "type: data_model" in labels
    legend_edges = {dot_value(e.get("label")) for e in legend.get_edges() if e.get("label")}
    assert legend_edges == {"parent of", "depends on", "related to (undirected)"}
    # no problems in the clean example, so no problem markers in its legend
    assert not any(label and "missing" in label for label in labels)
    assert subgraph(parse_dot(dot_for(CHECKOUT, "--no-legend")), "cluster_legend") is None


def test_problems_are_visible_and_in_the_legend() -> None:
    graph = parse_dot(dot_for(BROKEN))
    nodes = spec_nodes(graph)
    missing = nodes["missing:spec-feature-email-digests-001"]
    assert {"dashed"} <= styles(missing) and dot_value(missing.get("color")) == st.PROBLEM
    orphan = nodes["spec-story-web-push-opt-in-001"]
    assert dot_value(orphan.get("color")) == st.ORPHAN and "(orphan: no links)" in dot_value(orphan.get("label"))
    red = [
        e
        for e in all_edges(graph)
        if dot_value(e.get("color")) == st.PROBLEM and "on a cycle" in (dot_value(e.get("tooltip")) or "")
    ]
    assert len(red) >= 6  # the three-spec dependency loop, the two-spec parent loop, the self link
    dangling = [e for e in all_edges(graph) if "(no such spec)" in (dot_value(e.get("tooltip")) or "")]
    assert dangling and all(dot_value(e.get("style")) == "dashed" for e in dangling)
    labels = {dot_value(n.get("label")) for n in subgraph(graph, "cluster_legend").get_nodes()}
    assert "missing\n(no such spec)" in labels and "orphan" in labels


def test_clustered_view_boxes_each_parent_with_its_children() -> None:
    graph = parse_dot(dot_for(CHECKOUT, "--cluster", "parent", "--no-legend"))
    clusters = [s for s in graph.get_subgraphs() if dot_value(s.get_name()).startswith("cluster_")]
    assert len(clusters) == 3  # one per epic

    def names(sub: Any) -> set[str]:
        return {dot_value(n.get_name()) for n in all_nodes(sub)}

    payments = next(c for c in clusters if "spec-epic-payments-001" in names(c))
    assert "spec-story-apple-pay-001" in names(payments)
    assert "spec-story-apple-pay-001" not in set().union(*(names(c) for c in clusters if c is not payments))
    inner = [s for s in payments.get_subgraphs()]
    assert any("spec-feature-card-payments-001" in names(s) and "spec-story-3ds-challenge-001" in names(s) for s in inner)


def test_category_clusters_are_labelled() -> None:
    graph = parse_dot(dot_for(CHECKOUT, "--cluster", "category", "--no-legend"))
    labels = sorted(dot_value(s.get("label")) for s in graph.get_subgraphs())
    assert labels == ["architecture", "backlog", "documentation", "requirements"]


def test_collapsed_view_draws_groups_with_counts() -> None:
    graph = parse_dot(dot_for(CHECKOUT, "--collapse", "always"))
    nodes = spec_nodes(graph)
    assert set(nodes) == {"spec-epic-checkout-001", "spec-epic-order-confirmation-001", "spec-epic-payments-001"}
    assert all(node.get("peripheries") == "2" for node in nodes.values())
    assert any("specs" in dot_value(n.get("label")).splitlines()[-1] for n in nodes.values())
    counted = [e for e in edges_by_kind(graph).get("depends_on", []) if e.get("label")]
    assert counted and all(dot_value(e.get("label")).startswith("×") for e in counted)


def test_sfdp_is_chosen_for_big_views_and_written_into_the_dot(tmp_path: Path) -> None:
    specs = [{"id": f"s{i:04d}", "dependencies": [f"s{i + 1:04d}"] if i < 449 else []} for i in range(450)]
    repo = write_repo(tmp_path / "big", specs)
    code, out, err = invoke("graph", str(repo), "--collapse", "never", "--no-legend")
    assert code == 0
    assert graph_attributes(out)["layout"] == "sfdp"
    assert out.count('"s0') >= 450 + 449  # every spec drawn (a node each) and linked (an edge each)
    assert "laid out with sfdp" in err


@pytest.mark.parametrize("spec_id", HOSTILE_IDS, ids=range(len(HOSTILE_IDS)))
def test_hostile_ids_round_trip(tmp_path: Path, spec_id: str) -> None:
    repo = write_repo(
        tmp_path / "r",
        [
            {"id": spec_id, "title": "Hostile", "dependencies": ["plain-target"]},
            {"id": "plain-target", "title": "Target", "dependencies": [spec_id + "-missing"]},
        ],
    )
    text = dot_for(repo)
    graph = parse_dot(text)
    nodes = spec_nodes(graph)
    assert visible_text(spec_id) in nodes, sorted(nodes)
    assert "missing:" + st.shorten_middle(visible_text(spec_id + "-missing"), 48) in nodes
    node = nodes[visible_text(spec_id)]
    assert dot_value(node.get("tooltip")).split("\n")[0] == f"{visible_text(spec_id)}: Hostile"
    edge_pairs = {(e.get_source(), e.get_destination()) for e in all_edges(graph)}
    assert (node.get_name(), '"plain-target"') in edge_pairs
    # every name is distinct and quoted
    names = [n.get_name() for n in all_nodes(graph)]
    assert len(names) == len(set(names)) and all(n.startswith('"') for n in names)


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=range(len(HOSTILE_TITLES)))
def test_hostile_titles_round_trip(tmp_path: Path, title: str) -> None:
    repo = write_repo(tmp_path / "r", [{"id": "spec-x-001", "title": title, "type": "epic"}])
    graph = parse_dot(dot_for(repo))
    node = spec_nodes(graph)["spec-x-001"]
    assert dot_value(node.get("tooltip")).split("\n")[0] == f"spec-x-001: {visible_text(title)}"
    label = dot_value(node.get("label")).split("\n")
    assert label[0] == "spec-x-001"
    assert 2 <= len(label) <= 4  # the id, then at most three wrapped lines
    shown = "".join("".join(label[1:]).split()).rstrip("…")
    assert "".join(visible_text(title).split()).startswith(shown)
    assert len(label[1]) <= 27


def test_dot_is_deterministic_and_matches_the_golden_file() -> None:
    config = resolve_config(CHECKOUT)
    graph = load(CHECKOUT, config)
    first = draw_diagram(graph, config, "dot", ViewOptions()).text
    again = draw_diagram(load(CHECKOUT, config), config, "dot", ViewOptions()).text
    assert first == again
    golden = GOLDEN / "checkout.dot"
    if os.environ.get("UPDATE_GOLDENS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(first, encoding="utf-8")
    assert first == golden.read_text(encoding="utf-8"), "DOT changed; rerun with UPDATE_GOLDENS=1 if intended"
