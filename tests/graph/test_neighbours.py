"""``SpecGraph.neighbours``: the neighbours networkx would give, in its order, without networkx."""

from __future__ import annotations

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from speckit_graph.graph.specgraph import KindAdjacency

NODES = "abcdef"


@given(edges=st.lists(st.tuples(st.sampled_from(NODES + "xy"), st.sampled_from(NODES + "xy")), max_size=40))
def test_same_neighbours_in_the_same_order_as_a_networkx_digraph(edges: list[tuple[str, str]]) -> None:
    """Repeated edges, ends that are not listed nodes and any order: nothing may differ."""
    reference = nx.DiGraph()
    reference.add_nodes_from(NODES)
    reference.add_edges_from(edges)
    adjacency = KindAdjacency(NODES, edges)
    for node in reference.nodes:
        assert list(adjacency.successors(node)) == list(reference.successors(node))
        assert list(adjacency.predecessors(node)) == list(reference.predecessors(node))
        for other in reference.nodes:
            assert adjacency.has_edge(node, other) == reference.has_edge(node, other)
    assert not adjacency.has_edge("nowhere", "a")
