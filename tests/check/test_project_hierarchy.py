"""SG6xx: the configured type hierarchy, required links, dependency types, fields and depth."""

from __future__ import annotations

from typing import Any

from speckit_graph.check.baseline import apply_baseline, dump_baseline, parse_baseline
from tests.check.builders import check, found, story

EPIC = {"id": "spec-epic-e-001", "title": "E", "type": "epic", "status": "draft"}
FEATURE = {"id": "spec-feature-f-001", "title": "F", "type": "functional_requirement", "status": "draft", "parent": EPIC["id"]}
HIERARCHY: dict[str, Any] = {
    "types": {
        "epic": {"parents": []},
        "functional_requirement": {"parents": ["epic"]},
        "user_story": {"parents": ["functional_requirement", "epic"], "requires": ["parent"]},
        "api_spec": {"parents": ["functional_requirement"], "depends-on-types": ["data_model"]},
    }
}
NO_HIERARCHY: dict[str, Any] = {"types": {}}


def test_inverted_hierarchy_is_reported_with_a_hierarchy_and_passes_without() -> None:
    # A feature whose parent is a story: the story's type belongs below the feature's.
    story_spec = story("spec-story-s-001", parent=EPIC["id"])
    inverted = {**FEATURE, "parent": "spec-story-s-001"}
    specs = [EPIC, story_spec, inverted]
    [finding] = found(check(specs, HIERARCHY), "SG602")
    assert finding.spec == FEATURE["id"] and finding.related == ("spec-story-s-001",)
    assert "inverted hierarchy" in finding.message and finding.line == 6  # the parent line
    assert found(check(specs, HIERARCHY), "SG601") == []  # one finding per defect, not two
    assert [f.code for f in check(specs, NO_HIERARCHY).findings if f.code.startswith("SG6")] == []


def test_wrong_parent_type_is_reported_with_a_hierarchy_and_passes_without() -> None:
    sibling = story("spec-story-a-001", parent=FEATURE["id"])
    nested = story("spec-story-b-001", parent="spec-story-a-001")  # a story under a story
    specs = [EPIC, FEATURE, sibling, nested]
    [finding] = found(check(specs, HIERARCHY), "SG601")
    assert finding.spec == "spec-story-b-001"
    assert "allowed parent types: functional_requirement, epic" in finding.message
    assert found(check(specs, NO_HIERARCHY), "SG601") == []


def test_the_default_speckit_preset_carries_the_speckit_hierarchy() -> None:
    nested = story("spec-story-b-001", parent="spec-story-a-001")
    specs = [EPIC, FEATURE, story("spec-story-a-001", parent=FEATURE["id"]), nested]
    assert [f.spec for f in found(check(specs), "SG601")] == ["spec-story-b-001"]
    assert found(check(specs, {"preset": "backlog-md"}), "SG601") == []


def test_a_root_type_with_a_parent_and_a_forbidden_child_type() -> None:
    other = {**EPIC, "id": "spec-epic-o-001", "parent": EPIC["id"]}
    config = {"types": {"epic": {"parents": [], "children": ["functional_requirement"]}}}
    [finding] = found(check([EPIC, other], config), "SG601")
    assert "none: it is a root type" in finding.message
    loose_story = story("spec-story-s-001", parent=EPIC["id"])
    [child] = found(check([EPIC, loose_story], {"types": {"epic": {"children": ["functional_requirement"]}}}), "SG601")
    assert "allowed child types of epic: functional_requirement" in child.message


def test_required_link_kind_and_dependency_type() -> None:
    api = {"id": "spec-api-a-001", "title": "A", "type": "api_spec", "status": "draft", "parent": FEATURE["id"]}
    model = {"id": "spec-data-m-001", "title": "M", "type": "data_model", "status": "draft", "parent": EPIC["id"]}
    orphan_story = story("spec-story-s-001")
    result = check([EPIC, FEATURE, api, model, orphan_story], HIERARCHY)
    assert [f.spec for f in found(result, "SG603")] == ["spec-story-s-001"]
    assert [f.spec for f in found(result, "SG604")] == ["spec-api-a-001"]
    fixed = check([EPIC, FEATURE, {**api, "dependencies": [model["id"]]}, model], HIERARCHY)
    assert found(fixed, "SG604") == [] and found(fixed, "SG603") == []


def test_reverse_kinds_can_be_required() -> None:
    config = {"types": {"epic": {"requires": ["children"]}}}
    lonely = {**EPIC, "id": "spec-epic-l-001"}
    assert [f.spec for f in found(check([EPIC, FEATURE, lonely], config), "SG603")] == ["spec-epic-l-001"]


def test_required_fields_per_type_and_per_status() -> None:
    config = {
        "types": {"user_story": {"required-fields": ["priority"], "statuses": {"review": {"required-fields": ["reviewers"]}}}},
        "statuses": {"approved": {"required-fields": ["approvers"]}},
    }
    drafted = story("spec-story-a-001", priority="high")
    reviewed = story("spec-story-b-001", priority="low", status="review", reviewers=[])
    approved = story("spec-story-c-001", status="approved", approvers=["ana"])
    result = check([drafted, reviewed, approved], config)
    messages = sorted((f.spec or "", f.message) for f in found(result, "SG605"))
    assert [spec for spec, _ in messages] == ["spec-story-b-001", "spec-story-c-001"]
    assert "no 'reviewers' (empty), which type user_story in status review requires" in messages[0][1]
    assert "no 'priority' (missing), which type user_story requires" in messages[1][1]


def test_hierarchy_too_deep_and_cycles_do_not_hang() -> None:
    chain = [EPIC, FEATURE, story("spec-story-a-001", parent=FEATURE["id"]), story("spec-story-b-001", parent="spec-story-a-001")]
    result = check(chain, {"types": {}, "hierarchy": {"max-depth": 3}})
    [finding] = found(result, "SG606")
    assert finding.spec == "spec-story-b-001" and "depth 4" in finding.message
    loop = [story("spec-story-x-001", parent="spec-story-y-001"), story("spec-story-y-001", parent="spec-story-x-001")]
    assert found(check(loop, {"types": {}, "hierarchy": {"max-depth": 1}}), "SG606")  # reported, no endless walk


def test_selection_suppression_and_baseline_work_unchanged() -> None:
    nested = story("spec-story-b-001", parent="spec-story-a-001")
    specs = [EPIC, FEATURE, story("spec-story-a-001", parent=FEATURE["id"]), nested]
    assert {f.code for f in check(specs, HIERARCHY, select=["SG6"]).findings} == {"SG601"}
    assert found(check(specs, HIERARCHY, select=["orphan"]), "SG601") == []
    assert found(check(specs, {**HIERARCHY, "rules": {"wrong-parent-type": "off"}}), "SG601") == []
    silenced = {**nested, "speckit-graph": {"ignore": ["wrong-parent-type"]}}
    result = check([*specs[:3], silenced], HIERARCHY)
    assert found(result, "SG601") == [] and result.suppressed == 1 and found(result, "SG007") == []
    before = check(specs, HIERARCHY)
    baseline = parse_baseline(dump_baseline(before.findings), "baseline.json")
    assert found(apply_baseline(before, baseline), "SG601") == []


def test_types_from_ids_when_specs_have_no_type_field() -> None:
    """requiem-style ids (CORE-SYS-004): the kind in the id is the type; a user requirement under a system one is inverted."""
    config = {
        "hierarchy": {"type-from-id": r"^[^-]+-(?P<type>[^-]+)-\d+$"},
        "vocabulary": {"type": []},
        "types": {"USR": {"parents": []}, "SYS": {"parents": ["USR"]}},
    }
    user = {"id": "CORE-USR-001", "title": "U", "status": "draft"}
    system = {"id": "CORE-SYS-001", "title": "S", "status": "draft", "parent": "CORE-USR-001"}
    upside_down = {"id": "CORE-USR-002", "title": "U2", "status": "draft", "parent": "CORE-SYS-001"}
    result = check([user, system, upside_down], config)
    assert [(f.code, f.spec) for f in result.findings if f.code.startswith("SG6")] == [("SG602", "CORE-USR-002")]
    assert "'CORE-USR-002' (USR) has parent 'CORE-SYS-001' (SYS)" in found(result, "SG602")[0].message
