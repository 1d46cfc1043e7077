"""Build-order waves and impact sets, on the examples and the edge fixture."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind
from speckit_graph.report.order import BuildOrder
from speckit_graph.usecases.load import load, resolve_config
from speckit_graph.usecases.report import build_order, resolve_scope
from speckit_graph.usecases.report import impact as impact_of
from tests.conftest import EXAMPLES, REPO_ROOT

EDGE = REPO_ROOT / "tests" / "report_fixtures" / "edge"
CHECKOUT = EXAMPLES / "checkout"


def order_of(path: Path, tags: Sequence[str] = (), release: str | None = None, target: str | None = None) -> BuildOrder:
    config = resolve_config(path)
    graph = load(path, config)
    return build_order(graph, config, resolve_scope(graph, config, (), tags, release), target)


def wave_ids(order: BuildOrder) -> list[list[str]]:
    return [[item.id for item in wave.items] for wave in order.waves]


def test_checkout_waves() -> None:
    order = order_of(CHECKOUT)
    assert wave_ids(order) == [
        [
            "spec-api-checkout-session-001",
            "spec-epic-checkout-001",
            "spec-feature-guest-checkout-001",
            "spec-service-payment-gateway-001",
            "spec-epic-payments-001",
            "spec-feature-refunds-001",
            "spec-feature-promo-codes-001",
        ],
        [
            "spec-doc-pci-scope-001",
            "spec-feature-card-payments-001",
            "spec-story-guest-checkout-001",
            "spec-api-payment-intents-001",
            "spec-ui-checkout-flow-001",
            "spec-api-refunds-001",
            "spec-doc-checkout-errors-001",
            "spec-story-apply-promo-code-001",
            "spec-story-apple-pay-001",
        ],
        ["spec-story-pay-by-card-001", "spec-feature-wallet-payments-001", "spec-story-guest-checkout-002"],
        ["spec-story-3ds-challenge-001"],
    ]
    assert len(order.done) == 11 and order.retired == ("spec-ui-legacy-receipt-page-001",)
    assert order.cycles == () and order.unordered == 0
    assert order.waves[0].estimated == 96 + 640 + 120 + 160 + 720 + 72 + 64


def test_every_spec_comes_after_its_unfinished_dependencies() -> None:
    order = order_of(CHECKOUT)
    wave_of = {item.id: wave.number for wave in order.waves for item in wave.items}
    for wave in order.waves:
        for item in wave.items:
            assert all(wave_of[need] < wave.number for need in item.needs)
            if wave.number > 1:
                assert any(wave_of[need] == wave.number - 1 for need in item.needs)


def test_scoped_order_with_an_approved_target() -> None:
    order = order_of(CHECKOUT, tags=["release-2.1"], target="approved")
    assert wave_ids(order) == [
        [
            "spec-api-payment-intents-001",
            "spec-ui-checkout-flow-001",
            "spec-doc-checkout-errors-001",
            "spec-story-guest-checkout-002",
        ],
        ["spec-story-pay-by-card-001"],
        ["spec-story-3ds-challenge-001"],
    ]
    assert "spec-data-cart-001" in order.done  # a dependency outside the tag, already done
    assert len(order.done) == 10


def test_cycle_members_and_their_dependents_are_listed_apart() -> None:
    order = order_of(EDGE, release="r2")
    assert order.cycles == (("spec-story-a-001", "spec-story-b-001"),)
    assert [i.id for i in order.on_cycles] == ["spec-story-a-001", "spec-story-b-001"]
    assert [(i.id, i.needs) for i in order.after_cycles] == [("spec-story-c-001", ("spec-story-a-001", "spec-story-d-001"))]
    assert wave_ids(order) == [["spec-epic-loop-001", "spec-story-d-001"]]  # medium before low
    assert order.unordered == 3


def test_dependencies_on_deprecated_specs_do_not_hold_up_the_order() -> None:
    order = order_of(EDGE, release="r1")
    assert order.retired == ("spec-data-legacy-001",)
    assert wave_ids(order) == [
        ["spec-epic-shop-001", "spec-service-core-001"],  # both critical: by id
        ["spec-feature-pay-001", "spec-story-pipe-001"],
        ["spec-story-xss-001"],
    ]


# -- impact ---------------------------------------------------------------------------------


def test_impact_of_a_shared_data_model() -> None:
    graph = load(CHECKOUT)
    result = impact_of(graph, "spec-data-payment-001")
    assert [(a.id, a.distance, a.via, a.through) for a in result.affected] == [
        ("spec-api-refunds-001", 1, LinkKind.DEPENDS_ON, "spec-data-payment-001"),
        ("spec-feature-refunds-001", 1, LinkKind.DEPENDS_ON, "spec-data-payment-001"),
        ("spec-service-payment-gateway-001", 1, LinkKind.DEPENDS_ON, "spec-data-payment-001"),
        ("spec-api-payment-intents-001", 2, LinkKind.DEPENDS_ON, "spec-service-payment-gateway-001"),
        ("spec-doc-pci-scope-001", 2, LinkKind.DEPENDS_ON, "spec-service-payment-gateway-001"),
        ("spec-feature-card-payments-001", 2, LinkKind.DEPENDS_ON, "spec-service-payment-gateway-001"),
        ("spec-story-apple-pay-001", 2, LinkKind.DEPENDS_ON, "spec-service-payment-gateway-001"),
        ("spec-feature-wallet-payments-001", 3, LinkKind.DEPENDS_ON, "spec-feature-card-payments-001"),
        ("spec-story-3ds-challenge-001", 3, LinkKind.PARENT, "spec-feature-card-payments-001"),
        ("spec-story-pay-by-card-001", 3, LinkKind.DEPENDS_ON, "spec-api-payment-intents-001"),
    ]
    assert result.max_distance == 3 and result.count(LinkKind.PARENT) == 1


def test_impact_of_an_epic_is_its_hierarchy_and_what_depends_on_it() -> None:
    graph = load(CHECKOUT)
    result = impact_of(graph, "spec-epic-order-confirmation-001")
    descendants = graph.descendants("spec-epic-order-confirmation-001", LinkKind.PARENT)
    assert len(descendants) == 6 and descendants <= set(result.ids)
    how = {a.id: (a.distance, a.via, a.through) for a in result.affected}
    # A child of a child, but reached as soon through the order data model it depends on.
    assert how["spec-service-receipt-renderer-001"] == (2, LinkKind.DEPENDS_ON, "spec-data-order-001")
    # A story under a feature that depends on the order model: the hierarchy carries the impact down.
    assert how["spec-story-guest-checkout-002"] == (3, LinkKind.PARENT, "spec-feature-guest-checkout-001")
    assert {a.id for a in result.affected if a.distance == 1} == {
        "spec-data-order-001",
        "spec-feature-order-confirmation-email-001",
        "spec-ui-confirmation-page-001",
        "spec-ui-legacy-receipt-page-001",
    }
    # Everything resting on the order data model is affected too, further away.
    assert "spec-story-3ds-challenge-001" in result.ids
    assert "spec-epic-order-confirmation-001" not in result.ids


def test_impact_prefers_the_dependency_link_at_equal_distance() -> None:
    graph = load(EDGE)
    result = impact_of(graph, "spec-service-core-001")
    assert [(a.id, a.distance, a.via.value, a.through) for a in result.affected] == [
        ("spec-feature-pay-001", 1, "depends_on", "spec-service-core-001"),
        ("spec-story-pipe-001", 1, "depends_on", "spec-service-core-001"),
        ("spec-story-xss-001", 2, "depends_on", "spec-story-pipe-001"),  # also a child of feature-pay
    ]


def test_impact_terminates_on_cycles_and_excludes_the_changed_spec() -> None:
    graph = load(EDGE)
    result = impact_of(graph, "spec-story-a-001")
    assert [(a.id, a.distance) for a in result.affected] == [("spec-story-b-001", 1), ("spec-story-c-001", 1)]


def test_impact_of_an_unknown_id_suggests() -> None:
    with pytest.raises(UsageError, match="no spec has the id 'spec-data-payment-01'; did you mean 'spec-data-payment-001'"):
        impact_of(load(CHECKOUT), "spec-data-payment-01")
