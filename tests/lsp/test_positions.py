"""Offsets between code points and the protocol's UTF-8/16/32 units."""

from __future__ import annotations

import pytest

from speckit_graph.lsp.positions import from_units, protocol_lines, to_units

LINE = "a\U0001f600é-z"  # a, an emoji (4 UTF-8 bytes, 2 UTF-16 units), é (2 bytes, 1 unit), -, z


@pytest.mark.parametrize(
    "encoding,offsets", [("utf-32", [0, 1, 2, 3, 4, 5]), ("utf-16", [0, 1, 3, 4, 5, 6]), ("utf-8", [0, 1, 5, 7, 8, 9])]
)
def test_offsets_round_trip(encoding: str, offsets: list[int]) -> None:
    assert [to_units(LINE, index, encoding) for index in range(len(LINE) + 1)] == offsets
    assert [from_units(LINE, units, encoding) for units in offsets] == list(range(len(LINE) + 1))


def test_an_offset_inside_a_character_or_past_the_end() -> None:
    assert from_units(LINE, 2, "utf-16") == 2  # the second half of the emoji: the character after it
    assert from_units(LINE, 99, "utf-16") == len(LINE)
    assert from_units("abc", 99, "utf-32") == 3


def test_lines_break_where_the_protocol_breaks_them() -> None:
    assert protocol_lines("a\r\nb\rc\nd\u2028e") == ["a", "b", "c", "d\u2028e"]
