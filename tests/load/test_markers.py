"""Empty-link markers with ``*`` wildcards: exact glob meaning, linear on long values."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from speckit_graph.load.markers import glob_match, is_empty_marker
from tests.support.timing import assert_grows_linearly


def _regex_glob(pattern: str, text: str) -> bool:
    """The meaning a user expects: ``*`` is any run of characters, the rest is literal."""
    return re.fullmatch(".*".join(re.escape(piece) for piece in pattern.split("*")), text, re.DOTALL) is not None


@given(pattern=st.text(alphabet="ab*", max_size=8), text=st.text(alphabet="ab", max_size=12))
def test_glob_matches_what_the_regex_reading_matches(pattern: str, text: str) -> None:
    if "*" in pattern:
        assert glob_match(tuple(pattern.split("*")), text) == _regex_glob(pattern, text)


def test_markers_with_several_wildcards() -> None:
    markers = ("n/a", "<*>", "tbd*later*", "*-*-none")
    assert is_empty_marker("<FIP number(s)>", markers)
    assert is_empty_marker("TBD, decide later please", markers)
    assert is_empty_marker("x-y-none", markers)
    assert not is_empty_marker("tbd", markers)  # "later" is missing
    assert not is_empty_marker("-none", markers)  # both dashes are literal: "-none" holds one
    assert not is_empty_marker("AIP-1", markers)


def test_a_long_near_miss_against_many_wildcards_stays_linear() -> None:
    """``a*b*c*d`` against ``a`` and a long run of ``b``: a backtracking regex is cubic here."""
    markers = ("a*b*c*d",)
    assert_grows_linearly(
        lambda: is_empty_marker("a" + "b" * 20_000, markers),
        lambda: is_empty_marker("a" + "b" * 160_000, markers),
        factor=8,
        what="wildcard marker",
    )
