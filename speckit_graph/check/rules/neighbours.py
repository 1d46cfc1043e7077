"""Linked specs by kind name, both directions, built once per check in one pass over the links.

The project's rules (SG6xx and declarative ``[[rules]]``) name kinds as the configuration
does: ``parent``, ``dependencies`` (or ``depends_on``), ``related``, a named kind from
``[links]`` (``implements``), and the reverse kinds ``children`` and ``dependents``.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence

from speckit_graph.core.model import LinkKind
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


_BASE_NAME = {LinkKind.PARENT: "parent", LinkKind.DEPENDS_ON: "dependencies", LinkKind.RELATED: "related"}
_REVERSE_NAME = {LinkKind.PARENT: "children", LinkKind.DEPENDS_ON: "dependents"}
#: The last graph indexed (held weakly) and its index: every rule of one check asks for the same graph.
_last: list[tuple[weakref.ref[SpecGraph], int, Neighbours]] = []


def neighbours(graph: SpecGraph) -> Neighbours:
    """The index of ``graph``, built once per check however many rules ask for it."""
    edges = len(graph.edges)
    if _last and _last[0][0]() is graph and _last[0][1] == edges:
        return _last[0][2]
    index = Neighbours(graph)
    _last[:] = [(weakref.ref(graph), edges, index)]
    return index


class Neighbours:
    """``targets(spec_id, kind_name)``: the ids a spec links to by that name, in link order, each once."""

    def __init__(self, graph: SpecGraph) -> None:
        forward: dict[tuple[str, str], dict[str, None]] = {}
        for link in graph.links():
            source, target = link.source, link.target
            if source == target:
                continue
            forward.setdefault((source, _BASE_NAME[link.kind]), {})[target] = None
            if link.label is not None:
                forward.setdefault((source, link.label), {})[target] = None
            reverse = _REVERSE_NAME.get(link.kind)
            if reverse is not None:
                forward.setdefault((target, reverse), {})[source] = None
        self._targets: Mapping[tuple[str, str], Sequence[str]] = {key: tuple(values) for key, values in forward.items()}

    def targets(self, spec_id: str, kind: str) -> Sequence[str]:
        return self._targets.get((spec_id, "dependencies" if kind == "depends_on" else kind), _EMPTY)

    def first(self, spec_id: str, kind: str) -> str | None:
        targets = self.targets(spec_id, kind)
        return targets[0] if targets else None
