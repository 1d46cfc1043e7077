"""Escaping user strings for each output target; every renderer goes through here."""

from __future__ import annotations

import re

# C0/C1 control characters (ESC starts terminal sequences), DEL, and bidi overrides/isolates
# that can make a line read differently from what it contains.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal(text: str) -> str:
    """Make a user string safe to print: control characters and bidi overrides become visible escapes."""
    text = text.replace("\r\n", "\n").replace("\n", "\\n").replace("\t", " ")
    return _TERMINAL_UNSAFE.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
