"""``[lifecycle]``: the repository's own stages, done set and terminal statuses."""

from __future__ import annotations

import pytest

from speckit_graph.config.model import Vocabulary
from speckit_graph.config.parse import parse_config
from speckit_graph.core.errors import ConfigError


def test_lifecycle_table_orders_stages_then_done_and_keeps_terminal_statuses_out_of_the_order() -> None:
    vocabulary = parse_config(
        {
            "lifecycle": {
                "stages": ["draft", "review", "approved"],
                "done": ["implemented", "living"],
                "abandoned": ["withdrawn"],
                "redirect": ["moved", "Superseded by *"],
            }
        }
    ).vocabulary
    assert vocabulary.lifecycle == ("draft", "review", "approved", "implemented", "living")
    assert vocabulary.done_statuses == ("implemented", "living")
    assert vocabulary.stage("implemented") == vocabulary.stage("living")  # living is not "after" implemented
    assert vocabulary.stage("withdrawn") is None and vocabulary.is_retired("withdrawn")
    assert vocabulary.is_redirect("Superseded by FIP-0067") and vocabulary.is_retired("Superseded by FIP-0067")
    assert vocabulary.is_redirect("moved") and not vocabulary.is_redirect("draft")
    assert {"withdrawn", "moved", "living"} <= set(vocabulary.status)  # lifecycle statuses are valid values


def test_a_status_both_in_the_order_and_terminal_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="both in the order"):
        parse_config({"lifecycle": {"stages": ["open", "closed"], "abandoned": ["closed"]}})


def test_unordered_statuses_are_valid_but_neither_a_stage_nor_retired() -> None:
    vocabulary = parse_config({"lifecycle": {"unordered": ["parked"]}}).vocabulary
    assert "parked" in vocabulary.status
    assert vocabulary.stage("parked") is None and not vocabulary.is_retired("parked")


def test_default_lifecycle_is_speckits() -> None:
    vocabulary = Vocabulary()
    assert vocabulary.done_statuses == ("implemented",)
    assert vocabulary.retired == frozenset({"deprecated"})


@pytest.mark.parametrize(
    ("preset", "done", "abandoned", "redirect"),
    [
        ("improvement-proposals", "Final", "Withdrawn", "Superseded by FIP-0067"),
        ("backlog-md", "Done", "Won't Do", "superseded"),
        ("speckit-authors", "implemented", "deprecated", None),
    ],
)
def test_presets_carry_their_real_lifecycles(preset: str, done: str, abandoned: str, redirect: str | None) -> None:
    vocabulary = parse_config({"preset": preset}).vocabulary
    assert vocabulary.is_done(done)
    assert vocabulary.is_retired(abandoned) and not vocabulary.is_redirect(abandoned)
    if redirect is not None:
        assert vocabulary.is_redirect(redirect)


def test_improvement_proposals_count_final_active_and_living_as_done() -> None:
    vocabulary = parse_config({"preset": "improvement-proposals"}).vocabulary
    assert all(vocabulary.is_done(s) for s in ("Final", "Active", "Living"))
    assert not vocabulary.is_done("Accepted")


def test_requiem_has_no_lifecycle() -> None:
    assert parse_config({"preset": "requiem"}).vocabulary.lifecycle == ()
