"""Readiness verdicts, blocker ranking, effort sums and the critical path, on real examples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speckit_graph.graph import algorithms as dag
from speckit_graph.report.readiness import ReadinessReport, ReasonKind
from speckit_graph.usecases.load import load, resolve_config
from speckit_graph.usecases.report import readiness_report, resolve_scope
from tests.conftest import EXAMPLES, REPO_ROOT

EDGE = REPO_ROOT / "tests" / "report_fixtures" / "edge"
CHECKOUT = EXAMPLES / "checkout"
TODAY = dt.date(2024, 3, 15)


def report_of(
    path: Path,
    roots: Sequence[str] = (),
    tags: Sequence[str] = (),
    release: str | None = None,
    target: str | None = None,
) -> ReadinessReport:
    config = resolve_config(path)
    graph = load(path, config)
    scope = resolve_scope(graph, config, roots, tags, release)
    return readiness_report(graph, config, scope, target, TODAY)


# -- examples/checkout ----------------------------------------------------------------------


def test_release_2_1_is_not_ready_and_its_blockers_are_ranked_by_what_waits_on_them() -> None:
    report = report_of(CHECKOUT, tags=["release-2.1"])
    assert not report.ready and report.verdict == "NOT READY"
    ranking = [(b.id, b.waiting) for b in report.blockers]
    assert ranking[:6] == [
        ("spec-api-checkout-session-001", 6),
        ("spec-service-payment-gateway-001", 5),
        ("spec-api-payment-intents-001", 2),  # high priority, ties broken by id
        ("spec-ui-checkout-flow-001", 2),
        ("spec-story-guest-checkout-001", 1),  # critical
        ("spec-story-pay-by-card-001", 1),  # critical
    ]
    assert len(report.blockers) == 13
    top = report.blockers[0]
    assert top.blocks == ("spec-doc-checkout-errors-001", "spec-story-guest-checkout-001", "spec-ui-checkout-flow-001")
    assert [r.kind for r in top.reasons] == [ReasonKind.STATUS]
    assert top.reasons[0].message == "is approved, needs implemented"
    assert top.age_days == 14  # updatedAt 2024-03-01
    row = report.row(top.id)
    assert (row.status, row.priority, row.author) == ("approved", "critical", "Marcus Oyelaran")
    # The untagged data models it depends on are implemented: in scope, not blockers.
    assert {"spec-data-cart-001", "spec-data-payment-001"} <= {r.id for r in report.specs}
    assert not {"spec-data-cart-001", "spec-data-payment-001"} & {b.id for b in report.blockers}


def test_release_2_1_effort_and_progress() -> None:
    report = report_of(CHECKOUT, tags=["release-2.1"])
    assert (report.progress.specs, report.progress.reached, report.progress.deprecated) == (16, 3, 0)
    effort = report.effort
    assert (effort.estimated, effort.actual, effort.completed, effort.remaining) == (1548, 533, 96, 1023)
    assert effort.unestimated == 0
    assert dict(report.status_counts) == {"draft": 2, "review": 4, "approved": 7, "implemented": 3}
    assert list(dict(report.priority_counts)) == ["critical", "high", "medium", "low"]


def test_approved_target_leaves_only_earlier_specs_blocking() -> None:
    report = report_of(CHECKOUT, tags=["release-2.1"], target="approved")
    assert {b.id for b in report.blockers} == {
        "spec-api-payment-intents-001",
        "spec-doc-checkout-errors-001",
        "spec-story-3ds-challenge-001",
        "spec-story-guest-checkout-002",
        "spec-story-pay-by-card-001",
        "spec-ui-checkout-flow-001",
    }
    assert report.progress.reached == 10


def test_shipped_release_is_ready() -> None:
    report = report_of(CHECKOUT, tags=["release-2.0"])
    assert report.ready and report.blockers == () and report.effort.remaining == 0
    assert report.critical_path.ids == ()


def test_deprecated_child_in_scope_is_listed_not_blocking() -> None:
    report = report_of(CHECKOUT, roots=["spec-epic-order-confirmation-001"])
    assert report.ready
    assert report.deprecated == ("spec-ui-legacy-receipt-page-001",)
    assert report.progress.deprecated == 1 and report.progress.specs == 6


def test_whole_repository_critical_path_and_deprecated() -> None:
    report = report_of(CHECKOUT)
    assert len(report.specs) == 32 and not report.ready
    assert report.deprecated == ("spec-ui-legacy-receipt-page-001",)
    assert report.blockers[0].id == "spec-service-payment-gateway-001" and report.blockers[0].waiting == 8
    # The payments epic's own estimate (720 h) outweighs any chain of dependencies.
    assert report.critical_path.ids == ("spec-epic-payments-001",)


def test_critical_path_follows_dependencies_in_build_order() -> None:
    report = report_of(CHECKOUT, roots=["spec-story-3ds-challenge-001"])
    path = report.critical_path
    # gateway 160 + intents 48 (252 h) beats checkout session 96 + one-page flow 110 (250 h)
    assert path.ids == (
        "spec-service-payment-gateway-001",
        "spec-api-payment-intents-001",
        "spec-story-pay-by-card-001",
        "spec-story-3ds-challenge-001",
    )
    assert path.estimated == 160 + 48 + 24 + 20
    assert path.remaining == (160 - 72) + 48 + 24 + 20


# -- the edge fixture -----------------------------------------------------------------------


def test_deprecated_dependency_missing_approvers_and_error_findings_block() -> None:
    report = report_of(EDGE, release="r1")
    assert not report.ready
    by_id = {b.id: b for b in report.blockers}
    cart = by_id["spec-feature-cart-001"]  # implemented, but rests on a deprecated spec
    assert [(r.kind, r.related) for r in cart.reasons] == [(ReasonKind.DEPRECATED_DEPENDENCY, ("spec-data-legacy-001",))]
    pay = by_id["spec-feature-pay-001"]
    assert [r.kind for r in pay.reasons] == [ReasonKind.STATUS, ReasonKind.NO_APPROVERS]
    typo = by_id["spec-story-typo-001"]  # implemented, but check reports SG101 (an error) on it
    assert [(r.kind, r.code) for r in typo.reasons] == [(ReasonKind.FINDING, "SG101")]
    assert "spec-data-legacy-001" not in by_id  # deprecated: listed, never a blocker
    assert report.deprecated == ("spec-data-legacy-001",)
    assert [b.id for b in report.blockers] == [
        "spec-service-core-001",  # outside the tag, pulled in as a dependency; 3 specs wait on it
        "spec-story-pipe-001",
        "spec-epic-shop-001",
        "spec-feature-cart-001",
        "spec-feature-pay-001",
        "spec-story-xss-001",
        "spec-story-typo-001",
    ]
    assert by_id["spec-service-core-001"].waiting == 3
    assert {f.code for f in report.findings} == {"SG101", "SG301", "SG302", "SG304"}  # not r2's cycle


def test_unestimated_specs_are_counted_and_remaining_never_goes_negative() -> None:
    report = report_of(EDGE, release="r1")
    effort = report.effort
    assert (effort.estimated, effort.actual, effort.completed) == (188, 113, 33)
    # shop 60-20, pay 50-10, core max(40-45, 0), xss 5; the pipe story has no estimate
    assert effort.remaining == 40 + 40 + 0 + 5
    assert (effort.unestimated, effort.unestimated_unfinished) == (1, 1)
    assert report.row("spec-story-pipe-001").remaining is None
    assert report.critical_path.ids == ("spec-service-core-001", "spec-feature-pay-001")


def test_cycles_are_reported_and_left_out_of_the_critical_path() -> None:
    report = report_of(EDGE, release="r2")
    assert report.cycles == (("spec-story-a-001", "spec-story-b-001"),)
    assert report.critical_path.excluded == ("spec-story-a-001", "spec-story-b-001")
    assert report.critical_path.ids == ("spec-epic-loop-001",)
    waiting = {b.id: b.waiting for b in report.blockers}
    assert waiting["spec-story-a-001"] == 2 and waiting["spec-story-b-001"] == 2  # each other, and story C
    assert [r.code for r in next(b for b in report.blockers if b.id == "spec-story-a-001").reasons] == [None, "SG201"]


def test_release_target_from_configuration_and_option_override() -> None:
    assert report_of(EDGE, release="done").ready  # target = "approved" in the release
    report = report_of(EDGE, release="done", target="implemented")
    assert [b.id for b in report.blockers] == ["spec-story-done-001"]


def test_file_level_errors_block_the_whole_repository_only(tmp_path: Path) -> None:
    from tests.conftest import good_fields, spec_text, write_repo

    root = write_repo(
        tmp_path,
        {
            "a.md": spec_text(**good_fields("spec-a-001", parent=None, status="implemented", approvers=["X"], tags=["t"])),
            "broken.md": "---\nid: [unclosed\n---\n",
        },
    )
    whole = report_of(root)
    assert not whole.ready and whole.blockers == () and [f.code for f in whole.file_errors] == ["SG001"]
    assert report_of(root, tags=["t"]).ready


def test_the_report_date_is_an_input_not_the_clock() -> None:
    config = resolve_config(CHECKOUT)
    graph = load(CHECKOUT, config)
    scope = resolve_scope(graph, config, tags=["release-2.1"])
    later = readiness_report(graph, config, scope, None, dt.date(2025, 3, 15))
    assert later.date == dt.date(2025, 3, 15) and later.blockers[0].age_days == 14 + 365


# -- algorithms -----------------------------------------------------------------------------


def brute_force_waiting(view: nx.DiGraph, targets: Sequence[str]) -> dict[str, int]:
    return {t: len(nx.ancestors(view, t)) for t in targets}


def adjacency(view: nx.DiGraph) -> dag.Adjacency:
    return dag.restrict(view.successors, view.nodes)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
            st.sets(st.integers(0, n - 1)),
        )
    )
)
def test_waiting_counts_match_brute_force_even_with_cycles(case: tuple[int, list[tuple[int, int]], set[int]]) -> None:
    n, edges, chosen = case
    view = nx.DiGraph()
    view.add_nodes_from(f"s{i:02d}" for i in range(n))
    view.add_edges_from((f"s{a:02d}", f"s{b:02d}") for a, b in edges if a != b)
    targets = sorted(f"s{i:02d}" for i in chosen)
    assert dag.waiting_counts(adjacency(view), targets) == brute_force_waiting(view, targets)


def test_waiting_counts_span_several_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dag, "CHUNK", 3)
    view = nx.gnp_random_graph(60, 0.05, seed=4, directed=True)
    view = nx.relabel_nodes(view, {i: f"n{i:02d}" for i in view})
    targets = sorted(view)[::2]
    assert dag.waiting_counts(adjacency(view), targets) == brute_force_waiting(view, targets)


def test_longest_path_is_the_heaviest_chain_with_deterministic_ties() -> None:
    view = adjacency(nx.DiGraph([("c", "b"), ("b", "a"), ("d", "a"), ("e", "x")]))
    weights = {"a": 1.0, "b": 2.0, "c": 3.0, "d": 5.0, "e": 3.0, "x": 3.0}
    assert dag.longest_path(view, weights) == ("a", "b", "c")  # 6 = a+b+c = a+d; "c" < "d"
    weights["d"] = 5.5
    assert dag.longest_path(view, weights) == ("a", "d")
    assert dag.longest_path({}, {}) == ()
    with pytest.raises(ValueError):
        dag.longest_path({"a": ["b"], "b": ["a"]}, {})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=90))
def test_components_match_networkx_and_come_dependencies_first(edges: list[tuple[int, int]]) -> None:
    view = nx.DiGraph()
    view.add_nodes_from(range(31))
    view.add_edges_from((a, b) for a, b in edges if a != b)
    view = nx.relabel_nodes(view, {i: f"n{i:02d}" for i in view})
    found = dag.components(adjacency(view))
    assert sorted(found) == sorted(sorted(c) for c in nx.strongly_connected_components(view))
    position = {node: i for i, component in enumerate(found) for node in component}
    assert all(position[b] <= position[a] for a, b in view.edges)


def test_components_survive_deep_chains() -> None:
    chain = {f"n{i:06d}": [f"n{i + 1:06d}"] for i in range(50_000)}
    chain["n050000"] = ["n000000"]  # one 50,001-spec cycle: no recursion limit to hit
    assert [len(c) for c in dag.components(chain)] == [50_001]
