"""Where a character of a string value sits in the configuration file (line and column).

The TOML reader gives values, not positions; expression errors must point into the file.
This finds the ``key = "..."`` line of the N-th ``[[table]]`` block by a line scan and walks
the string's raw characters (escapes, multi-line strings) to the decoded offset. Linear in
the file's size; None when the value is not written in that plain form (an inline table).
"""

from __future__ import annotations

import re

_ARRAY_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*(?:tool[ \t]*\.[ \t]*\"?speckit-graph\"?[ \t]*\.[ \t]*)?([A-Za-z0-9_-]+)[ \t]*\]\]")
_HEADER = re.compile(r"^[ \t]*\[")
_ESCAPE_LENGTH = {"u": 6, "U": 10}


def locate(text: str, table: str, index: int, key: str, value: str, offset: int) -> tuple[int, int] | None:
    """The 1-based (line, column) of character ``offset`` of ``key``'s string in block ``index`` of ``[[table]]``."""
    assignment = re.compile(rf"^[ \t]*(?:{re.escape(key)}|\"{re.escape(key)}\")[ \t]*=[ \t]*")
    count = -1
    inside = False
    position = 0
    for line in text.split("\n"):
        start = position
        position += len(line) + 1
        header = _ARRAY_HEADER.match(line)
        if header is not None:
            inside = header.group(1) == table
            count += inside
            continue
        if _HEADER.match(line):
            inside = False
            continue
        if inside and count == index:
            match = assignment.match(line)
            if match is not None:
                return _walk(text, start + match.end(), offset)
    return None


def _walk(text: str, start: int, offset: int) -> tuple[int, int] | None:
    """Position of the decoded character ``offset`` of the string literal starting at ``start``."""
    quote = text[start : start + 3]
    if quote in ('"""', "'''"):
        index = start + 3
        if text.startswith("\r\n", index):
            index += 2
        elif text.startswith("\n", index):
            index += 1
        basic = quote[0] == '"'
    elif text[start : start + 1] in ('"', "'"):
        index = start + 1
        basic = text[start] == '"'
    else:
        return None
    decoded = 0
    while decoded < offset and index < len(text):
        char = text[index]
        if basic and char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following in "\r\n \t" and quote in ('"""',):
                index += 1  # a line-ending backslash: it and the whitespace after it vanish
                while index < len(text) and text[index] in "\r\n \t":
                    index += 1
                continue
            index += _ESCAPE_LENGTH.get(following, 2)
        else:
            index += 1
        decoded += 1
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column
