"""Characters as the protocol counts them: UTF-16 code units unless the client asked for UTF-8 or UTF-32.

Everything else in the server counts characters in code points (Python's ``str``
indices). A position coming in is turned into code points with :meth:`Encoder.points`
before any feature sees it; every range going out (diagnostics, locations, links,
symbols, hover) goes through :meth:`Encoder.convert`, which reads the line it lies on
from the editor's buffer or the file. A line of ASCII needs no conversion; a character
outside the Basic Multilingual Plane (an emoji) is 2 UTF-16 units and 4 UTF-8 units.
Lines are split as the protocol splits them: at ``\\n``, ``\\r\\n`` and ``\\r`` only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types as lsp

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def protocol_lines(text: str) -> list[str]:
    """``text`` split into lines as the protocol numbers them."""
    return _LINE_BREAK.split(text)


def _width(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 1


def to_units(line: str, index: int, encoding: str) -> int:
    """The code point offset ``index`` in ``line`` as the client counts it."""
    if encoding == UTF32 or line.isascii():
        return index
    return sum(_width(char, encoding) for char in line[:index])


def from_units(line: str, units: int, encoding: str) -> int:
    """The client's offset ``units`` in ``line`` as a code point offset (past the end: the line's end;
    inside a character: that character)."""
    if encoding == UTF32 or line.isascii():
        return max(0, min(units, len(line)))
    counted = 0
    for index, char in enumerate(line):
        if counted >= units:
            return index
        counted += _width(char, encoding)
    return len(line)


@dataclass
class Encoder:
    """Converts positions of any document, reading its lines once per request through ``text_of(uri)``."""

    encoding: str  # "utf-8", "utf-16" or "utf-32" (any other: utf-16, the protocol's default)
    text_of: Callable[[str], str]
    _lines: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        value = getattr(self.encoding, "value", self.encoding)  # a PositionEncodingKind or its string
        self.encoding = value if value in (UTF8, UTF16, UTF32) else UTF16

    def _line(self, uri: str, number: int) -> str:
        lines = self._lines.get(uri)
        if lines is None:
            lines = self._lines[uri] = protocol_lines(self.text_of(uri))
        return lines[number] if 0 <= number < len(lines) else ""

    def points(self, uri: str, position: lsp.Position) -> lsp.Position:
        """A client position as code points."""
        if self.encoding == UTF32:
            return position
        line = self._line(uri, position.line)
        return lsp.Position(line=position.line, character=from_units(line, position.character, self.encoding))

    def units(self, uri: str, position: lsp.Position) -> lsp.Position:
        if self.encoding == UTF32:
            return position
        line = self._line(uri, position.line)
        return lsp.Position(line=position.line, character=to_units(line, position.character, self.encoding))

    def range(self, uri: str, span: lsp.Range) -> lsp.Range:
        return lsp.Range(start=self.units(uri, span.start), end=self.units(uri, span.end))

    def convert(self, uri: str, result: Any) -> Any:
        """A feature's result with every range in client units (``uri``: the document asked about)."""
        if self.encoding == UTF32 or result is None:
            return result
        if isinstance(result, list):
            return [self.convert(uri, item) for item in result]
        if isinstance(result, lsp.Location):
            return lsp.Location(uri=result.uri, range=self.range(result.uri, result.range))
        if isinstance(result, lsp.WorkspaceSymbol) and isinstance(result.location, lsp.Location):
            result.location = self.convert(uri, result.location)
        elif isinstance(result, lsp.DocumentSymbol):
            result.range, result.selection_range = self.range(uri, result.range), self.range(uri, result.selection_range)
            result.children = self.convert(uri, result.children)
        elif isinstance(result, (lsp.DocumentLink, lsp.Diagnostic, lsp.Hover)) and result.range is not None:
            result.range = self.range(uri, result.range)
        elif isinstance(result, lsp.CompletionList):
            for item in result.items:
                if isinstance(item.text_edit, lsp.TextEdit):
                    item.text_edit.range = self.range(uri, item.text_edit.range)
        return result
