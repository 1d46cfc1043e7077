"""Declarative [[rules]]: they fire where ``when`` holds and ``require`` does not, over one or more hops."""

from __future__ import annotations

import time
from typing import Any

from speckit_graph.check import analysis
from speckit_graph.config.parse import parse_config
from tests.check.builders import check, found, graph, story

EPIC = {"id": "spec-epic-e-001", "title": "E", "type": "epic", "status": "draft"}
FEATURE = {"id": "spec-feature-f-001", "title": "F", "type": "functional_requirement", "status": "draft", "parent": EPIC["id"]}
MODEL = {"id": "spec-data-m-001", "title": "M", "type": "data_model", "status": "approved", "parent": EPIC["id"]}


def rules(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"rules": [{"severity": "error", "message": "broken", **entry} for entry in entries]}


def api(spec_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": spec_id, "title": "A", "type": "api_spec", "status": "approved", "parent": FEATURE["id"], **fields}


API_NEEDS_MODEL = {
    "code": "X001",
    "when": "type == 'api_spec' and status in ['approved', 'implemented']",
    "require": "any(dependencies, type == 'data_model')",
    "message": "an approved API spec must depend on a data model",
}


def test_a_rule_fires_and_stays_silent_where_expected() -> None:
    specs = [EPIC, FEATURE, MODEL, api("spec-api-good-001", dependencies=[MODEL["id"]]), api("spec-api-bad-001")]
    specs.append(api("spec-api-draft-001", status="draft"))  # `when` does not hold: silent
    result = check(specs, rules(API_NEEDS_MODEL))
    [finding] = found(result, "X001")
    assert finding.spec == "spec-api-bad-001" and finding.rule == "x001" and finding.severity.value == "error"
    assert finding.message == "'spec-api-bad-001': an approved API spec must depend on a data model"
    assert finding.path == "spec-api-bad-001.md" and finding.line == 2


def test_one_hop_and_two_hops_through_parents() -> None:
    one_hop = {"code": "X010", "when": "type == 'user_story'", "require": "parent.type == 'functional_requirement'"}
    two_hops = {"code": "X011", "when": "type == 'user_story'", "require": "parent.parent.type == 'epic'"}
    under_feature = story("spec-story-a-001", parent=FEATURE["id"])
    under_epic = story("spec-story-b-001", parent=EPIC["id"])
    result = check([EPIC, FEATURE, under_feature, under_epic], rules(one_hop, two_hops))
    assert [f.spec for f in found(result, "X010")] == ["spec-story-b-001"]
    assert [f.spec for f in found(result, "X011")] == ["spec-story-b-001"]  # its grandparent does not exist


def test_quantifiers_counts_and_reverse_kinds() -> None:
    entries = (
        {"code": "X020", "when": "type == 'data_model'", "require": "count(dependents) >= 1"},
        {"code": "X021", "when": "type == 'epic'", "require": "all(children, status != 'draft')"},
        {"code": "X022", "when": "count(dependencies, status == 'draft') > 0 and not (status == 'draft')"},
        {"code": "X023", "when": "type == 'api_spec'", "require": "any(dependencies, any(dependents, id == 'spec-api-b-001'))"},
    )
    user = api("spec-api-a-001", dependencies=[MODEL["id"]])
    other = api("spec-api-b-001", dependencies=["spec-data-d-001"])
    draft_model = {**MODEL, "id": "spec-data-d-001", "status": "draft"}
    result = check([EPIC, FEATURE, MODEL, draft_model, user, other], rules(*entries))
    assert found(result, "X020") == []  # each model has a dependent
    assert [f.spec for f in found(result, "X021")] == ["spec-epic-e-001"]  # its feature is a draft
    assert [f.spec for f in found(result, "X022")] == ["spec-api-b-001"]
    assert [f.spec for f in found(result, "X023")] == ["spec-api-a-001"]  # two hops: model -> its dependents


def test_fields_lists_numbers_and_absent_values() -> None:
    entries = (
        {"code": "X030", "when": "'release-2' in tags", "require": "estimatedEffort <= 40"},
        {"code": "X031", "when": "status == 'approved'", "require": "approvers"},
    )
    big = story("spec-story-a-001", tags=["release-2"], estimatedEffort=80)
    unknown = story("spec-story-b-001", tags=["release-2"])  # no effort: not <= 40
    small = story("spec-story-c-001", tags=["release-1"], estimatedEffort=80, status="approved", approvers=[])
    result = check([big, unknown, small], rules(*entries))
    assert [f.spec for f in found(result, "X030")] == ["spec-story-a-001", "spec-story-b-001"]
    assert [f.spec for f in found(result, "X031")] == ["spec-story-c-001"]


def test_project_rules_are_selectable_and_suppressible() -> None:
    specs = [EPIC, FEATURE, MODEL, api("spec-api-bad-001")]
    assert {f.code for f in check(specs, rules(API_NEEDS_MODEL), select=["X"]).findings} == {"X001"}
    assert found(check(specs, rules(API_NEEDS_MODEL), select=["SG"]), "X001") == []
    quiet = {**rules(API_NEEDS_MODEL), "project-rules": [], "ignore": ["x001"]}
    assert found(check(specs, quiet), "X001") == []
    silenced = [*specs[:3], api("spec-api-bad-001", **{"speckit-graph": {"ignore": ["X001"]}})]
    result = check(silenced, rules(API_NEEDS_MODEL))
    assert found(result, "X001") == [] and result.suppressed == 1


def test_project_rules_table_keeps_the_rules_settings_table() -> None:
    config = {"rules": {"orphan": "off"}, "project-rules": [{**API_NEEDS_MODEL, "severity": "info"}]}
    result = check([EPIC, FEATURE, MODEL, api("spec-api-bad-001")], config)
    assert [f.severity.value for f in found(result, "X001")] == ["info"]
    assert "X001" in {rule.code for rule in result.project_rules}


def test_evaluation_is_linear_in_specs_and_links() -> None:
    """N specs depend on a hub that depends on N leaves: without memoizing the hub's inner
    ``any`` per spec this is N x N work; with it, 4x the specs is about 4x the time."""
    config = parse_config(rules({"code": "X040", "when": "any(dependencies, any(dependencies, status == 'deprecated'))"}))

    def timed(size: int) -> float:
        leaves = [story(f"spec-story-leaf{i}-001") for i in range(size)]
        hub = story("spec-story-hub-001", dependencies=[leaf["id"] for leaf in leaves])
        users = [story(f"spec-story-user{i}-001", dependencies=[hub["id"]]) for i in range(size)]
        built = graph(*leaves, hub, *users)
        start = time.process_time()
        analysis.check(built, config, ["X040"])
        return time.process_time() - start

    small, large = min(timed(500) for _ in range(2)), min(timed(2000) for _ in range(2))
    assert large < small * 10, (small, large)
