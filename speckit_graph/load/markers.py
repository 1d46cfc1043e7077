"""Empty-link markers (``N/A``, ``TBD``, ``<*>``): whether a link entry says "no link" rather than naming a spec.

Asked for every link entry of every file, so the configured markers are compiled once into
a set of exact texts and a few wildcard patterns, and the last marker tuple asked about is
recognised by identity.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def is_empty_marker(text: str, markers: Iterable[str]) -> bool:
    """True for "no link" markers such as ``N/A``; case-insensitive, ``*`` is a wildcard."""
    lowered = text.strip().lower()
    last = _LAST_MATCHER
    if last[0] is markers:  # asked for every link entry, nearly always with the configuration's one tuple
        exact, wildcards = last[1]
    else:
        exact, wildcards = _marker_matcher(tuple(markers))
        if type(markers) is tuple:
            _LAST_MATCHER[:] = [markers, (exact, wildcards)]
    if lowered in exact:
        return True
    return any(glob_match(pieces, lowered) for pieces in wildcards) if wildcards else False


#: The marker tuple last asked about and its matcher: found by identity, without hashing the tuple.
_LAST_MATCHER: list[Any] = [None, None]


Matcher = tuple[frozenset[str], tuple[tuple[str, ...], ...]]
_MARKERS: dict[tuple[str, ...], Matcher] = {}


def _marker_matcher(markers: tuple[str, ...]) -> Matcher:
    """The markers as a set of exact (lowered) texts and wildcards split at ``*``, built once per marker list."""
    matcher = _MARKERS.get(markers)
    if matcher is None:
        patterns = [marker.strip().lower() for marker in markers]
        exact = frozenset(p for p in patterns if "*" not in p)
        wildcards = tuple(tuple(p.split("*")) for p in patterns if "*" in p)
        matcher = (exact, wildcards)
        if len(_MARKERS) < 64:  # one or two configurations per process; bounded all the same
            _MARKERS[markers] = matcher
    return matcher


def glob_match(pieces: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` is ``pieces`` joined by runs of any characters (a ``*`` glob split at its stars).

    Linear in the text whatever the number of stars: the first piece must start the text,
    the last must end it, and each piece between is taken at its leftmost place after the
    previous one (the leftmost choice never loses a match). A regex ``a.*b.*c`` backtracks
    quadratically on a long value that almost matches.
    """
    first, last = pieces[0], pieces[-1]
    if len(text) < len(first) + len(last) or not text.startswith(first) or not text.endswith(last):
        return False
    position, end = len(first), len(text) - len(last)
    for piece in pieces[1:-1]:
        found = text.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True
