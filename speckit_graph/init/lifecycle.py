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
from speckit_graph.init.survey import KeyStat

DONE_WORDS = frozenset({
    "final", "living", "implemented", "done", "completed", "complete", "shipped", "released", "closed", "ratified",
})  # fmt: skip
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


# ---------------------------------------------------------------------------------------
# A status field recognised by its values (``ipip: ratified``, ``state: accepted``)

#: Working stages in the order proposals usually pass them; a done word ends the order.
STAGE_WORDS = (
    "idea", "pre-draft", "draft", "open", "wip", "work in progress", "proposal", "proposed", "provisional",
    "discussion", "under discussion", "in progress", "review", "in review", "under review", "last call",
    "implementable", "approved", "accepted",
)  # fmt: skip
_STAGE_RANK = {word: rank for rank, word in enumerate(STAGE_WORDS)}
#: Share of a key's written values that must be lifecycle words for init to call it the status.
STATUS_VALUE_SHARE = 0.8


def _word(value: str) -> str:
    return " ".join(value.replace("_", " ").split()).casefold()


def is_lifecycle_word(value: str) -> bool:
    """Whether ``value`` names a lifecycle stage or terminal status (Draft, ratified, Superseded by X)."""
    word = _word(value)
    return (
        word in _STAGE_RANK
        or word in DONE_WORDS
        or word in ABANDONED_WORDS
        or word in REDIRECT_WORDS
        or REDIRECT_PHRASE.match(value.strip()) is not None
    )


def status_key_by_values(stats: dict[str, KeyStat], files: int, excluded: set[str]) -> KeyStat | None:
    """The key that holds the status under another name: most of its values are lifecycle words.

    Asked only when no status key is written; a candidate needs a scalar value in at least
    a fifth of the files, at least :data:`STATUS_VALUE_SHARE` of its values lifecycle words,
    and two different ones (``type: proposal`` on every file is a type, not a lifecycle).
    """
    best: tuple[int, str] | None = None
    for stat in stats.values():
        if stat.key in excluded or stat.files < max(2, 0.2 * files):
            continue
        written = sum(stat.values.values())
        words = [value for value in stat.values if is_lifecycle_word(value)]
        hits = sum(stat.values[value] for value in words)
        if not written or hits < STATUS_VALUE_SHARE * stat.files or hits < STATUS_VALUE_SHARE * written:
            continue
        if len({_word(value) for value in words}) < 2:
            continue
        if best is None or (hits, stat.key) > best:
            best = (hits, stat.key)
    return None if best is None else stats[best[1]]


def propose_status_key(stat: KeyStat, overrides: dict[str, Any], notes: list[str]) -> None:
    """Map ``stat`` to status and propose the lifecycle its values spell (stages, done, abandoned, redirect)."""
    values = sorted((value for value in stat.values if is_lifecycle_word(value)), key=lambda v: (-stat.values[v], v))
    stages = sorted((v for v in values if _word(v) in _STAGE_RANK), key=lambda v: (_STAGE_RANK[_word(v)], v))
    done = [v for v in values if _word(v) in DONE_WORDS]
    abandoned = [v for v in values if _word(v) in ABANDONED_WORDS]
    redirect = [v for v in values if _word(v) in REDIRECT_WORDS]
    for value in values:  # the lead as written: patterns match case-sensitively unless ignore-case
        match = REDIRECT_PHRASE.match(value.strip())
        pattern = " ".join(match.group("lead").split()) + " *" if match else None
        if pattern and pattern not in redirect:
            redirect.append(pattern)
    literal = [v for v in values if REDIRECT_PHRASE.match(v.strip()) is None]
    if not done and stages:  # no done word: the furthest stage is where a release aims (MADR's accepted)
        done = [stages.pop()]
    overrides.setdefault("aliases", {})["status"] = [stat.key]
    order = [*stages, *done]
    overrides.setdefault("vocabulary", {}).update(
        {"status": [*order, *(v for v in literal if v not in order)], "lifecycle": order, "approval-status": ""}
    )
    overrides["lifecycle"] = {"stages": order, "done": done, "abandoned": abandoned, "redirect": redirect}
    counts = ", ".join(f"{value} {stat.values[value]}" for value in values)
    notes.append(
        f"status: no key is named status, but '{stat.key}' holds lifecycle words ({counts}); "
        f"it is mapped to status, stages {' -> '.join(order) or '(none)'}, done {', '.join(done) or '(none)'}"
        + (f", abandoned {', '.join(abandoned)}" if abandoned else "")
        + (f", redirect {', '.join(redirect)}" if redirect else "")
    )
