"""Proposing a type hierarchy from the parent links a repository already has.

``init`` counts, over resolved parent links, which type parents which, and which types
appear without a parent. The user confirms the result: it is written as a commented
``[types.<name>]`` block, since a hierarchy read off the data also learns its mistakes
(a rare pair may be a defect, which is what SG601 and SG602 are for).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from speckit_graph.core.model import LinkKind, Spec

#: A type is proposed as a root type when at least this share of its specs have no parent
#: (the few that have one are then reported, which is the point: they are likely mistakes).
ROOT_RATE = 0.9
#: At most this many types are proposed (the rest are counted in a note).
MAX_TYPES = 50


@dataclass
class ObservedHierarchy:
    """``pairs[(child_type, parent_type)]`` counts parent links; ``specs``/``rootless`` count specs per type."""

    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    specs: Counter[str] = field(default_factory=Counter)
    rootless: Counter[str] = field(default_factory=Counter)

    def parents_of(self, child: str) -> list[tuple[str, int]]:
        """The parent types seen for ``child``, most frequent first (ties by name)."""
        seen = [(parent, count) for (kid, parent), count in self.pairs.items() if kid == child]
        return sorted(seen, key=lambda item: (-item[1], item[0]))

    def types(self) -> list[str]:
        """Types worth a block: those with specs, in name order, at most MAX_TYPES."""
        return sorted(self.specs)[:MAX_TYPES]

    def is_root(self, name: str) -> bool:
        total = self.specs[name]
        return total >= 2 and self.rootless[name] >= ROOT_RATE * total


def observe(
    specs: Iterable[Spec], fold: Callable[[str], str] = str, type_of: Callable[[Spec], str | None] = lambda s: s.type
) -> ObservedHierarchy:
    """One pass over the specs and their parent links (only links to a spec of this repository count).

    Types are ``type_of`` (the configuration's: the field, or ``type-from-id``) in the form
    ``fold`` gives (the vocabulary's: case-folded with ``ignore-case``).
    """
    listed = list(specs)
    types = {spec.id: fold(kind) for spec in listed if (kind := type_of(spec))}
    observed = ObservedHierarchy()
    for spec in listed:
        if spec.id not in types:
            continue
        kind = types[spec.id]
        observed.specs[kind] += 1
        parents = {link.target for link in spec.links if link.kind is LinkKind.PARENT and link.target != spec.id}
        known = [types[target] for target in sorted(parents) if target in types]
        if not parents:
            observed.rootless[kind] += 1
        for parent_type in dict.fromkeys(known):
            observed.pairs[(kind, parent_type)] += 1
    return observed
