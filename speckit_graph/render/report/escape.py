"""Escaping user strings (titles, ids, authors, messages) for the report formats.

``report`` may not import ``export`` (layering), so the terminal escape lives here too;
tests assert it behaves exactly like ``speckit_graph.render.escape.terminal``.
"""

from __future__ import annotations

import html
import re

# C0/C1 control characters (ESC starts terminal sequences), DEL, and bidi overrides/isolates
# that can make a line read differently from what it contains.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Every ASCII punctuation character CommonMark lets a backslash escape and that can start
# markup inline: emphasis, code, links, images, HTML, tables, strikethrough, math, entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
# Characters that only mean something at the start of a line (lists, headings, quotes).
_MARKDOWN_LEADING = re.compile(r"^([-+])")
_MARKDOWN_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_MENTION = re.compile(r"(?<![\w.+-])@(?=[A-Za-z0-9])")  # "@name", not "eve@example.com"


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """Safe to print: control characters and bidi overrides become visible escapes."""
    text = text.replace("\r\n", "\n").replace("\n", "\\n").replace("\t", " ")
    return _UNSAFE.sub(_visible, text)


def one_line(text: str) -> str:
    """Line breaks and tabs become spaces; control and bidi characters become visible escapes."""
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return _UNSAFE.sub(_visible, text)


def markdown(text: str) -> str:
    """Literal text in GitHub-flavoured Markdown, also inside a table cell.

    Markup characters are backslash-escaped (``|`` included, so cells never split), and an
    ``@`` before a name gets a zero-width space so a spec author is not pinged by a PR comment.
    """
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))
    text = _MARKDOWN_LEADING.sub(r"\\\1", text)
    text = _MARKDOWN_ORDERED.sub(r"\1\\\2", text)
    return _MENTION.sub("@\u200b", text)


def html_text(text: str) -> str:
    """Text for HTML element content and quoted attribute values."""
    return html.escape(one_line(text), quote=True)
