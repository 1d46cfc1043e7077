"""The one graph-algorithm module: cycles, waves, longest path and closures on small graphs,
checked against networkx, and a 100,000-node chain that a recursive version could not walk."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from speckit_graph.core.model import Link, LinkKind, Location, Spec
from speckit_graph.graph import algorithms
from speckit_graph.graph.specgraph import build_graph

CHAIN = 20_000  # twenty times the interpreter's recursion limit

# "a needs b": a diamond a -> {b, c} -> d, plus a cycle e -> f -> g -> e that h needs.
SMALL: algorithms.Adjacency = {
    "a": ["b", "c"],
    "b": ["d"],
    "c": ["d"],
    "d": [],
    "e": ["f"],
    "f": ["g"],
    "g": ["e"],
    "h": ["e"],
}


def chain(length: int) -> algorithms.Adjacency:
    """n00000 needs n00001 needs ... needs the last one."""
    names = [f"n{i:06}" for i in range(length)]
    return {name: [names[i + 1]] if i + 1 < length else [] for i, name in enumerate(names)}


graphs = st.dictionaries(
    st.sampled_from("abcdefgh"), st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=4), min_size=1
).map(lambda adjacency: {n: sorted(t for t in ts if t in adjacency and t != n) for n, ts in adjacency.items()})


def test_components_come_dependencies_first_with_the_cycle_as_one() -> None:
    found = algorithms.components(SMALL)
    assert ["e", "f", "g"] in found and sorted(len(c) for c in found) == [1, 1, 1, 1, 1, 3]
    position = {node: number for number, component in enumerate(found) for node in component}
    assert all(position[target] <= position[node] for node, targets in SMALL.items() for target in targets)
    assert algorithms.cyclic_components(SMALL) == [["e", "f", "g"]]


@given(graphs)
def test_cyclic_components_match_networkx(adjacency: algorithms.Adjacency) -> None:
    view = nx.DiGraph([(n, t) for n, ts in adjacency.items() for t in ts])
    view.add_nodes_from(adjacency)
    expected = sorted(sorted(c) for c in nx.strongly_connected_components(view) if len(c) > 1)
    assert algorithms.cyclic_components(adjacency) == expected
    assert sorted(map(sorted, algorithms.components(adjacency))) == sorted(
        sorted(c) for c in nx.strongly_connected_components(view)
    )


def test_a_cycle_is_traced_from_its_smallest_member_in_edge_order() -> None:
    assert algorithms.cycle_of(SMALL.__getitem__, ["g", "e", "f"]) == ("e", "f", "g")
    # two cycles share "a": the one through the first edge listed wins
    both = {"a": ["c", "b"], "b": ["a"], "c": ["a"]}
    assert algorithms.cycle_of(both.__getitem__, ["a", "b", "c"]) == ("a", "c")
    edges = [("a", "c"), ("a", "b"), ("b", "a"), ("c", "a"), ("x", "y")]
    assert algorithms.find_cycles(["a", "b", "c", "x", "y"], edges) == [["a", "c"]]


def test_waves_put_each_spec_one_after_its_deepest_need() -> None:
    acyclic = {node: targets for node, targets in SMALL.items() if node in "abcd"}
    assert algorithms.topological_levels(acyclic) == {"d": 1, "b": 2, "c": 2, "a": 3}
    with pytest.raises(ValueError, match="cycle"):
        algorithms.topological_levels(SMALL)


def test_longest_path_is_the_heaviest_chain_in_build_order() -> None:
    acyclic = {node: targets for node, targets in SMALL.items() if node in "abcd"}
    assert algorithms.longest_path(acyclic, {"a": 1, "b": 1, "c": 5, "d": 1}) == ("d", "c", "a")
    assert algorithms.longest_path(acyclic, {}) == ("d", "b", "a")  # ties: the smaller id
    with pytest.raises(ValueError, match="cycle"):
        algorithms.longest_path(SMALL, {})


def test_closures_walk_both_ways_and_leave_the_start_out() -> None:
    assert algorithms.closure(SMALL.__getitem__, ["a"]) == {"b", "c", "d"}
    assert algorithms.closure(algorithms.predecessors(SMALL).__getitem__, ["d"]) == {"a", "b", "c"}
    assert algorithms.closure(SMALL.__getitem__, ["e"]) == {"f", "g"}  # on a cycle: still left out


def test_spec_graph_methods_delegate_and_agree() -> None:
    def spec(name: str) -> Spec:
        where = Location(f"{name}.md", 1)
        links = tuple(Link(name, target, LinkKind.DEPENDS_ON, "dependencies", where) for target in SMALL[name])
        return Spec(name, f"{name}.md", where, {"id": name}, {"id": 1}, {"id": "id"}, links)

    specs = [spec(name) for name in SMALL]
    graph = build_graph(specs)
    assert graph.find_cycles(LinkKind.DEPENDS_ON) == [["e", "f", "g"]]
    assert graph.cycle_components(LinkKind.DEPENDS_ON) == [["e", "f", "g"]]
    assert graph.upstream("h", LinkKind.DEPENDS_ON) == {"e", "f", "g"}
    assert graph.descendants("d", LinkKind.DEPENDS_ON) == {"a", "b", "c"}


def test_a_long_chain_needs_no_recursion() -> None:
    long = chain(CHAIN)
    names = sorted(long)
    assert len(algorithms.components(long)) == CHAIN
    assert algorithms.cyclic_components(long) == []
    assert algorithms.topological_levels(long)[names[0]] == CHAIN
    assert len(algorithms.longest_path(long, {})) == CHAIN
    assert len(algorithms.closure(long.__getitem__, [names[0]])) == CHAIN - 1
    long[names[-1]] = [names[0]]  # close the loop: one component of every node
    assert algorithms.cyclic_components(long) == [names]


def _networkx_cycle(members: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """What ``cycle_through`` printed when it asked networkx (the reference it must still match)."""
    sub = nx.DiGraph()
    sub.add_nodes_from(members)
    sub.add_edges_from(edges)
    cycle = [str(source) for source, _target in nx.find_cycle(sub, source=min(members))]
    pivot = cycle.index(min(cycle))
    return cycle[pivot:] + cycle[:pivot]


@given(
    edges=st.lists(
        st.tuples(st.sampled_from("abcdefgh"), st.sampled_from("abcdefgh")).filter(lambda e: e[0] != e[1]),
        min_size=2,
        max_size=30,
    )
)
def test_each_component_cycle_is_the_one_networkx_finds(edges: list[tuple[str, str]]) -> None:
    """Same cycle, edge for edge, for every cyclic component of random graphs (repeats and order kept)."""
    names = sorted({node for edge in edges for node in edge})
    for group in algorithms.cyclic_groups(names, edges):
        inside = [(s, t) for s, t in edges if s in group and t in group]
        assert algorithms.cycle_through(group, inside) == _networkx_cycle(group, inside)


def test_a_long_cycle_is_traced_without_recursion() -> None:
    """One ring of twenty times the recursion limit: the whole ring, from its smallest id."""
    ring = chain(CHAIN)
    names = sorted(ring)
    last = next(name for name in names if not ring[name])
    ring[last] = [min(names)]
    edges = [(source, target) for source in names for target in ring[source]]
    cycles = algorithms.find_cycles(names, edges)
    assert len(cycles) == 1 and len(cycles[0]) == CHAIN and cycles[0][0] == min(names)
