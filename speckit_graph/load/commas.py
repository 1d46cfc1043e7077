"""Commas that separate references, and commas that belong to one (inside brackets or backticks).

``requires: SNIP-5, SNIP-12, Session Keys SNIP (starknet-io/SNIPs#163, `SNIPS/snip-x.md`)``
names three things: the comma inside the parentheses is part of the third one's text. Splitting
there made two references out of one, each naming something its source never wrote.
"""

from __future__ import annotations

_OPEN = {"(": ")", "[": "]"}


def top_level_pieces(text: str) -> list[str]:
    """``text`` split on the commas outside ``(...)``, ``[...]`` and backticks; linear in ``text``.

    When brackets or backticks do not close, they say nothing about grouping: every comma splits.
    """
    pieces: list[str] = []
    closers: list[str] = []
    in_code = False
    start = 0
    for index, char in enumerate(text):
        if char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char in _OPEN:
            closers.append(_OPEN[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif char == "," and not closers:
            pieces.append(text[start:index])
            start = index + 1
    if closers or in_code:
        return text.split(",")
    pieces.append(text[start:])
    return pieces
