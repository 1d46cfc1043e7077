"""SG2xx on specs built in memory: cycles, orphans, one-sided relations."""

from __future__ import annotations

from tests.check.builders import check, found, story

EPIC = story("spec-epic-a-001", type="epic")


def test_a_dependency_loop_is_one_sg201_from_its_smallest_id() -> None:
    result = check([EPIC,
                    story("spec-story-c-001", parent="spec-epic-a-001", dependencies=["spec-story-b-001"]),
                    story("spec-story-b-001", parent="spec-epic-a-001", dependencies=["spec-story-c-001"])])  # fmt: skip
    [finding] = found(result, "SG201")
    assert finding.message == "dependency cycle: spec-story-b-001 -> spec-story-c-001 -> spec-story-b-001"
    assert (finding.path, finding.line, finding.related) == ("spec-story-b-001.md", 7, ("spec-story-c-001",))
    assert finding.extra["cycle"] == ("spec-story-b-001", "spec-story-c-001", "spec-story-b-001")


def test_a_parent_loop_is_sg202_and_a_chain_is_not() -> None:
    loop = [
        story("spec-epic-x-001", type="epic", parent="spec-epic-y-001"),
        story("spec-epic-y-001", type="epic", parent="spec-epic-x-001"),
    ]
    assert [f.message for f in found(check(loop), "SG202")] == [
        "parent cycle: spec-epic-x-001 -> spec-epic-y-001 -> spec-epic-x-001"
    ]
    chain = [EPIC, story("spec-story-b-001", parent="spec-epic-a-001")]
    assert found(check(chain), "SG202") == []


def test_an_unlinked_story_is_an_orphan_but_a_root_type_is_not() -> None:
    result = check([EPIC, story("spec-story-lonely-001")])
    assert [(f.spec, f.severity.value) for f in found(result, "SG203")] == [("spec-story-lonely-001", "warning")]
    relaxed = check([EPIC, story("spec-story-lonely-001")], {"root-types": ["epic", "user_story"]})
    assert found(relaxed, "SG203") == []


def test_one_sided_related_is_reported_only_when_selected() -> None:
    specs = [EPIC, story("spec-story-b-001", parent="spec-epic-a-001", related=["spec-epic-a-001"])]
    assert found(check(specs), "SG204") == []
    [finding] = found(check(specs, select=["SG204"]), "SG204")
    assert finding.message == "'spec-story-b-001' lists 'spec-epic-a-001' as related, but 'spec-epic-a-001' does not list it back"
