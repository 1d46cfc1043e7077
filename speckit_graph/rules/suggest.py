"""Closest-match suggestions ("did you mean ...") that stay cheap on 100,000 ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from speckit_graph.references import canonical_form

_SMALL = 5_000


class Suggester:
    """Index candidate strings once; answer many close-match queries."""

    def __init__(self, candidates: Iterable[str]) -> None:
        self.candidates = sorted(set(candidates))
        self._canonical: dict[str, list[str]] = {}
        self._by_prefix: dict[str, list[str]] = {}
        for candidate in self.candidates:
            self._canonical.setdefault(canonical_form(candidate), []).append(candidate)
            self._by_prefix.setdefault(candidate[:6].lower(), []).append(candidate)

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        exact = self._canonical.get(canonical_form(word))
        if exact:
            return exact[:limit]
        pool: Sequence[str] = self.candidates
        if len(pool) > _SMALL:  # a typo in the first characters is rare; comparing all would be slow
            pool = self._by_prefix.get(word[:6].lower(), [])[:_SMALL]
        return difflib.get_close_matches(word, pool, n=limit, cutoff=0.82)


def did_you_mean(options: Sequence[str]) -> str:
    if not options:
        return ""
    quoted = ", ".join(f"'{o}'" for o in options)
    return f"; did you mean {quoted}?"
