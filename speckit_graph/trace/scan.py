"""Find the spec ids one file mentions: after markers, in pytest markers and bare in comments.

Everything works on bytes and in one left-to-right pass per pattern, so a file costs time
linear in its size whatever it holds: markers and comment openers are literal strings,
ids are found with the literal-prefix regex of :class:`~speckit_graph.trace.shapes.IdShapes`,
and line and column numbers are counted incrementally (never from the start of the file
or the line again for each mention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from speckit_graph.core.trace import COMMENT, MARKER, PYTEST
from speckit_graph.trace.shapes import MAX_PREFIXES, MAX_TOKEN, IdShapes, trim

#: A mention before line and column are known: byte offset, id, kind, whether it must sit in a comment.
Raw = tuple[int, str, str, bool]
#: A mention found in a file: line, column (characters, 1-based), id, kind.
Found = tuple[int, int, str, str]

_ITEM = re.compile(rb"[ \t,;\"'`(\[]*([A-Za-z0-9][A-Za-z0-9_.\-]{0,%d})" % MAX_TOKEN)
_TOKEN_CHAR = re.compile(rb"[A-Za-z0-9_.\-]")
_REST_OF_TOKEN = re.compile(rb"[A-Za-z0-9_.\-]*")
#: By byte value: a letter, digit or underscore (a marker glued to a word is no marker) ...
_WORD = tuple(chr(b).isascii() and (chr(b).isalnum() or chr(b) == "_") for b in range(256))
#: ... and those or ``-`` (an id glued to a word or a hyphen is part of something longer).
_ID_CHAR = tuple(_WORD[b] or b == ord("-") for b in range(256))


@dataclass(frozen=True)
class Scanner:
    """The compiled patterns for one kind of file (one ``[trace.patterns]`` profile).

    Ids and markers are found with ``bytes.find`` per literal (memchr speed, and a regex that
    starts with a lookbehind or ignores case cannot use its literal-prefix search: that was
    eight times slower); the word boundary before each hit is checked by hand.
    """

    shapes: IdShapes
    prefixes: tuple[bytes, ...] | None  # None: too many prefixes, ``candidates`` finds ids
    candidates: re.Pattern[bytes]
    markers: tuple[tuple[bytes, str, bool], ...]  # lower-cased marker, kind, needs a boundary before it
    comments: re.Pattern[bytes] | None
    pattern: re.Pattern[str] | None

    @classmethod
    def build(cls, shapes: IdShapes, markers: tuple[str, ...], comments: tuple[str, ...]) -> Scanner:
        prefixes = tuple(p.encode("ascii") for p in shapes.prefixes) if len(shapes.prefixes) <= MAX_PREFIXES else None
        compiled = tuple(
            (m.lower().encode("ascii"), PYTEST if m.lower().startswith("@pytest") else MARKER, m[0].isalnum()) for m in markers
        )
        return cls(shapes, prefixes, shapes.candidate_regex(), compiled, _openers(comments), shapes.compiled_pattern())

    def scan(self, data: bytes) -> list[Found]:
        """Every mention in ``data``, in file order."""
        if self.prefixes is not None and self.pattern is None and not any(prefix in data for prefix in self.prefixes):
            return []  # every id that counts starts with a known prefix: none here, nothing to find
        memo: dict[bytes, str | None] = {}
        raw, spans = self._after_markers(data, memo)
        if self.comments is not None:
            raw.extend(self._bare(data, spans, memo))
            raw.sort()
        return _place(data, raw, self.comments)

    def ids_in(self, data: bytes) -> list[Found]:
        """Every id-shaped word in a short text (a test's name), wherever it stands."""
        raw: list[Raw] = []
        for start, stop in self._candidate_spans(data):
            text = None if _TOKEN_CHAR.match(data, stop) else self._accept(data[start:stop])
            if text is not None:
                raw.append((start, text, COMMENT, False))
        return _place(data, raw, None)

    def _accept(self, token: bytes, memo: dict[bytes, str | None] | None = None) -> str | None:
        """The id ``token`` names, or None when it does not look like one (answers remembered per file)."""
        if memo is not None and token in memo:
            return memo[token]
        text: str | None = trim(token.decode("ascii"))
        if not self.shapes.looks_like_id(text or "", self.pattern):
            text = None
        if memo is not None:
            memo[token] = text
        return text

    def _after_markers(self, data: bytes, memo: dict[bytes, str | None]) -> tuple[list[Raw], list[tuple[int, int]]]:
        """Ids listed after each marker on its line; the spans those lists cover."""
        found: list[Raw] = []
        spans: list[tuple[int, int]] = []
        if not self.markers:
            return found, spans
        end = 0
        for start, pos, kind in self._marker_hits(data):
            if start < end:
                continue  # inside the previous list: every byte is read once
            while True:
                item = _ITEM.match(data, pos)
                if item is None:
                    break
                pos = item.end()
                if _TOKEN_CHAR.match(data, pos):  # longer than any id: skip the whole run
                    rest = _REST_OF_TOKEN.match(data, pos)
                    pos = rest.end() if rest is not None else pos
                    continue
                text = self._accept(item.group(1), memo)
                if text is not None:
                    found.append((item.start(1), text, kind, False))
            end = pos
            spans.append((start, end))
        return found, spans

    def _marker_hits(self, data: bytes) -> list[tuple[int, int, str]]:
        """(start, end, kind) of every marker not glued to a word before it, by start (longest first)."""
        lowered = data.lower()
        hits: list[tuple[int, int, str]] = []
        for marker, kind, bounded in self.markers:
            at = lowered.find(marker)
            while at >= 0:
                if not (bounded and at and _WORD[lowered[at - 1]]):
                    hits.append((at, at + len(marker), kind))
                at = lowered.find(marker, at + 1)
        hits.sort(key=lambda hit: (hit[0], -hit[1]))
        return hits

    def _candidate_spans(self, data: bytes) -> list[tuple[int, int]]:
        """(start, end) of every id-shaped run that starts with a known prefix, by start."""
        if self.prefixes is None:
            return [m.span() for m in self.candidates.finditer(data)]
        starts: set[int] = set()
        for prefix in self.prefixes:
            at = data.find(prefix)
            while at >= 0:
                if not (at and _ID_CHAR[data[at - 1]]):
                    starts.add(at)
                at = data.find(prefix, at + 1)
        spans = []
        for start in sorted(starts):
            run = _REST_OF_TOKEN.match(data, start, start + MAX_TOKEN + 1)
            spans.append((start, run.end() if run is not None else start))
        return spans

    def _bare(self, data: bytes, spans: list[tuple[int, int]], memo: dict[bytes, str | None]) -> list[Raw]:
        found: list[Raw] = []
        index = 0
        for start, stop in self._candidate_spans(data):
            while index < len(spans) and spans[index][1] <= start:
                index += 1
            if index < len(spans) and spans[index][0] <= start:
                continue  # already read as part of a marker's list
            if _TOKEN_CHAR.match(data, stop):
                continue  # cut at MAX_TOKEN: too long to be an id
            text = self._accept(data[start:stop], memo)
            if text is not None:
                found.append((start, text, COMMENT, True))
        return found


def _openers(comments: tuple[str, ...]) -> re.Pattern[bytes] | None:
    """A comment opener on a line; a lone ``*`` only counts at the start of a line (block comments)."""
    if not comments:
        return None
    parts = [rb"^[ \t]*\*" if c == "*" else re.escape(c.encode("ascii")) for c in sorted(comments, key=lambda c: (-len(c), c))]
    return re.compile(b"|".join(parts), re.MULTILINE)


def _place(data: bytes, raw: list[Raw], comments: re.Pattern[bytes] | None) -> list[Found]:
    """Line and column of each mention, counted incrementally; bare ids outside comments dropped."""
    found: list[Found] = []
    line, line_start, previous = 1, 0, 0
    reference, chars = 0, 0
    opener_line, opener = -1, -1
    for pos, text, kind, needs_comment in raw:
        newlines = data.count(b"\n", previous, pos)
        if newlines:
            line += newlines
            line_start = data.rfind(b"\n", previous, pos) + 1
            reference, chars = line_start, 0
        previous = pos
        if needs_comment:
            if opener_line != line_start:
                line_end = data.find(b"\n", pos)
                hit = comments.search(data, line_start, len(data) if line_end < 0 else line_end) if comments else None
                opener_line, opener = line_start, (hit.start() if hit is not None else -1)
            if opener < 0 or opener >= pos:
                continue
        chars += len(data[reference:pos].decode("utf-8", "replace"))
        reference = pos
        found.append((line, chars + 1, text, kind))
    return found
