"""What a diagram shows: focus, filters, reduction, collapsing, clusters (speckit_graph.render.diagram.view)."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind
from speckit_graph.render.diagram.model import DiagramView, ViewEdge, ViewOptions
from speckit_graph.render.diagram.shrink import thin_edges, top_parents
from speckit_graph.usecases.diagram import graph_view
from speckit_graph.usecases.load import load, resolve_config
from tests.support.graph import EXAMPLES, write_repo

CHECKOUT = EXAMPLES / "checkout"
BROKEN = EXAMPLES / "broken"


def view_of(path: Path, **options: object) -> DiagramView:
    config = resolve_config(path)
    graph = load(path, config)
    return graph_view(graph, config, ViewOptions(**options))  # type: ignore[arg-type]


def keys(view: DiagramView) -> set[str]:
    return {node.key for node in view.nodes}


def edge_set(view: DiagramView, kind: LinkKind | None = None) -> set[tuple[str, str]]:
    return {(e.source, e.target) for e in view.edges if kind is None or e.kind is kind}


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    """a -> b -> c -> d (dependencies), a -> c and a -> d shortcuts, e under epic p, f related to a."""
    return write_repo(
        tmp_path / "chain",
        [
            {"id": "p", "type": "epic"},
            {"id": "a", "dependencies": ["b", "c", "d"], "parent": "p"},
            {"id": "b", "dependencies": ["c"], "parent": "p", "status": "approved"},
            {"id": "c", "dependencies": ["d"], "parent": "p", "tags": ["x"]},
            {"id": "d", "parent": "p"},
            {"id": "e", "parent": "p", "type": "user_story"},
            {"id": "f", "related": ["a"], "parent": "p"},
        ],
    )


def test_whole_repository_is_every_spec_and_link() -> None:
    view = view_of(CHECKOUT)
    assert len(view.nodes) == 32
    assert not view.collapsed
    parents = edge_set(view, LinkKind.PARENT)
    assert ("spec-story-pay-by-card-001", "spec-feature-card-payments-001") in parents
    # related links declared on both sides are drawn once
    related = edge_set(view, LinkKind.RELATED)
    assert ("spec-epic-checkout-001", "spec-epic-payments-001") in related
    assert ("spec-epic-payments-001", "spec-epic-checkout-001") not in related


def test_focus_deps_follows_what_a_spec_needs(chain: Path) -> None:
    view = view_of(chain, roots=("b",), direction="deps", kinds=frozenset({LinkKind.DEPENDS_ON}))
    assert keys(view) == {"b", "c", "d"}
    assert edge_set(view) == {("b", "c"), ("c", "d")}


def test_focus_dependents_follows_what_needs_a_spec(chain: Path) -> None:
    view = view_of(chain, roots=("c",), direction="dependents", kinds=frozenset({LinkKind.DEPENDS_ON}))
    assert keys(view) == {"a", "b", "c"}


def test_focus_depth_limits_hops(chain: Path) -> None:
    view = view_of(chain, roots=("d",), direction="dependents", depth=1, kinds=frozenset({LinkKind.DEPENDS_ON}))
    assert keys(view) == {"a", "c", "d"}
    assert keys(view_of(chain, roots=("d",), depth=0)) == {"d"}


def test_focus_both_is_a_union_not_a_turnaround(chain: Path) -> None:
    view = view_of(chain, roots=("b",), kinds=frozenset({LinkKind.DEPENDS_ON}))
    # b's dependents (a) and dependencies (c, d), but not a's other needs beyond those
    assert keys(view) == {"a", "b", "c", "d"}


def test_related_is_followed_in_both_directions(chain: Path) -> None:
    view = view_of(chain, roots=("a",), direction="deps", depth=1, kinds=frozenset({LinkKind.RELATED}))
    assert keys(view) == {"a", "f"}


def test_parent_kind_dependents_is_an_epic_tree(chain: Path) -> None:
    view = view_of(chain, roots=("p",), direction="dependents", kinds=frozenset({LinkKind.PARENT}))
    assert keys(view) == {"p", "a", "b", "c", "d", "e", "f"}
    assert all(edge.kind is LinkKind.PARENT for edge in view.edges)


def test_filters_keep_roots_and_drop_the_rest(chain: Path) -> None:
    assert keys(view_of(chain, statuses=frozenset({"approved"}))) == {"b"}
    assert keys(view_of(chain, types=frozenset({"user_story"}))) == {"e"}
    assert keys(view_of(chain, tags=frozenset({"x"}))) == {"c"}
    assert keys(view_of(chain, roots=("a",), depth=1, statuses=frozenset({"approved"}))) == {"a", "b"}


def test_reduce_drops_implied_dependencies_only(chain: Path) -> None:
    full = view_of(chain, kinds=frozenset({LinkKind.DEPENDS_ON}))
    reduced = view_of(chain, kinds=frozenset({LinkKind.DEPENDS_ON}), reduce=True)
    assert edge_set(full) == {("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("c", "d")}
    assert edge_set(reduced) == {("a", "b"), ("b", "c"), ("c", "d")}
    parents_kept = view_of(chain, reduce=True)
    assert len(edge_set(parents_kept, LinkKind.PARENT)) == 6


def test_reduce_keeps_every_cycle_edge(tmp_path: Path) -> None:
    repo = write_repo(
        tmp_path / "cyc",
        [
            {"id": "a", "dependencies": ["b", "c"]},
            {"id": "b", "dependencies": ["c"]},
            {"id": "c", "dependencies": ["b", "d"]},
            {"id": "d"},
        ],
    )
    view = view_of(repo, reduce=True)
    # a -> c is implied by a -> b -> c; b <-> c is a cycle and stays whole
    assert edge_set(view) == {("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")}
    assert {(e.source, e.target) for e in view.edges if e.cycle} == {("b", "c"), ("c", "b")}


def test_problems_mark_cycle_edges_orphans_and_missing_targets() -> None:
    view = view_of(BROKEN)
    cycle = {(e.source, e.target) for e in view.edges if e.cycle}
    assert ("spec-data-message-template-001", "spec-service-template-engine-001") in cycle
    assert ("spec-service-template-engine-001", "spec-service-localization-001") in cycle
    assert ("spec-story-digest-frequency-001", "spec-story-digest-frequency-001") in cycle  # self link
    missing = {node.key for node in view.nodes if node.kind == "missing"}
    assert missing == {"spec-feature-email-digests-001", "spec-feature-sms-fallback-001"}
    assert all(e.dangling for e in view.edges if e.target in missing)
    orphans = {node.key for node in view.nodes if node.orphan}
    assert orphans == {"spec-story-web-push-opt-in-001"}


def test_problems_follow_the_configuration(tmp_path: Path) -> None:
    repo = write_repo(tmp_path / "r", [{"id": "a", "dependencies": ["b"]}, {"id": "b", "dependencies": ["a"]}, {"id": "z"}])
    (repo / ".speckit-graph.toml").write_text('ignore = ["SG201", "orphan"]\n', encoding="utf-8")
    view = view_of(repo)
    assert not any(e.cycle for e in view.edges)
    assert not any(n.orphan for n in view.nodes)


def test_collapse_gives_one_node_per_top_level_parent() -> None:
    view = view_of(CHECKOUT, collapse="always")
    assert view.collapsed
    assert keys(view) == {"spec-epic-checkout-001", "spec-epic-order-confirmation-001", "spec-epic-payments-001"}
    sizes = {node.key: node.members for node in view.nodes}
    assert sum(sizes.values()) == 32
    assert all(node.kind == "group" for node in view.nodes)
    edge = next(e for e in view.edges if e.kind is LinkKind.DEPENDS_ON and e.target == "spec-epic-order-confirmation-001")
    assert edge.count >= 2
    assert view.notes and "collapsed 32 specs into 3 nodes" in view.notes[0]


def test_collapse_auto_only_above_the_threshold() -> None:
    assert not view_of(CHECKOUT, max_nodes=32).collapsed
    assert view_of(CHECKOUT, max_nodes=31).collapsed


def test_collapse_counts_problems_inside_groups() -> None:
    view = view_of(BROKEN, collapse="always")
    epic = next(node for node in view.nodes if node.key == "spec-epic-notifications-001")
    assert epic.kind == "group"
    assert epic.cycle_links >= 3 and epic.missing_links >= 1
    assert epic.has_problem


def test_collapse_groups_loose_specs_by_type_when_hierarchies_do_not_fit(tmp_path: Path) -> None:
    specs = [{"id": f"s{i:03d}", "type": "user_story" if i % 2 else "data_model"} for i in range(40)]
    view = view_of(write_repo(tmp_path / "flat", specs), max_nodes=10)
    assert view.collapsed
    assert {node.title for node in view.nodes} == {"user_story specs", "data_model specs"}
    assert sorted(node.members for node in view.nodes) == [20, 20]


def test_type_group_keys_never_collide_with_spec_ids(tmp_path: Path) -> None:
    specs = [{"id": "type:user_story", "type": "epic"}] + [{"id": f"s{i}", "type": "user_story"} for i in range(20)]
    view = view_of(write_repo(tmp_path / "clash", specs), max_nodes=3)
    assert len(keys(view)) == len(view.nodes)
    groups = [node for node in view.nodes if node.kind == "group"]
    assert any(node.key.startswith("~type:") for node in groups)


def test_top_parents_survive_parent_loops(tmp_path: Path) -> None:
    repo = write_repo(
        tmp_path / "loop",
        [{"id": "a", "parent": "b"}, {"id": "b", "parent": "a"}, {"id": "c", "parent": "a"}, {"id": "d"}],
    )
    graph = load(repo)
    assert top_parents(graph, ["a", "b", "c", "d"]) == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_thin_edges_keeps_heavy_and_cycle_edges() -> None:
    edges = [ViewEdge("a", "b", LinkKind.DEPENDS_ON, count=c) for c in range(1, 11)]
    edges[0] = ViewEdge("x", "y", LinkKind.DEPENDS_ON, cycle=True)
    edges.append(ViewEdge("a", "z", LinkKind.RELATED, count=50))
    kept, note = thin_edges(edges, budget=4)
    assert len(kept) == 4
    assert any(e.cycle for e in kept)
    assert sorted(e.count for e in kept if not e.cycle) == [8, 9, 10]
    assert "1 related link" in note or "related links" in note
    assert thin_edges(edges[:3], budget=4) == (edges[:3], "")


def test_parent_clusters_nest_along_the_hierarchy() -> None:
    view = view_of(CHECKOUT, cluster="parent")
    tops = {cluster.key: cluster for cluster in view.clusters}
    assert set(tops) == {
        "parent:spec-epic-checkout-001",
        "parent:spec-epic-order-confirmation-001",
        "parent:spec-epic-payments-001",
    }
    checkout = tops["parent:spec-epic-checkout-001"]
    assert "spec-epic-checkout-001" in checkout.nodes
    inner = {c.key: c for c in checkout.clusters}
    guest = inner["parent:spec-feature-guest-checkout-001"]
    assert "spec-story-guest-checkout-001" in guest.nodes
    # every spec sits in exactly one box
    seen: list[str] = []
    stack = list(view.clusters)
    while stack:
        cluster = stack.pop()
        seen.extend(cluster.nodes)
        stack.extend(cluster.clusters)
    assert sorted(seen) == sorted(keys(view))


def test_category_clusters() -> None:
    view = view_of(CHECKOUT, cluster="category")
    assert [c.label for c in view.clusters] == ["architecture", "backlog", "documentation", "requirements"]


def test_only_draws_exactly_the_given_ids() -> None:
    view = view_of(CHECKOUT, only=frozenset({"spec-data-order-001", "spec-api-checkout-session-001", "spec-data-cart-001"}))
    assert keys(view) == {"spec-data-order-001", "spec-api-checkout-session-001", "spec-data-cart-001"}
    assert edge_set(view) == {
        ("spec-api-checkout-session-001", "spec-data-order-001"),
        ("spec-api-checkout-session-001", "spec-data-cart-001"),
    }


def test_unknown_root_suggests_the_closest_id() -> None:
    with pytest.raises(UsageError, match="did you mean 'spec-epic-checkout-001'"):
        view_of(CHECKOUT, roots=("spec-epic-checkout-01",))


def test_unknown_filter_value_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--status 'aproved'.*did you mean 'approved'"):
        view_of(CHECKOUT, statuses=frozenset({"aproved"}))


def test_view_is_deterministic() -> None:
    assert view_of(BROKEN, cluster="parent") == view_of(BROKEN, cluster="parent")
