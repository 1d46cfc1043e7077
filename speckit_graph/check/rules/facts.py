"""Facts about every spec that several graph rules need, computed once per check instead of per link.

The link rules look at both ends of every link (300,000 links on 100,000 specs); reading a
spec's status or type and folding it to the vocabulary's form again at every end was most of
their time. A fact table is keyed by the graph and configuration objects it was computed for,
and only the latest run's tables are kept (a language server checks one graph after another).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from speckit_graph.config.model import Config
from speckit_graph.graph.specgraph import SpecGraph

T = TypeVar("T")

_TABLES: dict[str, tuple[SpecGraph, Config, int, object]] = {}


def per_check(name: str, graph: SpecGraph, config: Config, compute: Callable[[SpecGraph, Config], T]) -> T:
    """``compute(graph, config)``, remembered under ``name`` while the same graph and configuration are checked."""
    kept = _TABLES.get(name)
    if kept is not None and kept[0] is graph and kept[1] is config and kept[2] == len(graph.specs_by_id):
        return kept[3]  # type: ignore[return-value]
    value = compute(graph, config)
    _TABLES[name] = (graph, config, len(graph.specs_by_id), value)
    return value


@dataclass(frozen=True)
class StatusFacts:
    """Each spec's status, lifecycle stage and the sets the status rules test links against."""

    status: dict[str, str | None]
    stage: dict[str, int | None]
    retired: frozenset[str]
    done: frozenset[str]
    needs_approval: frozenset[str]


def status_facts(graph: SpecGraph, config: Config) -> StatusFacts:
    return per_check("status", graph, config, _status_facts)


def _status_facts(graph: SpecGraph, config: Config) -> StatusFacts:
    vocabulary = config.vocabulary
    status = {spec_id: spec.status for spec_id, spec in graph.specs_by_id.items()}
    return StatusFacts(
        status,
        {spec_id: vocabulary.stage(value) for spec_id, value in status.items()},
        frozenset(spec_id for spec_id, value in status.items() if vocabulary.is_retired(value)),
        frozenset(spec_id for spec_id, value in status.items() if vocabulary.is_done(value)),
        frozenset(spec_id for spec_id, value in status.items() if vocabulary.needs_approval(value)),
    )


def folded_types(graph: SpecGraph, config: Config) -> dict[str, str | None]:
    """Each spec's type as the project model names it, folded as the vocabulary compares (None: untyped)."""
    return per_check("types", graph, config, _folded_types)


def _folded_types(graph: SpecGraph, config: Config) -> dict[str, str | None]:
    type_of, fold = config.project.type_of, config.vocabulary.fold
    types: dict[str, str | None] = {}
    for spec_id, spec in graph.specs_by_id.items():
        written = type_of(spec)
        types[spec_id] = fold(written) if written else None
    return types
