"""Graph algorithms the report views share, linear (or bit-parallel) for 100,000 specs.

They work on plain adjacency dicts (``{spec: [what it depends on]}``) rather than networkx
graphs: building and walking a networkx copy of a 100,000-spec scope costs several seconds
on its own. An edge ``a -> b`` always means "a needs b first".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import networkx as nx

#: Targets handled per pass of :func:`waiting_counts`; memory is about nodes x CHUNK / 8 bytes.
CHUNK = 4096

Adjacency = dict[str, list[str]]


def restrict(successors: Callable[[str], Iterable[str]], nodes: Iterable[str]) -> Adjacency:
    """``{node: sorted successors inside nodes}``, self-loops dropped, nodes in the given order."""
    node_set = nodes if isinstance(nodes, (set, frozenset, dict)) else set(nodes)
    return {node: sorted(t for t in successors(node) if t in node_set and t != node) for node in node_set}


def predecessors(adjacency: Mapping[str, Sequence[str]]) -> Adjacency:
    """The reversed adjacency (``{b: [a, ...]}`` for every ``a -> b``), lists sorted."""
    reverse: Adjacency = {node: [] for node in adjacency}
    for node in sorted(adjacency):
        for target in adjacency[node]:
            reverse[target].append(node)
    return reverse


def components(adjacency: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Strongly connected components, dependencies first (every edge leaves a component for
    an earlier one or stays inside). Iterative Tarjan: linear, no recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in sorted(adjacency):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = adjacency[node]
            while position < len(targets):
                target = targets[position]
                position += 1
                if target not in index:
                    work.append((node, position))
                    work.append((target, 0))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    result.append(sorted(component))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return result


def cyclic_components(adjacency: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Components of two or more specs that need each other, sorted."""
    return sorted(c for c in components(adjacency) if len(c) > 1)


def cycle_of(kind_graph: nx.DiGraph, component: Iterable[str]) -> tuple[str, ...]:
    """One concrete cycle through a component, rotated to its smallest id.

    Found exactly as ``SpecGraph.find_cycles`` finds it, so ``check`` and the report views
    print the same cycle for the same component.
    """
    members = set(component)
    edges = nx.find_cycle(kind_graph.subgraph(members), source=min(members))
    cycle = [str(source) for source, _target in edges]
    pivot = cycle.index(min(cycle))
    return tuple(cycle[pivot:] + cycle[:pivot])


def reaching(reverse: Mapping[str, Sequence[str]], starts: Iterable[str]) -> set[str]:
    """Everything that reaches ``starts`` (walking ``reverse`` edges), ``starts`` excluded."""
    start_set = set(starts)
    seen = set(start_set)
    pending = sorted(start_set)
    while pending:
        for source in reverse[pending.pop()]:
            if source not in seen:
                seen.add(source)
                pending.append(source)
    return seen - start_set


def waiting_counts(adjacency: Mapping[str, Sequence[str]], targets: Sequence[str]) -> dict[str, int]:
    """For each target, how many other nodes reach it (need it, directly or transitively).

    Counting reachability one walk per target is quadratic; instead the condensation DAG is
    swept once per CHUNK targets, carrying per component a bitset of the targets it reaches,
    and the bitsets are summed column-wise with a bit-sliced counter: O((nodes + edges) x
    targets / CHUNK) big-integer operations.
    """
    if not targets:
        return {}
    order = components(adjacency)  # dependencies first
    component_of = {node: number for number, members in enumerate(order) for node in members}
    needs = [
        sorted({component_of[t] for node in members for t in adjacency[node]} - {number}) for number, members in enumerate(order)
    ]
    counts: dict[str, int] = {}
    for offset in range(0, len(targets), CHUNK):
        chunk = targets[offset : offset + CHUNK]
        own: dict[int, int] = {}
        for bit, target in enumerate(chunk):
            number = component_of[target]
            own[number] = own.get(number, 0) | (1 << bit)
        masks: list[int] = []
        slices: list[int] = []
        for number, members in enumerate(order):
            mask = own.get(number, 0)
            for dependency in needs[number]:
                mask |= masks[dependency]
            masks.append(mask)
            if mask:
                for _ in members:
                    _add(slices, mask)
        for bit, target in enumerate(chunk):
            total = 0
            for level, plane in enumerate(slices):
                total |= ((plane >> bit) & 1) << level
            counts[target] = total - 1  # a target reaches itself
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


def longest_path(adjacency: Mapping[str, Sequence[str]], weight: Mapping[str, float]) -> tuple[str, ...]:
    """The heaviest chain through an acyclic adjacency, in build order (first to do first).

    Ties go to the smaller id so the answer is deterministic. Linear in nodes + edges.
    Raises ValueError on a cycle: callers remove cycle members first.
    """
    best: dict[str, float] = {}
    previous: dict[str, str | None] = {}
    for component in components(adjacency):
        if len(component) > 1:
            raise ValueError(f"longest_path needs an acyclic graph; cycle through {component[0]}")
        node = component[0]
        choice: str | None = None
        for dependency in adjacency[node]:  # sorted, so the first of equals wins
            if choice is None or best[dependency] > best[choice]:
                choice = dependency
        best[node] = weight.get(node, 0.0) + (best[choice] if choice is not None else 0.0)
        previous[node] = choice
    if not best:
        return ()
    end = min(best, key=lambda n: (-best[n], n))
    path = [end]
    while (step := previous[path[-1]]) is not None:
        path.append(step)
    return tuple(reversed(path))


def topological_levels(adjacency: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """``1 + the deepest level among a node's needs`` (1 for none), for an acyclic adjacency."""
    level: dict[str, int] = {}
    for component in components(adjacency):
        if len(component) > 1:
            raise ValueError(f"topological_levels needs an acyclic graph; cycle through {component[0]}")
        node = component[0]
        level[node] = 1 + max((level[d] for d in adjacency[node]), default=0)
    return level
