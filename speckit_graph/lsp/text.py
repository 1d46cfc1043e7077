"""Where the cursor is in a spec's text: inside the frontmatter, under which key, on which word.

Pure text work on the editor's buffer (no YAML parse: the buffer is often mid-edit and
invalid). Lines and characters are 0-based here, as in the protocol; characters count
UTF-16 code units there, which equals Python's count for the ASCII ids and keys this
reads (a line with other characters is measured in code points, a small drift the
protocol tolerates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")
_FENCE_LINE = re.compile(r"^---[ \t]*$")
_CLOSE_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
#: One reference-like token: an id, a path, a label; quotes, brackets, commas and spaces end it.
_TOKEN = re.compile(r"[^\s,\[\]'\"{}()<>|`*]+")


@dataclass(frozen=True)
class Cursor:
    """The context of a position: the frontmatter key it is under (None in the body) and the word."""

    in_frontmatter: bool
    key: str | None
    word: str
    start: int
    end: int
    prefix: str
    on_key: bool = False


def frontmatter_end(lines: list[str]) -> int | None:
    """The 0-based line of the closing ``---`` when the text opens with a frontmatter block."""
    if not lines or not _FENCE_LINE.match(lines[0].lstrip("\ufeff")):
        return None
    for number in range(1, len(lines)):
        if _CLOSE_LINE.match(lines[number]):
            return number
    return None


def cursor_at(text: str, line: int, character: int) -> Cursor:
    """What is under ``(line, character)`` in ``text``."""
    lines = text.splitlines()
    if line < 0 or line >= len(lines):
        return Cursor(False, None, "", 0, 0, "")
    current = lines[line]
    character = max(0, min(character, len(current)))
    word, start, end = word_at(current, character)
    closing = frontmatter_end(lines)
    inside = closing is not None and 0 < line < closing
    if not inside:
        return Cursor(False, None, word, start, end, current[start:character])
    match = _KEY.match(current)
    if match is not None and character <= match.end(1):
        return Cursor(True, match.group(1), word.rstrip(":"), start, end, current[start:character], on_key=True)
    if match is not None:
        value_start = match.end()
        if start < value_start:  # the word runs into the key: only the value part counts
            word, start = word[value_start - start :], value_start
    key = None
    for number in range(line, 0, -1):
        found = _KEY.match(lines[number])
        if found is not None:
            key = found.group(1)
            break
        if lines[number][:1] not in ("", " ", "\t", "-", "#"):
            break  # a line at the top level that is no key: a flow value continues, or garbage
    return Cursor(True, key, word, start, end, current[start:character])


def word_at(line: str, character: int) -> tuple[str, int, int]:
    """The token touching ``character`` (just before it counts, so a word being typed is found)."""
    for match in _TOKEN.finditer(line):
        if match.start() <= character <= match.end():
            return match.group(), match.start(), match.end()
    return "", character, character


def token_end(line: str, start: int) -> int:
    """Where the token starting at ``start`` ends (a diagnostic's range covers it)."""
    if line[start : start + 1] in ("'", '"'):
        closing = line.find(line[start], start + 1)
        if closing > start:
            return closing + 1
    match = _TOKEN.match(line, start)
    return match.end() if match is not None and match.end() > start else len(line.rstrip())
