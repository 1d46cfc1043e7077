"""``tree``: one spec's neighbourhood (ancestors, children, dependencies, dependents, related)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import require_ids
from speckit_graph.graph.tree import DIRECTIONS, LEGACY_DIRECTIONS, SpecTree, build_tree
from speckit_graph.trace.matrix import SpecFiles, spec_files
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session
from speckit_graph.usecases.trace import with_trace


@dataclass(frozen=True)
class TreeRequest:
    """``direction``: deps, dependents or both (the old words still work); ``kinds`` None follows every link kind."""

    spec_id: str
    load: LoadOptions = field(default_factory=LoadOptions)
    direction: str = "both"
    depth: int | None = None
    kinds: frozenset[LinkKind] | None = None


@dataclass(frozen=True)
class TreeOutcome(Outcome):
    """The trees, plus the configuration whose lifecycle colours them."""

    tree: SpecTree
    config: Config
    #: With ``[trace]``: the code and test files that mention the spec (None: not traced).
    files: SpecFiles | None = None


def run_tree(request: TreeRequest) -> TreeOutcome:
    with session(request.load) as loader:
        graph = loader.load()
    tree = spec_tree(graph, request.spec_id, request.direction, request.depth, request.kinds)
    notes = list(loader.notes)
    graph = with_trace(graph, loader.config, request.load, notes)
    files = spec_files(tree.root.id, graph.trace) if graph.trace is not None else None
    return TreeOutcome(tree=tree, config=loader.config, files=files, notes=tuple(notes))


def spec_tree(
    graph: SpecGraph,
    spec_id: str,
    direction: str = "both",
    depth: int | None = None,
    kinds: Collection[LinkKind] | None = None,
) -> SpecTree:
    """Ancestors, children, dependencies, dependents and related specs of ``spec_id`` as trees.

    ``direction`` is deps, dependents or both (the old all, up, down and related still work);
    ``kinds`` narrows the link kinds followed (None: all). UsageError (exit 2) for an id no
    spec has, with the closest ids as suggestions.
    """
    if direction in LEGACY_DIRECTIONS:
        direction, legacy_kinds = LEGACY_DIRECTIONS[direction]
        kinds = legacy_kinds if kinds is None else legacy_kinds & set(kinds)
    if direction not in DIRECTIONS:
        raise UsageError(f"unknown direction {direction!r} (known: {', '.join(DIRECTIONS)})")
    if depth is not None and depth < 1:
        raise UsageError("--depth must be at least 1")
    require_ids([spec_id], graph.specs_by_id)
    return build_tree(graph, spec_id, direction, depth, tuple(LinkKind) if kinds is None else kinds)  # type: ignore[arg-type]
