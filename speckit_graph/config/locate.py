"""Where a character of a string value sits in the configuration file (line and column).

The TOML reader gives values, not positions; expression errors must point into the file.
:class:`Locator` scans the file once, recording where each ``key = ...`` of every
``[[table]]`` block starts and where each line starts; a position is then one lookup, a walk
over the string's raw characters (escapes, multi-line strings) up to the decoded offset, and
a binary search for the line. Linear in the file's size however many errors there are; None
when the value is not written in that plain form (an inline table).
"""

from __future__ import annotations

import bisect
import re

_ARRAY_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*(?:tool[ \t]*\.[ \t]*\"?speckit-graph\"?[ \t]*\.[ \t]*)?([A-Za-z0-9_-]+)[ \t]*\]\]")
_HEADER = re.compile(r"^[ \t]*\[")
_ASSIGNMENT = re.compile(r"^[ \t]*(?:([A-Za-z0-9_-]+)|\"([A-Za-z0-9_-]+)\")[ \t]*=[ \t]*")
_ESCAPE_LENGTH = {"u": 6, "U": 10}


class Locator:
    """Value positions in ``text`` by (table, block index, key), from one scan."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts: list[int] = []
        self.starts: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        table: str | None = None
        position = 0
        for line in text.split("\n"):
            start = position
            self.line_starts.append(start)
            position += len(line) + 1
            header = _ARRAY_HEADER.match(line)
            if header is not None:
                table = header.group(1)
                counts[table] = counts.get(table, -1) + 1
                continue
            if _HEADER.match(line):
                table = None
                continue
            match = _ASSIGNMENT.match(line) if table is not None else None
            if match is not None and table is not None:
                key = match.group(1) or match.group(2)
                self.starts.setdefault((table, counts[table], key), start + match.end())

    def locate(self, table: str, index: int, key: str, offset: int) -> tuple[int, int] | None:
        """The 1-based (line, column) of character ``offset`` of key's string in block ``index`` of ``[[table]]``."""
        start = self.starts.get((table, index, key))
        position = None if start is None else _walk(self.text, start, offset)
        if position is None:
            return None
        line = bisect.bisect_right(self.line_starts, position) - 1
        return line + 1, position - self.line_starts[line] + 1


def _walk(text: str, start: int, offset: int) -> int | None:
    """Index in ``text`` of the decoded character ``offset`` of the string literal starting at ``start``."""
    quote = text[start : start + 3]
    if quote in ('"""', "'''"):
        index = start + 3
        if text.startswith("\r\n", index):
            index += 2
        elif text.startswith("\n", index):
            index += 1
    elif text[start : start + 1] in ('"', "'"):
        index = start + 1
    else:
        return None
    basic = text[start] == '"'
    decoded = 0
    while decoded < offset and index < len(text):
        char = text[index]
        if basic and char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following in "\r\n \t" and quote == '"""':
                index += 1  # a line-ending backslash: it and the whitespace after it vanish
                while index < len(text) and text[index] in "\r\n \t":
                    index += 1
                continue
            index += _ESCAPE_LENGTH.get(following, 2)
        else:
            index += 1
        decoded += 1
    return index
