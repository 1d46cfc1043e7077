"""The graph algorithms, once: cycles (strongly connected components), topological waves,
longest path and closures; linear (or bit-parallel) for 100,000 specs, never recursive.

``check`` reaches them through :class:`~speckit_graph.graph.specgraph.SpecGraph`'s methods,
the report views (readiness, order) call them directly. They work on plain adjacency dicts
(``{spec: [what it depends on]}``) or integer lists rather than networkx graphs: building
and walking a networkx copy of a 100,000-spec scope costs several seconds on its own. An
edge ``a -> b`` always means "a needs b first". networkx is imported only to trace one
cycle through a component already known to be cyclic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

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


def strongly_connected(succ: Sequence[Sequence[int]], alive: Sequence[bool] | None = None) -> list[list[int]]:
    """Strongly connected components of nodes ``0..n-1`` (the live ones), in Tarjan's finish order.

    Every edge leaves a component for an earlier one or stays inside, so with ``a -> b``
    meaning "a needs b" the components come dependencies first. Roots are taken in index
    order and edges in list order, so the result is deterministic. Iterative: linear in
    nodes + edges, and a 100,000-node chain cannot overflow the stack.
    """
    count = len(succ)
    live = [True] * count if alive is None else alive
    order = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(count):
        if not live[root] or order[root] != -1:
            continue
        work = [(root, 0)]
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, position = work[-1]
            targets = succ[node]
            while position < len(targets) and not live[targets[position]]:
                position += 1
            if position < len(targets):
                work[-1] = (node, position + 1)
                target = targets[position]
                if order[target] == -1:
                    order[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack[target] = True
                    work.append((target, 0))
                elif on_stack[target] and order[target] < low[node]:
                    low[node] = order[target]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
            if low[node] == order[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def _indexed(names: Sequence[str], edges: Iterable[tuple[str, str]]) -> tuple[list[list[int]], list[list[int]]]:
    """Successor and predecessor lists over the positions of ``names``, self-loops dropped."""
    index = {name: i for i, name in enumerate(names)}
    succ: list[list[int]] = [[] for _ in names]
    pred: list[list[int]] = [[] for _ in names]
    for source, target in edges:
        if source != target:
            s, t = index[source], index[target]
            succ[s].append(t)
            pred[t].append(s)
    return succ, pred


def components(adjacency: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Strongly connected components, dependencies first, members sorted (see :func:`strongly_connected`)."""
    names = sorted(adjacency)
    succ, _pred = _indexed(names, ((node, target) for node in names for target in adjacency[node]))
    return [sorted(names[i] for i in component) for component in strongly_connected(succ)]


def cyclic_groups(names: Sequence[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Components of two or more nodes that reach each other, members in the order of ``names``.

    Nodes that no edge enters, or none leaves, cannot sit on a cycle; they are peeled off
    first (in a spec tree or a dependency DAG that is nearly all of them) and Tarjan runs
    on what is left. O(nodes + edges).
    """
    succ, pred = _indexed(names, edges)
    alive = _peel(succ, [True] * len(names))  # no way in
    alive = _peel(pred, alive)  # no way out
    return [[names[i] for i in sorted(component)] for component in strongly_connected(succ, alive) if len(component) > 1]


def _peel(forward: list[list[int]], alive: list[bool]) -> list[bool]:
    """Drop every node with no live incoming edge along ``forward``, repeatedly (Kahn's algorithm)."""
    incoming = [0] * len(forward)
    for node, targets in enumerate(forward):
        if alive[node]:
            for target in targets:
                if alive[target]:
                    incoming[target] += 1
    stack = [node for node in range(len(forward)) if alive[node] and incoming[node] == 0]
    alive = list(alive)
    while stack:
        node = stack.pop()
        alive[node] = False
        for target in forward[node]:
            if alive[target]:
                incoming[target] -= 1
                if incoming[target] == 0:
                    stack.append(target)
    return alive


def cyclic_components(adjacency: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Components of two or more specs that need each other, members sorted, components sorted."""
    names = sorted(adjacency)
    return sorted(cyclic_groups(names, ((node, target) for node in names for target in adjacency[node])))


def cycle_through(members: Sequence[str], edges_inside: Iterable[tuple[str, str]]) -> list[str]:
    """One concrete cycle through a cyclic component, rotated to its smallest id.

    The depth-first search starts at the smallest member and takes edges in the order
    given, so ``check`` (through ``SpecGraph.find_cycles``) and the report views print the
    same cycle for the same component.
    """
    successors: dict[str, dict[str, None]] = {member: {} for member in members}
    for source, target in edges_inside:  # ordered and without repeats, as a networkx DiGraph holds them
        successors.setdefault(source, {})[target] = None
        successors.setdefault(target, {})
    cycle = [source for source, _target in _find_cycle(successors, min(members))]
    pivot = cycle.index(min(cycle))
    return cycle[pivot:] + cycle[:pivot]


def _find_cycle(successors: Mapping[str, Mapping[str, None]], source: str) -> list[tuple[str, str]]:
    """The cycle ``networkx.find_cycle(graph, source)`` returns, edge for edge, on a directed graph.

    The same edge-by-edge depth-first search over the same successor order (tests compare the
    two on random graphs): importing networkx was 0.15 s, half of what a 10,000-spec check
    spends on its rules, paid only to trace one cycle per component.
    """
    path: list[tuple[str, str]] = []
    on_path = {source}
    previous_head: str | None = None
    for tail, head in _edge_dfs(successors, source):
        if previous_head is not None and tail != previous_head:  # backtracked: shorten the path to the tail
            while True:
                if not path:
                    on_path = {tail}
                    break
                on_path.remove(path.pop()[1])
                if path and path[-1][1] == tail:
                    break
        path.append((tail, head))
        if head in on_path:
            start = next((i for i, (edge_tail, _edge_head) in enumerate(path) if edge_tail == head), len(path) - 1)
            return path[start:]
        on_path.add(head)
        previous_head = head
    raise ValueError(f"no cycle through {source!r}")


def _edge_dfs(successors: Mapping[str, Mapping[str, None]], source: str) -> Iterator[tuple[str, str]]:
    """Every edge reachable from ``source`` once, in depth-first order (``networkx.edge_dfs``)."""
    pending: dict[str, Iterator[str]] = {}
    stack = [source]
    while stack:
        node = stack[-1]
        targets = pending.get(node)
        if targets is None:
            targets = pending[node] = iter(successors[node])
        target = next(targets, None)
        if target is None:
            stack.pop()
        else:
            stack.append(target)
            yield node, target


def cycle_of(successors: Callable[[str], Iterable[str]], component: Iterable[str]) -> tuple[str, ...]:
    """:func:`cycle_through` a component, its edges read from ``successors`` (in that order)."""
    members = sorted(set(component))
    inside = set(members)
    edges = [(member, target) for member in members for target in successors(member) if target in inside and target != member]
    return tuple(cycle_through(members, edges))


def find_cycles(names: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """One concrete cycle per cyclic component, sorted; never enumerates all simple cycles.

    Linear in nodes + edges: only the (usually tiny) cyclic components are traced, each with
    its edges in the order ``edges`` holds them.
    """
    groups = cyclic_groups(names, edges)
    home = {node: number for number, group in enumerate(groups) for node in group}
    inner: list[list[tuple[str, str]]] = [[] for _ in groups]
    for source, target in edges:  # one pass for all components: linear however many there are
        number = home.get(source)
        if number is not None and source != target and home.get(target) == number:
            inner[number].append((source, target))
    return sorted(cycle_through(group, inside) for group, inside in zip(groups, inner, strict=True))


def closure(neighbours: Callable[[str], Iterable[str]], starts: Iterable[str]) -> set[str]:
    """Everything reached from ``starts`` by following ``neighbours`` transitively, ``starts`` excluded.

    Pass successors for what a spec needs (its ancestors, its transitive dependencies),
    predecessors for what needs it (descendants, dependents).
    """
    start_set = set(starts)
    seen = set(start_set)
    pending = sorted(start_set)
    while pending:
        for source in neighbours(pending.pop()):
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

    Of chains of equal weight the one with more nodes wins (with no estimates at all, every
    chain weighs 0 and the longest is still the one to show), then the smaller id, so the
    answer is deterministic. Linear in nodes + edges.
    Raises ValueError on a cycle: callers remove cycle members first.
    """
    best: dict[str, tuple[float, int]] = {}  # (weight, nodes) of the best chain ending at a node
    previous: dict[str, str | None] = {}
    for component in components(adjacency):
        if len(component) > 1:
            raise ValueError(f"longest_path needs an acyclic graph; cycle through {component[0]}")
        node = component[0]
        choice: str | None = None
        for dependency in adjacency[node]:  # sorted, so the first of equals wins
            if choice is None or best[dependency] > best[choice]:
                choice = dependency
        below = best[choice] if choice is not None else (0.0, 0)
        best[node] = (weight.get(node, 0.0) + below[0], below[1] + 1)
        previous[node] = choice
    if not best:
        return ()
    end = min(best, key=lambda n: (-best[n][0], -best[n][1], n))
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
