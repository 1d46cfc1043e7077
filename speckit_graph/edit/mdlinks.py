"""The link targets of a Markdown body, as byte spans: what ``move`` rewrites in prose.

Finds inline links and images (``[text](target "title")``, ``![alt](<target>)``) and link
reference definitions (``[label]: target``) after the frontmatter, line by line, and never
inside a fenced code block, an indented code block or a code span: code samples keep their
bytes. Every pattern is linear in the line's length (no nested quantifier can backtrack), so
hostile bodies stay cheap. A link whose target or title spans lines is not found (rare).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

_BOM = b"\xef\xbb\xbf"
_OPENING = re.compile(rb"---[ \t]*\r?\n")
_CLOSING = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_FENCE = re.compile(rb"^ {0,3}(?P<fence>`{3,}|~{3,})")
_LIST_ITEM = re.compile(rb"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|\r?$)")
_TICKS = re.compile(rb"`+")
_OPEN = re.compile(rb"(?<!\\)\[")
_DEST = rb"(?P<dest><[^<>\n]*>|(?:[^\s()<>\\]|\\[^\s]|\((?:[^\s()\\]|\\[^\s])*\))+)"
_TITLE = rb"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?"
_INLINE = re.compile(rb"(?<!\\)\]\([ \t]*" + _DEST + _TITLE + rb"[ \t]*\)")
_DEFINITION = re.compile(rb"^ {0,3}\[[^\[\]\n]+\]:[ \t]*" + _DEST + rb"(?=[ \t]|\r?$)")


@dataclass(frozen=True)
class LinkTarget:
    """The target of one link: bytes ``[start, end)`` of the file (inside ``<...>`` when ``angle``)."""

    start: int
    end: int
    text: str
    angle: bool


def body_start(data: bytes) -> int:
    """The byte offset where the body starts: after the first frontmatter block, or 0 without one."""
    start = len(_BOM) if data.startswith(_BOM) else 0
    opening = _OPENING.match(data, start)
    if opening is None:
        return 0
    closing = _CLOSING.search(data, opening.end())
    if closing is None:
        return len(data)  # never closed: all of it is frontmatter, there is no body
    return closing.end()


def body_links(data: bytes) -> Iterator[LinkTarget]:
    """Every link target of the body of ``data`` (a file's bytes), in order, outside code."""
    offset = body_start(data)
    fence: bytes | None = None
    blank_before, in_code, in_list = True, False, False
    for line in data[offset:].splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        content = line.rstrip(b"\r\n")
        if fence is not None:  # inside a fenced block: only its closing fence ends it
            if content.strip(b" ").startswith(fence) and not content.strip(b" ").strip(fence[:1]):
                fence = None
            continue
        opened = _FENCE.match(content)
        if opened is not None:
            fence, blank_before, in_code = opened.group("fence"), False, False
            continue
        blank = not content.strip()
        indented = content.startswith((b"    ", b"\t"))
        in_code = not blank and indented and not in_list and (blank_before or in_code)
        if not blank and not indented:
            in_list = _LIST_ITEM.match(content) is not None or (in_list and not blank_before)
        blank_before = blank
        if in_code or blank:
            continue
        yield from _line_links(content, start)


def _line_links(content: bytes, start: int) -> Iterator[LinkTarget]:
    spans = _code_spans(content)
    opens = [m.start() for m in _OPEN.finditer(content) if not _inside(m.start(), spans)]
    found = [m for m in (_DEFINITION.match(content), *_INLINE.finditer(content)) if m is not None]
    used = -1  # a link's text opens with an unescaped '[' after the previous link
    for match in found:
        at = bisect.bisect_right(opens, match.start()) - 1
        if _inside(match.start(), spans) or at < 0 or opens[at] <= used:
            continue
        used = match.end()
        lo, hi = match.span("dest")
        angle = content[lo : lo + 1] == b"<"
        if angle:
            lo, hi = lo + 1, hi - 1
        yield LinkTarget(start + lo, start + hi, content[lo:hi].decode("utf-8", "surrogateescape"), angle)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    at = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return at >= 0 and spans[at][0] <= position < spans[at][1]


def _code_spans(content: bytes) -> list[tuple[int, int]]:
    """The ``[start, end)`` ranges of the line's code spans (a run of N backticks to the next run of N)."""
    runs = [m.span() for m in _TICKS.finditer(content)]
    following: list[int | None] = [None] * len(runs)  # the next run of the same length: linear, not quadratic
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        size = runs[index][1] - runs[index][0]
        following[index] = seen.get(size)
        seen[size] = index
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[closing][1]))
        index = closing + 1
    return spans
