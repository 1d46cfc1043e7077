"""Linked specs by kind name, both directions, built once per check in one pass over the links.

The project's rules (SG6xx and declarative ``[[rules]]``) name kinds as the configuration
does: ``parent``, ``dependencies`` (or ``depends_on``), ``related``, a named kind from
``[links]`` (``implements``), and the reverse kinds ``children`` and ``dependents``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from speckit_graph.core.model import Link, LinkKind
from speckit_graph.graph.specgraph import SpecGraph

#: Kind names that read the links of a base kind backwards.
REVERSE = {"children": LinkKind.PARENT, "dependents": LinkKind.DEPENDS_ON}
#: Names of the base kinds (a named kind is matched by its label).
BASE = {
    "parent": LinkKind.PARENT,
    "dependencies": LinkKind.DEPENDS_ON,
    "depends_on": LinkKind.DEPENDS_ON,
    "related": LinkKind.RELATED,
}
_EMPTY: tuple[str, ...] = ()


class Neighbours:
    """``targets(spec_id, kind_name)``: the ids a spec links to by that name, in link order, each once."""

    def __init__(self, graph: SpecGraph) -> None:
        forward: dict[tuple[str, str], list[str]] = {}
        for link in graph.links():
            if link.source == link.target:
                continue
            for name in _names(link):
                forward.setdefault((link.source, name), []).append(link.target)
                reverse = _reverse_name(link)
                if reverse is not None and name in BASE:
                    forward.setdefault((link.target, reverse), []).append(link.source)
        self._targets: Mapping[tuple[str, str], Sequence[str]] = {
            key: tuple(dict.fromkeys(values)) for key, values in forward.items()
        }

    def targets(self, spec_id: str, kind: str) -> Sequence[str]:
        return self._targets.get((spec_id, "dependencies" if kind == "depends_on" else kind), _EMPTY)

    def first(self, spec_id: str, kind: str) -> str | None:
        targets = self.targets(spec_id, kind)
        return targets[0] if targets else None


def _names(link: Link) -> tuple[str, ...]:
    """The kind names a link answers to: its base kind's and, for a named kind, its label too."""
    base = {LinkKind.PARENT: "parent", LinkKind.DEPENDS_ON: "dependencies", LinkKind.RELATED: "related"}[link.kind]
    return (base,) if link.label is None else (base, link.label)


def _reverse_name(link: Link) -> str | None:
    return {LinkKind.PARENT: "children", LinkKind.DEPENDS_ON: "dependents"}.get(link.kind)
