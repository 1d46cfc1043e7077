"""Frontmatter suppressions and SG007 on specs built in memory."""

from __future__ import annotations

from tests.check.builders import check, found, spec, story

EPIC = story("spec-epic-a-001", type="epic")


def test_a_suppression_silences_its_rule_on_its_own_spec_only() -> None:
    quiet = story("spec-story-quiet-001", **{"speckit-graph": {"ignore": ["orphan"]}})
    loud = story("spec-story-loud-001")
    result = check([EPIC, quiet, loud])
    assert [f.spec for f in found(result, "SG203")] == ["spec-story-loud-001"]
    assert result.suppressed == 1
    assert found(result, "SG007") == []


def test_a_suppression_that_silences_nothing_is_sg007() -> None:
    linked = story("spec-story-b-001", parent="spec-epic-a-001", **{"speckit-graph": {"ignore": ["SG203"]}})
    [finding] = found(check([EPIC, linked]), "SG007")
    assert finding.message == "suppression of 'SG203' silences nothing on 'spec-story-b-001'; remove it from speckit-graph.ignore"
    assert finding.rule == "unused-suppression" and finding.severity.value == "info"


def test_loader_data_findings_can_be_suppressed_too() -> None:
    broken = spec(**story("spec-story-b-001", parent="spec-epic-a-001", **{"speckit-graph": {"ignore": ["SG101"]}}),
                  unresolved=[("related", "gone.md", "names a file that is not in the repository (gone.md)")])  # fmt: skip
    result = check([EPIC, broken])
    assert result.findings == () and result.suppressed == 1


def test_malformed_and_unknown_suppressions() -> None:
    shapes = [
        story("spec-story-b-001", parent="spec-epic-a-001", **{"speckit-graph": ["SG203"]}),
        story("spec-story-c-001", parent="spec-epic-a-001", **{"speckit-graph": {"ignore": ["SG999"], "silence": True}}),
    ]
    assert [f.message for f in found(check([EPIC, *shapes]), "SG007")] == [
        "speckit-graph must be a mapping such as {ignore: [SG203]}, got a list",
        "speckit-graph.ignore names 'SG999', which matches no rule",
        "speckit-graph: unknown key 'silence' (known: ignore)",
    ]
