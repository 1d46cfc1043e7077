"""Differential tests: the plain-id fast path of ``parse_entry``, the cached empty-marker matcher
and the placeholder pre-filter give exactly what the general code gives.

The general code is the reference: ``parse_text`` (every reference form), the marker loop as it
was written before the cache, and ``placeholder_form`` called on every scalar. Inputs: every
string value in the frontmatter of the shared corpora and examples/, and hypothesis strings
biased towards the characters that switch between forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from speckit_graph.config.model import DEFAULT_EMPTY_MARKERS, NumberTemplate, ReferenceSettings, parse_number_template
from speckit_graph.load.fields import _is_placeholder_scalar
from speckit_graph.load.placeholders import PLACEHOLDER_FORMS, placeholder_form
from speckit_graph.load.references import BadEntry, ParsedRef, is_empty_marker, parse_entry, parse_text
from tests.conftest import EXAMPLES, SHARED

CORPORA = SHARED / "corpora"
SOURCE = "specs/a/b.md"
SETTINGS = (
    ReferenceSettings(),
    ReferenceSettings(empty_markers=("N/A", "none", "tbd", "<*>", "*-none", "-")),
)
TEMPLATES: tuple[NumberTemplate | None, ...] = (None, parse_number_template("FIP-{:04d}"), parse_number_template("{KEY}-{}"))
# Characters that decide a reference's form, plus letters, digits and blanks.
_ALPHABET = "aAzZ09-_.#,:;()[]<>\"'`/\\ \t\n?*|{}mMdD" + "\u00e9\u2013\u0660\u00a0"


def _general(item: Any, settings_: ReferenceSettings, template: NumberTemplate | None, several: bool) -> list[ParsedRef]:
    """parse_entry for a string, through the general path only (what it did before the fast path)."""
    if not item.strip():
        raise BadEntry("an empty string is not an id")
    return parse_text(item, source_path=SOURCE, settings=settings_, template=template, id_key="id", several=several)


def _outcome(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except BadEntry as exc:
        return ("bad", str(exc))


def _assert_same_refs(text: str) -> None:
    for settings_ in SETTINGS:
        for template in TEMPLATES:
            for several in (True, False):
                fast = _outcome(
                    parse_entry, text, source_path=SOURCE, settings=settings_, template=template, id_key="id", several=several
                )
                general = _outcome(_general, text, settings_, template, several)
                assert fast == general, (text, settings_.empty_markers, template, several)


def _old_is_empty_marker(text: str, markers: Iterable[str]) -> bool:
    lowered = text.strip().lower()
    for marker in markers:
        pattern = marker.strip().lower()
        if "*" not in pattern:
            if lowered == pattern:
                return True
        elif re.compile(".*".join(re.escape(piece) for piece in pattern.split("*")), re.DOTALL).fullmatch(lowered):
            return True
    return False


def _old_placeholder(text: Any, forms: tuple[str, ...], in_link: bool, markers: tuple[str, ...]) -> bool:
    return isinstance(text, str) and bool(placeholder_form(text, forms)) and not (in_link and is_empty_marker(text, markers))


def _assert_same_everywhere(text: str) -> None:
    _assert_same_refs(text)
    for settings_ in SETTINGS:
        assert is_empty_marker(text, settings_.empty_markers) == _old_is_empty_marker(text, settings_.empty_markers)
        for forms in (PLACEHOLDER_FORMS, ("todo",), ("braces",)):
            for in_link in (True, False):
                expected = _old_placeholder(text, forms, in_link, settings_.empty_markers)
                assert _is_placeholder_scalar(text, forms, in_link, settings_.empty_markers) == expected, text


def _frontmatter_strings(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not text.startswith("---"):
            continue
        end = text.find("\n---", 3)
        if end < 0:
            continue
        try:
            data = yaml.load(text[3:end], Loader=yaml.CSafeLoader)  # noqa: S506 - libyaml's safe loader, same values
        except (yaml.YAMLError, ValueError):  # broken YAML, impossible dates: no values to compare
            continue
        yield from _strings(data, 0)


def _strings(value: Any, depth: int) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif depth < 4 and isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, depth + 1)
            yield from _strings(item, depth + 1)
    elif depth < 4 and isinstance(value, list):
        for item in value:
            yield from _strings(item, depth + 1)


def test_fast_paths_match_the_general_code_on_examples() -> None:
    values = set(_frontmatter_strings(EXAMPLES))
    assert len(values) > 100
    for value in sorted(values):
        _assert_same_everywhere(value)


@pytest.mark.skipif(not CORPORA.is_dir(), reason=f"shared corpora not found at {CORPORA} (set SPECKIT_GRAPH_SHARED)")
def test_fast_paths_match_the_general_code_on_every_corpus_value() -> None:
    values = set(_frontmatter_strings(CORPORA))
    assert len(values) > 1000
    for value in sorted(values):
        _assert_same_everywhere(value)


@pytest.mark.parametrize(
    "text",
    [
        "spec-1", "42", "0042", "n/a", "N/A", "none", "x-none", "tbd", "TBD", "TODO.", "foo.md", "a.MD#x", "FIP-34.md",
        "a#b", "a.b.c", "-", "--", "x-none", "\u0660\u0661", "1\n", "todo ", " TODO!", "t.b.d", "\u00e9-1",
    ],
)  # fmt: skip
def test_fast_paths_match_on_edge_cases(text: str) -> None:
    _assert_same_everywhere(text)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=14))
def test_fast_paths_match_on_generated_strings(text: str) -> None:
    _assert_same_everywhere(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_fast_paths_match_on_any_unicode(text: str) -> None:
    _assert_same_everywhere(text)


def test_default_markers_are_covered() -> None:
    """The markers the default configuration ships take the fast path and stay "no link"."""
    for marker in DEFAULT_EMPTY_MARKERS:
        if re.fullmatch(r"[A-Za-z0-9_.#-]+", marker):
            refs = parse_entry(marker, source_path="a.md", settings=ReferenceSettings())
            assert [r.value for r in refs] == [""], marker
