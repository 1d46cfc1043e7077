"""Empty-link markers (``N/A``, ``TBD``, ``<*>``): whether a link entry says "no link" rather than naming a spec.

Asked for every link entry of every file, so the configured markers are compiled once into
a set of exact texts and a few wildcard patterns, and the last marker tuple asked about is
recognised by identity.
"""

from __future__ import annotations

import re
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
    return any(pattern.fullmatch(lowered) for pattern in wildcards) if wildcards else False


#: The marker tuple last asked about and its matcher: found by identity, without hashing the tuple.
_LAST_MATCHER: list[Any] = [None, None]


_MARKERS: dict[tuple[str, ...], tuple[frozenset[str], tuple[re.Pattern[str], ...]]] = {}


def _marker_matcher(markers: tuple[str, ...]) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The markers as a set of exact (lowered) texts and compiled wildcards, built once per marker list."""
    matcher = _MARKERS.get(markers)
    if matcher is None:
        patterns = [marker.strip().lower() for marker in markers]
        exact = frozenset(p for p in patterns if "*" not in p)
        wildcards = tuple(_wildcard(p) for p in patterns if "*" in p)
        matcher = (exact, wildcards)
        if len(_MARKERS) < 64:  # one or two configurations per process; bounded all the same
            _MARKERS[markers] = matcher
    return matcher


_WILDCARDS: dict[str, re.Pattern[str]] = {}


def _wildcard(pattern: str) -> re.Pattern[str]:
    compiled = _WILDCARDS.get(pattern)
    if compiled is None:
        compiled = re.compile(".*".join(re.escape(piece) for piece in pattern.split("*")), re.DOTALL)
        _WILDCARDS[pattern] = compiled
    return compiled
