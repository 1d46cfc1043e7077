"""SG3xx on specs built in memory: statuses that contradict the links."""

from __future__ import annotations

from tests.check.builders import check, found, story

EPIC = story("spec-epic-a-001", type="epic")


def dependent(status: str, on: str, **fields: object) -> dict[str, object]:
    return story("spec-story-b-001", parent="spec-epic-a-001", status=status, dependencies=[on], approvers=["ana"], **fields)


def test_approved_on_draft_warns_and_implemented_on_review_is_an_error() -> None:
    draft = story("spec-api-c-001", parent="spec-epic-a-001", status="draft")
    [warning] = found(check([EPIC, draft, dependent("approved", "spec-api-c-001")]), "SG301")
    assert (warning.severity.value, warning.message) == (
        "warning", "'spec-story-b-001' is approved but depends on 'spec-api-c-001', which is only draft",
    )  # fmt: skip
    review = story("spec-api-c-001", parent="spec-epic-a-001", status="review")
    [error] = found(check([EPIC, review, dependent("implemented", "spec-api-c-001")]), "SG301")
    assert error.severity.value == "error"
    configured = check([EPIC, review, dependent("implemented", "spec-api-c-001")], {"rules": {"SG301": "info"}})
    assert [f.severity.value for f in found(configured, "SG301")] == ["info"]  # a configured severity beats escalation


def test_live_spec_on_a_deprecated_one_is_sg302() -> None:
    old = story("spec-api-c-001", parent="spec-epic-a-001", status="deprecated")
    result = check([EPIC, old, dependent("draft", "spec-api-c-001")])
    assert [f.message for f in found(result, "SG302")] == ["'spec-story-b-001' depends on 'spec-api-c-001', which is deprecated"]


def test_parent_status_conflicts_are_reported_on_the_parent() -> None:
    done = story("spec-epic-a-001", type="epic", status="implemented", approvers=["ana"])
    [finding] = found(check([done, story("spec-story-b-001", parent="spec-epic-a-001")]), "SG303")
    assert (finding.spec, finding.message) == (
        "spec-epic-a-001", "parent 'spec-epic-a-001' is implemented but its child 'spec-story-b-001' is only draft",
    )  # fmt: skip


def test_approved_without_approvers_is_sg304() -> None:
    result = check([EPIC, story("spec-story-b-001", parent="spec-epic-a-001", status="approved")])
    assert [f.message for f in found(result, "SG304")] == ["'spec-story-b-001' is approved but names no approvers"]
    signed = check([EPIC, story("spec-story-b-001", parent="spec-epic-a-001", status="approved", approvers=["ana"])])
    assert found(signed, "SG304") == []
