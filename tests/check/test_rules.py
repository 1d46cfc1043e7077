"""One case that fires and one near miss that does not, for every graph rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.check.rules import all_rules
from speckit_graph.core.findings import Severity
from tests.conftest import EPIC, check_repo, codes, good_fields, spec_text

Repo = Callable[..., Path]


def specs(*field_sets: dict[str, Any]) -> dict[str, str]:
    """One file per spec, named after its id, plus the root epic."""
    files = {"epic.md": spec_text(**EPIC)}
    for fields in field_sets:
        files[f"{fields['id']}.md"] = spec_text(**fields)
    return files


def findings_of(repo: Repo, code: str, *field_sets: dict[str, Any], config: dict[str, Any] | None = None) -> list[Any]:
    result = check_repo(repo(specs(*field_sets)), config)
    return [f for f in result.findings if f.code == code]


# -- SG101 dangling-reference -------------------------------------------------------------


def test_dangling_dependency_fires_with_suggestion_and_line(repo: Repo) -> None:
    found = findings_of(
        repo, "SG101", good_fields("spec-story-a-001"), good_fields("spec-story-b-001", dependencies=["spec-story-aa-001"])
    )
    assert len(found) == 1
    finding = found[0]
    assert finding.spec == "spec-story-b-001"
    assert "did you mean 'spec-story-a-001'" in finding.message
    assert finding.path == "spec-story-b-001.md"
    assert finding.line == 12  # the list entry's own line, not the file's
    assert finding.extra["target"] == "spec-story-aa-001"


def test_dangling_parent_and_related_fire(repo: Repo) -> None:
    found = findings_of(repo, "SG101", good_fields("spec-story-b-001", parent="spec-epic-gone-001", related=["nope"]))
    assert {f.related[0] for f in found} == {"spec-epic-gone-001", "nope"}


def test_resolved_links_do_not_fire(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG101",
        good_fields("spec-story-a-001"),
        good_fields("spec-story-b-001", dependencies=["spec-story-a-001"], related=["spec-story-a-001"]),
    )
    assert found == []


def test_suggestion_never_offers_the_spec_itself(repo: Repo) -> None:
    found = findings_of(repo, "SG101", good_fields("spec-story-sms-001", parent="spec-feature-sms-001"))
    assert "spec-story-sms-001'" not in found[0].message


# -- SG102 duplicate-id -------------------------------------------------------------------


def test_duplicate_id_reports_both_locations(repo: Repo) -> None:
    files = specs(good_fields("spec-story-a-001"))
    files["copy/other.md"] = spec_text(**good_fields("spec-story-a-001"))
    result = check_repo(repo(files))
    found = [f for f in result.findings if f.code == "SG102"]
    assert sorted(f.path or "" for f in found) == ["copy/other.md", "spec-story-a-001.md"]
    assert "copy/other.md:2" in next(f.message for f in found if f.path == "spec-story-a-001.md")


def test_distinct_ids_differing_in_case_are_not_duplicates(repo: Repo) -> None:
    assert findings_of(repo, "SG102", good_fields("spec-story-a-001"), good_fields("spec-story-A-001")) == []


# -- SG103 self-reference -----------------------------------------------------------------


def test_self_dependency_fires_and_is_not_also_a_cycle(repo: Repo) -> None:
    result = check_repo(repo(specs(good_fields("spec-story-a-001", dependencies=["spec-story-a-001"]))))
    assert "SG103" in codes(result)
    assert "SG201" not in codes(result)
    assert "SG101" not in codes(result)


def test_link_to_another_spec_is_not_self_reference(repo: Repo) -> None:
    found = findings_of(
        repo, "SG103", good_fields("spec-story-a-001"), good_fields("spec-story-b-001", dependencies=["spec-story-a-001"])
    )
    assert found == []


# -- SG104 invalid-link-value ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("dependencies", {"a": "b"}, "a mapping"),
        ("dependencies", [42], "a number"),
        ("related", [""], "empty string"),
        ("parent", ["spec-epic-root-001", "spec-epic-other-001"], "one parent"),
        ("parent", 7, "a number"),
        ("dependencies", [True], "a boolean"),
    ],
)
def test_wrong_link_shapes_fire(repo: Repo, field: str, value: Any, fragment: str) -> None:
    found = findings_of(repo, "SG104", good_fields("spec-story-a-001", **{field: value}))
    assert len(found) == 1 and fragment in found[0].message


@pytest.mark.parametrize(
    ("field", "value"),
    [("parent", ""), ("parent", None), ("dependencies", None), ("dependencies", "spec-epic-root-001"), ("related", [])],
)
def test_accepted_link_shapes_do_not_fire(repo: Repo, field: str, value: Any) -> None:
    assert findings_of(repo, "SG104", good_fields("spec-story-a-001", **{field: value})) == []


# -- SG105 duplicate-link -------------------------------------------------------------------


def test_same_id_twice_in_a_field_fires(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG105",
        good_fields("spec-story-a-001"),
        good_fields("spec-story-b-001", dependencies=["spec-story-a-001", " spec-story-a-001 "]),
    )
    assert len(found) == 1 and found[0].line == 13


def test_same_id_in_two_different_fields_is_fine(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG105",
        good_fields("spec-story-a-001"),
        good_fields("spec-story-b-001", dependencies=["spec-story-a-001"], related=["spec-story-a-001"]),
    )
    assert found == []


# -- SG201 / SG202 cycles -------------------------------------------------------------------


def test_dependency_cycle_is_reported_once_as_ordered_path(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG201",
        good_fields("spec-story-c-001", dependencies=["spec-story-a-001"]),
        good_fields("spec-story-a-001", dependencies=["spec-story-b-001"]),
        good_fields("spec-story-b-001", dependencies=["spec-story-c-001"]),
    )
    assert len(found) == 1
    assert found[0].message == ("dependency cycle: spec-story-a-001 -> spec-story-b-001 -> spec-story-c-001 -> spec-story-a-001")
    assert found[0].extra["cycle"][0] == found[0].extra["cycle"][-1] == "spec-story-a-001"


def test_dependency_chain_without_loop_is_clean(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG201",
        good_fields("spec-story-a-001", dependencies=["spec-story-b-001"]),
        good_fields("spec-story-b-001", dependencies=["spec-story-c-001"]),
        good_fields("spec-story-c-001"),
    )
    assert found == []


def test_related_loop_is_not_a_dependency_cycle(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG201",
        good_fields("spec-story-a-001", related=["spec-story-b-001"]),
        good_fields("spec-story-b-001", related=["spec-story-a-001"]),
    )
    assert found == []


def test_overlapping_cycles_report_one_per_component_quickly(repo: Repo) -> None:
    # A complete digraph of 12 nodes has ~10^8 simple cycles; SCCs keep this instant.
    ids = [f"spec-story-k{i:02d}-001" for i in range(12)]
    found = findings_of(repo, "SG201", *(good_fields(i, dependencies=[j for j in ids if j != i]) for i in ids))
    assert len(found) == 1


def test_parent_cycle_fires(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG202",
        good_fields("spec-story-a-001", parent="spec-story-b-001"),
        good_fields("spec-story-b-001", parent="spec-story-a-001"),
    )
    assert [f.message for f in found] == ["parent cycle: spec-story-a-001 -> spec-story-b-001 -> spec-story-a-001"]


def test_parent_chain_is_not_a_cycle(repo: Repo) -> None:
    assert findings_of(repo, "SG202", good_fields("spec-story-a-001", parent="spec-epic-root-001")) == []


# -- SG203 orphan ----------------------------------------------------------------------------


def test_isolated_story_is_an_orphan(repo: Repo) -> None:
    found = findings_of(repo, "SG203", good_fields("spec-story-a-001", parent=None))
    assert [f.spec for f in found] == ["spec-story-a-001"]


def test_root_types_and_linked_specs_are_not_orphans(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG203",
        good_fields("spec-epic-lonely-001", type="epic", parent=None),
        good_fields("spec-story-a-001", parent=None, dependencies=["spec-story-b-001"]),
        good_fields("spec-story-b-001", parent=None),  # only linked *to*
    )
    assert found == []


def test_root_types_are_configurable(repo: Repo) -> None:
    found = findings_of(
        repo, "SG203", good_fields("spec-story-a-001", parent=None), config={"root-types": ["epic", "user_story"]}
    )
    assert found == []


# -- SG204 unreciprocated-related ------------------------------------------------------------


def test_unreciprocated_related_is_off_by_default(repo: Repo) -> None:
    fields = (good_fields("spec-story-a-001", related=["spec-story-b-001"]), good_fields("spec-story-b-001"))
    assert findings_of(repo, "SG204", *fields) == []


def test_unreciprocated_related_fires_when_enabled(repo: Repo) -> None:
    fields = (good_fields("spec-story-a-001", related=["spec-story-b-001"]), good_fields("spec-story-b-001"))
    found = findings_of(repo, "SG204", *fields, config={"rules": {"SG204": "on"}})
    assert [(f.spec, f.severity) for f in found] == [("spec-story-a-001", Severity.INFO)]


def test_reciprocated_related_does_not_fire(repo: Repo) -> None:
    fields = (
        good_fields("spec-story-a-001", related=["spec-story-b-001"]),
        good_fields("spec-story-b-001", related=["spec-story-a-001"]),
    )
    assert findings_of(repo, "SG204", *fields, config={"rules": {"unreciprocated-related": "info"}}) == []


# -- SG301 .. SG304 status ---------------------------------------------------------------------


def test_approved_on_draft_is_a_warning_and_implemented_on_review_an_error(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG301",
        good_fields("spec-story-dep-001", status="draft"),
        good_fields("spec-story-rev-001", status="review"),
        good_fields("spec-story-a-001", status="approved", approvers=["ann"], dependencies=["spec-story-dep-001"]),
        good_fields("spec-story-b-001", status="implemented", approvers=["ann"], dependencies=["spec-story-rev-001"]),
    )
    assert {(f.spec, f.severity) for f in found} == {
        ("spec-story-a-001", Severity.WARNING),
        ("spec-story-b-001", Severity.ERROR),
    }


def test_configured_severity_beats_escalation(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG301",
        good_fields("spec-story-rev-001", status="review"),
        good_fields("spec-story-b-001", status="implemented", approvers=["ann"], dependencies=["spec-story-rev-001"]),
        config={"rules": {"SG301": "info"}},
    )
    assert [f.severity for f in found] == [Severity.INFO]


def test_mature_dependencies_and_draft_dependents_do_not_fire(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG301",
        good_fields("spec-story-dep-001", status="approved", approvers=["ann"]),
        good_fields("spec-story-a-001", status="approved", approvers=["ann"], dependencies=["spec-story-dep-001"]),
        good_fields("spec-story-b-001", status="draft", dependencies=["spec-story-a-001"]),
    )
    assert found == []


def test_live_spec_on_deprecated_dependency_fires(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG302",
        good_fields("spec-story-old-001", status="deprecated"),
        good_fields("spec-story-a-001", dependencies=["spec-story-old-001"]),
    )
    assert [f.spec for f in found] == ["spec-story-a-001"]


def test_deprecated_on_deprecated_is_fine(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG302",
        good_fields("spec-story-old-001", status="deprecated"),
        good_fields("spec-story-a-001", status="deprecated", dependencies=["spec-story-old-001"]),
    )
    assert found == []


def test_parent_child_status_conflicts(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG303",
        good_fields("spec-feature-done-001", status="implemented", approvers=["ann"]),
        good_fields("spec-story-a-001", status="draft", parent="spec-feature-done-001"),
        good_fields("spec-feature-old-001", status="deprecated"),
        good_fields("spec-story-b-001", status="approved", approvers=["x"], parent="spec-feature-old-001"),
    )
    assert sorted((f.spec, f.related) for f in found) == [
        ("spec-feature-done-001", ("spec-story-a-001",)),
        ("spec-feature-old-001", ("spec-story-b-001",)),
    ]


def test_finished_or_retired_children_are_fine(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG303",
        good_fields("spec-feature-done-001", status="implemented", approvers=["ann"]),
        good_fields("spec-story-a-001", status="implemented", approvers=["a"], parent="spec-feature-done-001"),
        good_fields("spec-story-b-001", status="deprecated", parent="spec-feature-done-001"),
    )
    assert found == []


def test_missing_approval(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG304",
        good_fields("spec-story-a-001", status="approved", approvers=[]),
        good_fields("spec-story-b-001", status="implemented"),
        good_fields("spec-story-c-001", status="approved", approvers=["ann"]),
        good_fields("spec-story-d-001", status="review", approvers=[]),
    )
    assert sorted(f.spec for f in found) == ["spec-story-a-001", "spec-story-b-001"]


# -- SG401 .. SG406 metadata --------------------------------------------------------------------


def test_missing_and_empty_required_fields(repo: Repo) -> None:
    found = findings_of(repo, "SG401", good_fields("spec-story-a-001", title=..., type=""))
    assert sorted(f.message for f in found) == ["required field 'title' is missing", "required field 'type' is empty"]


def test_required_fields_are_configurable(repo: Repo) -> None:
    found = findings_of(repo, "SG401", good_fields("spec-story-a-001", title=...), config={"required-fields": ["id", "status"]})
    assert found == []


def test_invalid_vocabulary_values_suggest_the_closest(repo: Repo) -> None:
    found = findings_of(repo, "SG402", good_fields("spec-story-a-001", status="Draft", priority="urgent", type=3))
    messages = sorted(f.message for f in found)
    assert len(found) == 3
    assert any("status 'Draft'" in m and "did you mean 'draft'" in m for m in messages)
    assert any("priority 'urgent'" in m for m in messages)


def test_custom_vocabulary_accepts_its_values(repo: Repo) -> None:
    config = {"vocabulary": {"status": ["draft", "active", "done"], "lifecycle": ["draft", "active", "done"],
                             "approval-status": "active"}}  # fmt: skip
    found = findings_of(repo, "SG402", good_fields("spec-story-a-001", status="active"), config=config)
    assert found == []


def test_unfilled_placeholder(repo: Repo) -> None:
    found = findings_of(repo, "SG403", good_fields("spec-story-a-001", author="{{author-name}}"))
    assert [(f.message, f.line) for f in found] == [("'author' still holds a template placeholder", 13)]


def test_braces_that_are_not_placeholders_are_fine(repo: Repo) -> None:
    assert findings_of(repo, "SG403", good_fields("spec-story-a-001", title="Use {curly} braces")) == []


def test_invalid_dates(repo: Repo) -> None:
    found = findings_of(
        repo,
        "SG404",
        good_fields("spec-story-a-001", createdAt="2024-13-45"),
        good_fields("spec-story-b-001", createdAt="2024-05-01", updatedAt="2024-04-01"),
        good_fields("spec-story-c-001", updatedAt="yesterday"),
    )
    assert sorted(f.spec for f in found) == ["spec-story-a-001", "spec-story-b-001", "spec-story-c-001"]


def test_valid_dates_in_every_accepted_form(repo: Repo) -> None:
    files = specs(good_fields("spec-story-a-001", createdAt=..., updatedAt=...))
    files["b.md"] = "---\nid: spec-story-b-001\ntitle: B\ntype: user_story\nstatus: draft\nparent: spec-epic-root-001\n" \
        "createdAt: 2024-01-01\nupdatedAt: 2024-01-01T10:00:00Z\n---\n"  # fmt: skip
    result = check_repo(repo(files))
    assert "SG404" not in codes(result)


def test_invalid_effort(repo: Repo) -> None:
    found = findings_of(
        repo, "SG405", good_fields("spec-story-a-001", estimatedEffort=-5, actualEffort="lots"),
        good_fields("spec-story-b-001", estimatedEffort=True),
    )  # fmt: skip
    assert len(found) == 3


def test_valid_effort(repo: Repo) -> None:
    found = findings_of(repo, "SG405", good_fields("spec-story-a-001", estimatedEffort=0, actualEffort=12.5))
    assert found == []


def test_id_format_only_with_pattern(repo: Repo) -> None:
    spec = good_fields("NOTIF_Bad_ID")
    assert findings_of(repo, "SG406", spec) == []
    found = findings_of(repo, "SG406", spec, config={"id-pattern": r"spec-[a-z0-9-]+-\d{3}"})
    assert [f.spec for f in found] == ["NOTIF_Bad_ID"]


def test_matching_ids_pass_the_pattern(repo: Repo) -> None:
    found = findings_of(repo, "SG406", good_fields("spec-story-a-001"), config={"id-pattern": r"spec-[a-z0-9-]+-\d{3}"})
    assert found == []


# -- the catalogue ------------------------------------------------------------------------------


def test_codes_and_names_are_unique_and_well_formed() -> None:
    rules = all_rules()
    assert len({r.code for r in rules}) == len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert rule.code[:2] == "SG" and len(rule.code) == 5 and rule.code[2:].isdigit()
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert rule.summary.endswith(".")


def test_links_in_every_file_of_a_duplicated_id_are_checked(repo: Repo) -> None:
    files = specs(good_fields("spec-story-a-001"))
    files["copy.md"] = spec_text(**good_fields("spec-story-a-001", dependencies=["spec-gone-001", 3]))
    result = check_repo(repo(files))
    assert sorted(f.code for f in result.findings if f.path == "copy.md") == ["SG101", "SG102", "SG104"]


def test_infinite_effort_is_invalid_and_blank_dates_are_absent(repo: Repo) -> None:
    result = check_repo(repo(specs(good_fields("spec-story-a-001", estimatedEffort=float("inf"), createdAt="  "))))
    assert [f.code for f in result.findings] == ["SG405"]


def test_suggestions_stay_fast_and_right_on_many_ids() -> None:
    from speckit_graph.graph.suggest import Suggester

    ids = [f"spec-story-item{i:05d}-{'abcdefgh'[i % 8]}x-001" for i in range(20_000)]
    suggester = Suggester(ids)
    # A typo at the start or at the end still finds the id; each query compares a bounded pool.
    assert suggester.suggest("spec-story-item12345-bx-01") == ["spec-story-item12345-bx-001"]
    assert suggester.suggest("xspec-story-item00007-hx-001")[0] == "spec-story-item00007-hx-001"
