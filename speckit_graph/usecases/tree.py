"""``tree``: one spec's neighbourhood (ancestors, children, dependencies, dependents, related)."""

from __future__ import annotations

from dataclasses import dataclass, field

from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import require_ids
from speckit_graph.graph.tree import DIRECTIONS, SpecTree, build_tree
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session


@dataclass(frozen=True)
class TreeRequest:
    spec_id: str
    load: LoadOptions = field(default_factory=LoadOptions)
    direction: str = "all"
    depth: int | None = None


@dataclass(frozen=True)
class TreeOutcome(Outcome):
    """The trees, plus the configuration whose lifecycle colours them."""

    tree: SpecTree
    config: Config


def run_tree(request: TreeRequest) -> TreeOutcome:
    with session(request.load) as loader:
        graph = loader.load()
    return TreeOutcome(tree=spec_tree(graph, request.spec_id, request.direction, request.depth), config=loader.config)


def spec_tree(graph: SpecGraph, spec_id: str, direction: str = "all", depth: int | None = None) -> SpecTree:
    """Ancestors, children, dependencies, dependents and related specs of ``spec_id`` as trees.

    UsageError (exit 2) for an id no spec has, with the closest ids as suggestions.
    """
    if direction not in DIRECTIONS:
        raise UsageError(f"unknown direction {direction!r} (known: {', '.join(DIRECTIONS)})")
    if depth is not None and depth < 1:
        raise UsageError("--depth must be at least 1")
    require_ids([spec_id], graph.specs_by_id)
    return build_tree(graph, spec_id, direction, depth)  # type: ignore[arg-type]
