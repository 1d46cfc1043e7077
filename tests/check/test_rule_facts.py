"""The per-check fact tables (check/rules/facts.py) follow the graph being checked: one graph after
another (as a language server checks them), each gets its own findings."""

from __future__ import annotations

from speckit_graph.check import analysis
from speckit_graph.config.model import Config
from speckit_graph.graph.specgraph import SpecGraph
from tests.check.builders import found, graph, story

EPIC = story("spec-epic-a-001", type="epic")


def _graph(dependency_status: str) -> SpecGraph:
    dependency = story("spec-api-c-001", parent="spec-epic-a-001", status=dependency_status)
    dependent = story("spec-story-b-001", parent="spec-epic-a-001", status="approved", dependencies=["spec-api-c-001"],
                      approvers=["ana"])  # fmt: skip
    return graph(EPIC, dependency, dependent)


def test_each_graph_is_judged_on_its_own_statuses_with_one_configuration() -> None:
    config = Config()
    immature, mature = _graph("draft"), _graph("approved")
    assert len(found(analysis.check(immature, config), "SG301")) == 1
    assert found(analysis.check(mature, config), "SG301") == []
    assert len(found(analysis.check(immature, config), "SG301")) == 1
