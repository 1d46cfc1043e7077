"""Reference normalisation: every form a real repository writes, and hostile input."""

from __future__ import annotations

import time
from typing import Any

import pytest

from speckit_graph.config.model import ReferenceSettings, parse_number_template
from speckit_graph.core.model import RefForm
from speckit_graph.load.references import (
    BadEntry,
    ParsedRef,
    ReferenceIndex,
    canonical_form,
    is_empty_marker,
    normalise_path,
    parse_entry,
    split_parts,
)

SETTINGS = ReferenceSettings()
SOURCE = "specs/01_requirements/user_stories/us_1.md"


def parse(value: Any, settings: ReferenceSettings = SETTINGS, template: str | None = None, key: str = "id") -> list[ParsedRef]:
    number_template = parse_number_template(template) if template else None
    return parse_entry(value, source_path=SOURCE, settings=settings, template=number_template, id_key=key)


def forms(value: Any, **kwargs: Any) -> list[tuple[str, str]]:
    return [(ref.form.value, ref.value) for ref in parse(value, **kwargs)]


def no_link(value: Any, **kwargs: Any) -> bool:
    """Nothing but empty markers (kept as NONE so a spec literally named "N/A" still resolves)."""
    return all(ref.form is RefForm.NONE for ref in parse(value, **kwargs))


# -- ids, labels, lists -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("spec-a-001", [("id", "spec-a-001")]),
        ("  spec-a-001  ", [("id", "spec-a-001")]),
        ("AIP-47: Resource Groups", [("id", "AIP-47")]),
        ("EPIC-002: Financial System & Credits", [("id", "EPIC-002")]),
        ("FIP-0030 (Introducing the Filecoin Virtual Machine)", [("id", "FIP-0030")]),
        ("M3 - GUI", [("id", "M3")]),
        ("AIP-47, AIP-44", [("id", "AIP-47"), ("id", "AIP-44")]),
        ("AIP-47 AIP-44", [("id", "AIP-47"), ("id", "AIP-44")]),
        ("a;b", [("id", "a;b")]),  # semicolons and backslashes are id characters, not separators
        ("a\\b", [("id", "a\\b")]),
        ("new\nline", [("id", "new\nline")]),  # kept as written, so an unresolved id reads as written
        ("AIP-10: Move Objects, Tokens and more", [("id", "AIP-10")]),  # the title goes on after a comma
        ("AIP-10: Objects, AIP-11: Tokens", [("id", "AIP-10"), ("id", "AIP-11")]),
        ("0032, PR-512 (draft)", [("id", "0032"), ("id", "PR-512")]),
        ("All Phase 2 Frontend Specifications", [("id", "All Phase 2 Frontend Specifications")]),
        ("DISASTER_RECOVERY_PLAN", [("id", "DISASTER_RECOVERY_PLAN")]),
        ('"quoted-1"', [("id", "quoted-1")]),
    ],
)
def test_id_forms(value: str, expected: list[tuple[str, str]]) -> None:
    assert forms(value) == expected


def test_a_list_item_is_one_reference() -> None:
    """In a YAML list the author already separated the entries: no splitting inside one."""
    refs = parse_entry("AIP-47, AIP-44", source_path=SOURCE, settings=SETTINGS, several=False)
    assert [(r.form, r.value) for r in refs] == [(RefForm.ID, "AIP-47, AIP-44")]
    refs = parse_entry("AIP-47 AIP-44", source_path=SOURCE, settings=SETTINGS, several=False)
    assert [r.value for r in refs] == ["AIP-47 AIP-44"]
    refs = parse_entry("AIP-10: Move Objects, Tokens", source_path=SOURCE, settings=SETTINGS, several=False)
    assert [r.value for r in refs] == ["AIP-10"]  # labels are still read


def test_written_form_is_kept_for_messages() -> None:
    (ref,) = parse("EPIC-002: Financial System")
    assert ref.written == "EPIC-002: Financial System" and ref.value == "EPIC-002"


def test_a_list_inside_a_list_entry_is_bad() -> None:
    with pytest.raises(BadEntry, match="a list"):
        parse(["nested"])  # the loader splits a field's list; an entry that is itself a list is wrong


# -- numbers and the id template -------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "value", "expected"),
    [
        ("FIP-{:04d}", 34, "FIP-0034"),
        ("FIP-{:04d}", "34", "FIP-0034"),
        ("FIP-{:04d}", "0034", "FIP-0034"),
        ("FIP-{:04d}", 12345, "FIP-12345"),
        ("AIP-{}", 47, "AIP-47"),
        ("AIP-{}", "047", "AIP-047"),  # {} keeps the digits as written
        ("AIP-{:d}", "047", "AIP-47"),  # {:d} drops the padding
        ("{KEY}-{}", "0051", "FIP-0051"),
        ("REQ-{}-x", 3, "REQ-3-x"),
    ],
)
def test_numbers_go_through_the_template(template: str, value: Any, expected: str) -> None:
    assert forms(value, template=template, key="fip") == [("id", expected)]


def test_number_without_template_is_a_bad_entry_and_digit_strings_stay_ids() -> None:
    with pytest.raises(BadEntry, match="got a number"):
        parse(42)
    assert forms("42") == [("id", "42")]


@pytest.mark.parametrize("text", ["FIP-{:4d}", "{}{}", "no braces", "{:x}", "{0}", "{name}"])
def test_invalid_templates_are_refused(text: str) -> None:
    assert parse_number_template(text) is None


def test_negative_numbers_and_other_scalars_are_bad() -> None:
    for value, fragment in ((-3, "negative"), (True, "boolean"), (1.5, "number"), ("", "empty string")):
        with pytest.raises(BadEntry, match=fragment):
            parse(value, template="X-{}")


# -- mappings ------------------------------------------------------------------------------------


def test_mapping_with_an_id_key() -> None:
    requiem = ReferenceSettings(mapping_keys=("hrid", "uuid"))
    value = {"uuid": "4bfeb7d5", "fingerprint": "abc", "hrid": "CORE-USR-001"}
    assert forms(value, settings=requiem) == [("id", "CORE-USR-001")]
    assert forms({"uuid": "4bfeb7d5"}, settings=requiem) == [("id", "4bfeb7d5")]
    with pytest.raises(BadEntry, match="got a mapping"):
        parse({"service": "spec-a-001"})
    with pytest.raises(BadEntry, match="mapping without an id key"):
        parse({"hrid": None, "uuid": ""}, settings=requiem)


# -- empty markers ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["N/A", "n/a", "none", "NONE", "-", "TBD", "  tbd  ", None])
def test_default_empty_markers_mean_no_link(value: Any) -> None:
    assert no_link(value)


def test_configured_markers_with_wildcards() -> None:
    settings = ReferenceSettings(empty_markers=("<*>", "pending*"))
    assert no_link("<AIP number(s)>", settings=settings) and forms("<AIP number(s)>", settings=settings)
    assert no_link("Pending review", settings=settings)
    assert forms("N/A", settings=settings)[0][0] == "path"  # defaults replaced, not added: now a (bad) path
    assert is_empty_marker("<FIP number(s)>", ["<*>"]) and not is_empty_marker("AIP-1", ["<*>"])
    assert forms("AIP-1, N/A") == [("id", "AIP-1")]  # a marker inside a list of several


# -- paths -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value", "fallback"),
    [
        ("../../03_backlog/epics/epic_2.md", "specs/03_backlog/epics/epic_2.md", None),
        ("../functional/fr_1.md", "specs/01_requirements/functional/fr_1.md", None),
        ("user.md", "specs/01_requirements/user_stories/user.md", "user.md"),
        ("./user.md", "specs/01_requirements/user_stories/user.md", "user.md"),
        ("/specs/epics/e.md", "specs/epics/e.md", None),
        ("specs/epics/e.md#section", "specs/01_requirements/user_stories/specs/epics/e.md", "specs/epics/e.md"),
        ("..\\sibling\\x.md", "specs/01_requirements/sibling/x.md", None),  # ends in .md: a Windows-style path
    ],
)
def test_relative_and_repo_rooted_paths(written: str, value: str, fallback: str | None) -> None:
    (ref,) = parse(written)
    assert ref.form is RefForm.PATH and ref.problem is None
    assert ref.value == value
    assert ref.fallback == fallback


@pytest.mark.parametrize(
    "written",
    ["../../../../etc/passwd", "../../../../x.md", "C:\\Windows\\system.md", "\\\\server\\share\\x.md", "~/notes.md"],
)
def test_paths_outside_the_repository_are_problems(written: str) -> None:
    (ref,) = parse(written)
    assert ref.form is RefForm.PATH
    assert ref.problem is not None and ("outside" in ref.problem)


def test_absolute_path_is_read_as_repo_rooted_and_never_leaves_it() -> None:
    (ref,) = parse("/etc/passwd")
    assert ref.value == "etc/passwd" and ref.problem is None  # looked up among scanned files only
    assert normalise_path("/../../etc/x.md", SOURCE)[2] is not None  # climbing above the root is refused


def test_markdown_links() -> None:
    assert forms("[Epic two](../../03_backlog/epics/epic_2.md)") == [("path", "specs/03_backlog/epics/epic_2.md")]
    here = "specs/01_requirements/user_stories"
    assert forms("[A, B](a%20b.md)") == [("path", f"{here}/a b.md")]
    assert forms("[one](a.md), [two](b.md)") == [("path", f"{here}/a.md"), ("path", f"{here}/b.md")]
    assert forms("[AIP-61](https://example.org/aip-61.md)") == [("id", "AIP-61")]  # the text when the URL leads out


def test_comma_separated_paths() -> None:
    value = "../functional/fr_credit_03.md,../functional/fr_credit_04.md"
    assert [ref.value for ref in parse(value)] == [
        "specs/01_requirements/functional/fr_credit_03.md",
        "specs/01_requirements/functional/fr_credit_04.md",
    ]


# -- URLs ---------------------------------------------------------------------------------------


def test_urls_are_followed_only_into_the_repository() -> None:
    settings = ReferenceSettings(base_urls=("https://github.com/org/FIPs/blob/master/",))
    url = "https://github.com/org/FIPs/blob/master/FIPS/fip-0052.md"
    assert forms(url, settings=settings) == [("path", "FIPS/fip-0052.md")]
    assert forms("(" + url, settings=settings) == [("path", "FIPS/fip-0052.md")]  # a stray parenthesis
    assert forms("<" + url + ">", settings=settings) == [("path", "FIPS/fip-0052.md")]
    assert forms(url) == [("url", url)]
    (ref,) = parse("https://github.com/org/FIPs/blob/master/../../../etc/passwd", settings=settings)
    assert ref.problem is not None and "outside" in ref.problem
    assert forms("file:///etc/passwd.md") == [("url", "file:///etc/passwd.md")]
    assert forms("mailto:someone@example.org") == [("url", "mailto:someone@example.org")]


# -- hostile sizes --------------------------------------------------------------------------------
# Bounds are on CPU time (time.process_time): the suite shares the machine with its own xdist
# workers and other programs, which stretch wall time but not the work done.


def test_ten_thousand_ids_in_one_string_parse_in_linear_time() -> None:
    text = ", ".join(f"SPEC-{i}" for i in range(10_000))
    started = time.process_time()
    refs = parse(text)
    assert len(refs) == 10_000 and refs[-1].value == "SPEC-9999"
    assert time.process_time() - started < 2.0


@pytest.mark.parametrize(
    "text",
    [
        "[" * 200_000,
        "[x](" * 50_000,
        "a" * 500_000 + ":",
        ("AIP-1: " + "word " * 100_000),
        "../" * 100_000 + "x.md",
        "," * 300_000,
    ],
)
def test_pathological_strings_stay_fast(text: str) -> None:
    started = time.process_time()
    parse(text)
    assert time.process_time() - started < 2.0


def test_split_keeps_markdown_links_whole() -> None:
    assert split_parts("[a, b](x.md), C-1") == ["[a, b](x.md)", "C-1"]


# -- resolution ------------------------------------------------------------------------------------


def index(ids: list[str], settings: ReferenceSettings = SETTINGS, paths: dict[str, str] | None = None) -> ReferenceIndex:
    paths = paths if paths is not None else {}
    return ReferenceIndex(ids, paths, [*paths, "docs/readme.md"], settings)


def test_exact_case_and_padding_resolution() -> None:
    idx = index(["FIP-0034", "BACK-215.01", "Spec-A-1", "spec-a-01"])
    assert idx.resolve_id("FIP-0034").note == "exact"
    assert (idx.resolve_id("fip-34").target, idx.resolve_id("fip-34").note) == ("FIP-0034", "canonical")
    assert idx.resolve_id("back-215.1").target == "BACK-215.01"
    ambiguous = idx.resolve_id("SPEC-A-001")
    assert ambiguous.target is None and ambiguous.note == "ambiguous"
    assert set(ambiguous.candidates) == {"Spec-A-1", "spec-a-01"}
    assert idx.resolve_id("FIP-0035").note == "unknown"


def test_loose_matching_can_be_turned_off() -> None:
    idx = index(["FIP-0034"], ReferenceSettings(loose_matching=False))
    assert idx.resolve_id("fip-34").target is None


def test_equivalent_prefixes() -> None:
    settings = ReferenceSettings(equivalent_prefixes=(("task-", "BACK-"),))
    idx = index(["BACK-7", "BACK-215.01", "task-9"], settings)
    assert (idx.resolve_id("task-7").target, idx.resolve_id("task-7").note) == ("BACK-7", "prefix")
    assert idx.resolve_id("TASK-215.1").target == "BACK-215.01"
    assert idx.resolve_id("task-9").note == "exact"
    assert idx.resolve_id("back-9").target == "task-9"
    assert idx.resolve_id("task-8").target is None


def test_path_resolution_uses_only_the_loaded_paths() -> None:
    idx = index([], paths={"specs/epics/epic_2.md": "EPIC-2"})
    resolve = idx.resolve_path
    assert resolve("specs/epics/epic_2.md", None).target == "EPIC-2"
    assert resolve("nope/epic_2.md", "specs/epics/epic_2.md").target == "EPIC-2"  # the repo-rooted reading
    assert resolve("specs/Epics/Epic_2.md", None).note == "canonical"
    assert "not a spec" in (resolve("docs/readme.md", None).problem or "")
    assert "not in the repository" in (resolve("specs/gone.md", None).problem or "")
    assert "not a Markdown file" in (resolve("etc/passwd", None).problem or "")


def test_canonical_form() -> None:
    assert canonical_form(" FIP-0034 ") == canonical_form("fip-34") == "fip-34"
    assert canonical_form("0007") == "7" and canonical_form("A-100") == "a-100"
