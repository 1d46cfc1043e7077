"""SG4xx on specs built in memory: the frontmatter fields themselves."""

from __future__ import annotations

from typing import Any

from tests.check.builders import check, found, spec, story

EPIC = story("spec-epic-a-001", type="epic")


def child(**fields: Any) -> dict[str, Any]:
    return story("spec-story-b-001", parent="spec-epic-a-001", **fields)


def test_missing_and_empty_required_fields() -> None:
    fields = child(title="  ")
    del fields["status"]
    assert [f.message for f in found(check([EPIC, fields]), "SG401")] == [
        "required field 'status' is missing",  # at line 1: there is no line of its own
        "required field 'title' is empty",
    ]


def test_values_outside_the_vocabulary_suggest_the_closest() -> None:
    result = check([EPIC, child(type="userstory", priority=3)])
    assert [f.message for f in found(result, "SG402")] == [
        "type 'userstory' is not one of: user_story, functional_requirement, data_model, service_spec, epic, api_spec, ui_spec; "
        "did you mean 'user_story'?",
        "priority 3 (not a string) is not one of: low, medium, high, critical",
    ]


def test_placeholders_are_reported_per_field() -> None:
    templated = spec(**child(author="{{ name }}"), placeholders=["author"])
    assert [(f.line, f.message) for f in found(check([EPIC, templated]), "SG403")] == [
        (7, "'author' still holds a template placeholder")
    ]


def test_dates_that_are_not_dates_or_run_backwards() -> None:
    result = check([EPIC, child(createdAt="2024-13-45"), story("spec-story-c-001", parent="spec-epic-a-001",
                                                                createdAt="2024-04-18", updatedAt="2024-03-10")])  # fmt: skip
    assert [f.message for f in found(result, "SG404")] == [
        "createdAt '2024-13-45' is not a date (expected YYYY-MM-DD)",
        "updatedAt 2024-03-10 is before createdAt 2024-04-18",
    ]


def test_effort_must_be_a_non_negative_number() -> None:
    result = check(
        [
            EPIC,
            child(estimatedEffort=-5, actualEffort="lots"),
            story("spec-story-c-001", parent="spec-epic-a-001", actualEffort=2.5),
        ]
    )
    assert [f.message for f in found(result, "SG405")] == [
        "estimatedEffort -5 is not a non-negative number of hours",
        "actualEffort 'lots' is not a non-negative number of hours",
    ]


def test_id_pattern_is_only_checked_when_configured() -> None:
    specs = [EPIC, story("NOTIF_Bad_ID", parent="spec-epic-a-001")]
    assert found(check(specs), "SG406") == []
    [finding] = found(check(specs, {"id-pattern": "^spec-[a-z0-9-]+-\\d{3}$"}), "SG406")
    assert finding.message == "id 'NOTIF_Bad_ID' does not match the id-pattern /^spec-[a-z0-9-]+-\\d{3}$/"
