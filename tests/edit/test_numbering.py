"""The next free id: running numbers, prefix + name + sequence, and refusals instead of guesses."""

from __future__ import annotations

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.edit.numbering import derive_numbering, next_id, slug
from speckit_graph.load.references import canonical_form


def _next(ids: list[str], title: str | None = None, taken: list[str] | None = None) -> str:
    numbering = derive_numbering(ids, "t")
    return next_id(numbering, {canonical_form(i) for i in [*ids, *(taken or [])]}, title, "t")


def test_running_numbers_keep_their_padding() -> None:
    assert _next(["REQ-0007", "REQ-0012"]) == "REQ-0013"
    assert _next(["FIP-9", "FIP-10"]) == "FIP-11"
    assert _next(["REQ-0007", "REQ-0012"], taken=["req-13"]) == "REQ-0014"  # case and padding count as taken


def test_named_ids_take_the_title_and_the_first_free_sequence() -> None:
    ids = ["spec-story-pay-by-card-001", "spec-story-apple-pay-001", "spec-story-email-receipt-001"]
    assert _next(ids, "Save card for later!") == "spec-story-save-card-for-later-001"
    assert _next(ids, "Apple Pay") == "spec-story-apple-pay-002"
    majority = ["spec-api-refunds-001", "spec-api-checkout-session-001", "spec-doc-errors-001"]
    assert _next(majority, "Gift cards") == "spec-api-gift-cards-001"


@pytest.mark.parametrize(
    ("ids", "title", "message"),
    [
        ([], "x", "no spec of type 't'"),
        (["alpha", "beta-1"], "x", "are not numbered"),
        (["spec-epic-payments-001"], "x", "only one spec of type 't'"),
        (["spec-story-a-001", "spec-story-b-001"], None, "give --title"),
        (["a-1", "b-2"], "x", "share no prefix"),
    ],
)
def test_refusals_say_why(ids: list[str], title: str | None, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        _next(ids, title)


def test_slug_is_ascii_and_bounded() -> None:
    assert slug("Ça va? Über-cool  2FA") == "a-va-ber-cool-2fa"
    assert len(slug("word " * 40)) <= 48
