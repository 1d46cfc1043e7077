"""Closest-match suggestions ("did you mean ...") that stay cheap on 100,000 ids."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Collection, Iterable, Sequence

from speckit_graph.core.errors import UsageError
from speckit_graph.load.references import canonical_form

#: Candidates compared per query: the whole list when it is this short, else neighbours.
_WINDOW = 16
#: Longer ids (and queries) are never compared with difflib, whose cost grows with the product
#: of the two lengths: 70 ids of 8,000 characters made one unresolved reference cost 14 s.
#: A typo in an id this long is not what a suggestion helps with; exact canonical matches still count.
MAX_SUGGEST_LENGTH = 100


class Suggester:
    """Index candidate strings once; answer many close-match queries in bounded time each.

    A typo leaves either the start or the end of an id intact, so the candidates worth
    comparing sit next to the query in the sorted list of ids or in the sorted list of
    reversed ids. Each query compares at most ``4 * _WINDOW`` candidates with difflib
    (never all ids, which made one query cost 0.3 s on 10,000 specs), and repeated
    queries are answered from memory.
    """

    def __init__(self, candidates: Iterable[str]) -> None:
        self.candidates = sorted(set(candidates))
        self._canonical: dict[str, list[str]] = {}
        for candidate in self.candidates:
            self._canonical.setdefault(canonical_form(candidate), []).append(candidate)
        self._comparable = [c for c in self.candidates if len(c) <= MAX_SUGGEST_LENGTH]
        self._small = len(self._comparable) <= 4 * _WINDOW
        self._forward: list[tuple[str, str]] = []
        self._backward: list[tuple[str, str]] = []
        if not self._small:
            self._forward = sorted((c.lower(), c) for c in self._comparable)
            self._backward = sorted((c.lower()[::-1], c) for c in self._comparable)
        self._answers: dict[tuple[str, int], list[str]] = {}

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        key = (word, limit)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = self._suggest(word, limit)
        return list(answer)

    def _suggest(self, word: str, limit: int) -> list[str]:
        exact = self._canonical.get(canonical_form(word))
        if exact:
            return exact[:limit]
        if len(word) > MAX_SUGGEST_LENGTH:
            return []
        pool: Sequence[str] = self._comparable if self._small else self._neighbours(word)
        return difflib.get_close_matches(word, pool, n=limit, cutoff=0.82)

    def _neighbours(self, word: str) -> list[str]:
        lowered = word.lower()
        pool: set[str] = set()
        for index, probe in ((self._forward, lowered), (self._backward, lowered[::-1])):
            at = bisect.bisect_left(index, (probe, ""))
            pool.update(candidate for _key, candidate in index[max(0, at - _WINDOW) : at + _WINDOW])
        return sorted(pool)


def did_you_mean(options: Sequence[str]) -> str:
    if not options:
        return ""
    quoted = ", ".join(f"'{o}'" for o in options)
    return f"; did you mean {quoted}?"


def unknown_id_message(spec_id: str, known: Iterable[str] | Suggester, what: str = "", more: int = 0) -> str:
    """The one wording for an id no spec has, with the closest ids: every command says it the same way.

    ``what`` names where the id came from (``--root``, ``highlight``); ``more`` counts
    further unknown ids given together with this one.
    """
    suggester = known if isinstance(known, Suggester) else Suggester(known)
    where = f"{what}: " if what else ""
    rest = f" (and {more} more unknown)" if more else ""
    return f"{where}no spec has the id '{spec_id}'{did_you_mean(suggester.suggest(spec_id))}{rest}"


def require_ids(ids: Iterable[str], known: Collection[str], what: str = "") -> None:
    """Raise UsageError (exit 2) naming the first of ``ids`` that is not in ``known``."""
    unknown = [spec_id for spec_id in ids if spec_id not in known]
    if unknown:
        raise UsageError(unknown_id_message(unknown[0], known, what, more=len(unknown) - 1))
