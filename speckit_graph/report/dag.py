"""Graph algorithms the report views share, kept linear (or bit-parallel) for 100,000 specs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import networkx as nx

#: Targets handled per pass of :func:`waiting_counts`; memory is nodes x CHUNK / 8 bytes.
CHUNK = 4096


def dependency_view(kind_graph: nx.DiGraph, nodes: Iterable[str]) -> nx.DiGraph:
    """An independent copy of ``kind_graph`` restricted to ``nodes``."""
    return nx.DiGraph(kind_graph.subgraph(nodes))


def cycle_of(view: nx.DiGraph, component: Iterable[str]) -> tuple[str, ...]:
    """One concrete cycle through a strongly connected component, rotated to its smallest id.

    Shaped like ``SpecGraph.find_cycles`` so a cycle reads the same in ``check`` and here.
    """
    members = set(component)
    start = min(members)
    edges = nx.find_cycle(view.subgraph(members), source=start)
    cycle = [str(source) for source, _target in edges]
    pivot = cycle.index(min(cycle))
    return tuple(cycle[pivot:] + cycle[:pivot])


def cyclic_components(view: nx.DiGraph) -> list[list[str]]:
    """Components of two or more specs that depend on each other, sorted."""
    return sorted(sorted(c) for c in nx.strongly_connected_components(view) if len(c) > 1)


def waiting_counts(view: nx.DiGraph, targets: Sequence[str]) -> dict[str, int]:
    """For each target, how many other nodes reach it along ``view``'s edges (transitively).

    An edge ``a -> b`` means "a waits on b". Counting reachability for every target one
    walk at a time is quadratic; instead the condensation DAG is swept once per CHUNK
    targets, carrying a bitset of reached targets per component, and the bitsets are summed
    column-wise with a bit-sliced counter. Cost: O((nodes + edges) x targets / CHUNK)
    big-integer operations, which stays in seconds at 100,000 specs.
    """
    if not targets:
        return {}
    condensed = nx.condensation(view)
    mapping: Mapping[str, int] = condensed.graph["mapping"]
    order = list(reversed(list(nx.topological_sort(condensed))))  # dependencies first
    sizes = {c: len(condensed.nodes[c]["members"]) for c in condensed.nodes}
    successors: Callable[[int], Iterable[int]] = condensed.successors
    counts: dict[str, int] = {}
    for offset in range(0, len(targets), CHUNK):
        chunk = targets[offset : offset + CHUNK]
        own: dict[int, int] = {}
        for bit, target in enumerate(chunk):
            component = mapping[target]
            own[component] = own.get(component, 0) | (1 << bit)
        masks: dict[int, int] = {}
        slices: list[int] = []
        for component in order:
            mask = own.get(component, 0)
            for dependency in successors(component):
                mask |= masks[dependency]
            masks[component] = mask
            if mask:
                for _ in range(sizes[component]):
                    _add(slices, mask)
        for bit, target in enumerate(chunk):
            total = 0
            for level, plane in enumerate(slices):
                total |= ((plane >> bit) & 1) << level
            counts[target] = total - 1  # the target reaches itself
    return counts


def _add(slices: list[int], mask: int) -> None:
    """Add 1 to every counter whose bit is set in ``mask`` (bit-sliced ripple carry)."""
    carry = mask
    level = 0
    while carry:
        if level == len(slices):
            slices.append(carry)
            return
        plane = slices[level]
        slices[level] = plane ^ carry
        carry &= plane
        level += 1


def longest_path(view: nx.DiGraph, weight: Mapping[str, float]) -> tuple[str, ...]:
    """The heaviest chain through an acyclic ``view`` (edge ``a -> b``: a needs b first).

    Returned in build order (the first thing to do first). Ties go to the smaller id so
    the answer is deterministic. Linear in nodes + edges.
    """
    if view.number_of_nodes() == 0:
        return ()
    best: dict[str, float] = {}
    previous: dict[str, str | None] = {}
    for node in reversed(list(nx.topological_sort(view))):
        choice: str | None = None
        for dependency in sorted(view.successors(node)):
            if choice is None or best[dependency] > best[choice]:
                choice = dependency
        best[node] = weight.get(node, 0.0) + (best[choice] if choice is not None else 0.0)
        previous[node] = choice
    end = min(best, key=lambda n: (-best[n], n))
    path = [end]
    while (step := previous[path[-1]]) is not None:
        path.append(step)
    return tuple(reversed(path))
