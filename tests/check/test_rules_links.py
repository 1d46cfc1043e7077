"""SG1xx on specs built in memory: dangling, duplicated, self, malformed and loosely matched links."""

from __future__ import annotations

from speckit_graph.core.findings import fingerprint
from tests.check.builders import check, found, spec, story

EPIC = story("spec-epic-a-001", type="epic")


def test_an_id_no_spec_has_is_dangling_with_a_suggestion() -> None:
    result = check([EPIC, story("spec-story-b-001", parent="spec-epic-a-001", dependencies=["spec-epic-aa-001"])])
    [finding] = found(result, "SG101")
    assert finding.message == "dependencies names 'spec-epic-aa-001', which no spec has; did you mean 'spec-epic-a-001'?"
    assert (finding.path, finding.line, finding.spec) == ("spec-story-b-001.md", 7, "spec-story-b-001")
    assert finding.fingerprint == fingerprint("SG101", "spec-story-b-001", "depends_on:spec-epic-aa-001")
    assert finding.legacy_fingerprint is None


def test_a_path_that_leads_nowhere_is_dangling_keyed_like_an_id() -> None:
    broken = spec(**story("spec-story-b-001", parent="spec-epic-a-001"),
                  unresolved=[("related", "gone.md", "names a file that is not in the repository (gone.md)")])  # fmt: skip
    [finding] = found(check([EPIC, broken]), "SG101")
    assert finding.message == "related names 'gone.md', which names a file that is not in the repository (gone.md)"
    assert dict(finding.extra) == {"target": "gone.md", "kind": "related"}
    assert finding.fingerprint == fingerprint("SG101", "spec-story-b-001", "related:gone.md")
    assert finding.legacy_fingerprint is None  # field "related" is kind "related": the 0.1 key was the same


def test_a_path_dependency_keeps_its_old_fingerprint_as_legacy() -> None:
    broken = spec(**story("spec-story-b-001", parent="spec-epic-a-001"),
                  unresolved=[("dependencies", "x.md", "names a file that is not in the repository (x.md)")])  # fmt: skip
    [finding] = found(check([EPIC, broken]), "SG101")
    assert finding.fingerprint == fingerprint("SG101", "spec-story-b-001", "depends_on:x.md")
    assert finding.legacy_fingerprint == fingerprint("SG101", "spec-story-b-001", "dependencies:x.md")


def test_self_links_are_sg103_not_dangling_or_cycles() -> None:
    result = check([EPIC, story("spec-story-b-001", parent="spec-epic-a-001", dependencies=["spec-story-b-001"])])
    assert [(f.code, f.message) for f in result.findings] == [
        ("SG103", "dependencies names the spec itself ('spec-story-b-001')")
    ]


def test_two_files_with_one_id_both_report_sg102() -> None:
    first = spec(**story("spec-story-b-001", parent="spec-epic-a-001"), path="a.md")
    second = spec(**story("spec-story-b-001", parent="spec-epic-a-001"), path="b.md")
    assert [(f.path, f.message) for f in found(check([EPIC, first, second]), "SG102")] == [
        ("a.md", "id 'spec-story-b-001' is also claimed by b.md:2"),
        ("b.md", "id 'spec-story-b-001' is also claimed by a.md:2"),
    ]


def test_wrong_shapes_and_repeated_entries() -> None:
    odd = spec(**story("spec-story-b-001", parent="spec-epic-a-001", related=["spec-epic-a-001", "spec-epic-a-001"]),
               bad_links=[("dependencies", "42", "expected an id string, got a number")])  # fmt: skip
    result = check([EPIC, odd])
    assert [f.message for f in found(result, "SG104")] == ["dependencies: expected an id string, got a number (42)"]
    assert [f.message for f in found(result, "SG105")] == ["related lists 'spec-epic-a-001' more than once"]


def test_loose_matches_are_sg106_spelling_the_canonical_id() -> None:
    loose = spec(**story("spec-story-b-001", parent="spec-epic-a-001", related=["spec-epic-a-001"]),
                 loose=[("parent", "Spec-Epic-A-1", "spec-epic-a-001"), ("related", "EPIC.md", "spec-epic-a-001")])  # fmt: skip
    messages = [(f.severity.value, f.message) for f in found(check([EPIC, loose]), "SG106")]
    assert messages == [
        ("info", "parent names 'Spec-Epic-A-1', which only matches 'spec-epic-a-001' when case and zero padding are ignored; "
                 "write 'spec-epic-a-001'"),
        ("info", "related names 'EPIC.md', which only matches 'spec-epic-a-001' when case and zero padding are ignored; "
                 "write 'spec-epic-a-001'"),
    ]  # fmt: skip


def test_deselected_link_rules_report_nothing_from_loader_data() -> None:
    broken = spec(**story("spec-story-b-001", parent="spec-epic-a-001"),
                  unresolved=[("related", "gone.md", "names a file that is not in the repository (gone.md)")],
                  loose=[("parent", "Spec-Epic-A-1", "spec-epic-a-001")])  # fmt: skip
    assert check([EPIC, broken], select=["SG2", "SG3", "SG4"]).findings == ()
