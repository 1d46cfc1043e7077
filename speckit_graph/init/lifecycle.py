"""Proposing a repository's lifecycle from the statuses its specs carry.

A status ``init`` has not met before is placed only when its name says where it belongs:
done (Final, Completed), abandoned (Withdrawn, Won't Do) or redirect (Moved, ``Superseded
by X``). Any other one is listed under ``[lifecycle] unordered`` with a note, never slotted
into the order of working stages, where it would make report and check judge by a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from speckit_graph.config.model import Vocabulary

DONE_WORDS = frozenset({"final", "living", "implemented", "done", "completed", "complete", "shipped", "released", "closed"})
ABANDONED_WORDS = frozenset({
    "withdrawn", "rejected", "stagnant", "deferred", "abandoned", "obsolete", "cancelled", "canceled",
    "won't do", "wontfix", "won't fix", "dropped", "retired", "deprecated", "declined", "archived",
})  # fmt: skip
REDIRECT_WORDS = frozenset({"moved", "replaced", "superseded", "duplicate"})
#: ``Superseded by FIP-0067``, ``Moved to X``, ``Replaced by X``: a redirect naming its target.
REDIRECT_PHRASE = re.compile(r"^(?P<lead>(?:superseded|replaced)\s+by|moved\s+to)\s+\S", re.IGNORECASE)


def redirect_patterns(seen: Counter[str], vocabulary: Vocabulary) -> list[str]:
    """``Superseded by *``-style patterns for redirect phrases seen that no pattern covers yet."""
    patterns: list[str] = []
    for value in sorted(seen):
        match = REDIRECT_PHRASE.match(value)
        if match is None or vocabulary.is_redirect(value):
            continue
        pattern = " ".join(match.group("lead").split()) + " *"
        pattern = pattern[0].upper() + pattern[1:]
        if pattern not in patterns:
            patterns.append(pattern)
    return patterns


def place_statuses(
    added: list[str], patterns: list[str], vocabulary: Vocabulary, overrides: dict[str, Any], notes: list[str]
) -> None:
    """Write ``[lifecycle]`` entries for new statuses (and redirect patterns), with notes saying where each went."""
    buckets: dict[str, list[str]] = {"done": [], "abandoned": [], "redirect": [], "unordered": []}
    for status in added:
        word = status.casefold()
        if word in DONE_WORDS:
            buckets["done"].append(status)
        elif word in ABANDONED_WORDS:
            buckets["abandoned"].append(status)
        elif word in REDIRECT_WORDS:
            buckets["redirect"].append(status)
        else:
            buckets["unordered"].append(status)
    buckets["redirect"] += patterns
    if not any(buckets.values()):
        return
    table = overrides.setdefault("lifecycle", {})
    current = {
        "done": vocabulary.done_statuses,
        "abandoned": vocabulary.abandoned,
        "redirect": vocabulary.redirect,
        "unordered": (),
    }
    for name, values in buckets.items():
        if values:
            table[name] = [*current[name], *values]
    placed = [f"{', '.join(v)} -> {name}" for name, v in buckets.items() if v and name != "unordered"]
    if placed:
        notes.append(f"statuses placed in [lifecycle] by their name: {'; '.join(placed)}")
    if buckets["unordered"]:
        notes.append(
            f"statuses init cannot place, listed under [lifecycle] unordered: {', '.join(buckets['unordered'])} "
            "(move each to stages, done, abandoned or redirect; until then report names them as outside the lifecycle)"
        )
