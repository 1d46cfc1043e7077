"""Build order: the unfinished specs of a scope as topological waves.

Wave 1 holds the specs whose dependencies have all reached the target already; wave N the
specs that need something from wave N-1 and nothing later. Specs on a dependency cycle
cannot be ordered: they are listed apart with their cycle (as ``check`` reports it), and so
are the specs that wait on them, rather than being silently dropped. Dependencies on retired
specs are ignored for ordering (``check`` reports them as SG302). Linear in specs + links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from speckit_graph.config.model import Vocabulary
from speckit_graph.core.model import LinkKind
from speckit_graph.graph import algorithms as dag
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.report.scope import Scope, display_str, effort, reached


@dataclass(frozen=True)
class OrderItem:
    id: str
    title: str
    status: str | None
    priority: str | None
    estimated: float | None
    needs: tuple[str, ...]  # unfinished in-scope dependencies


@dataclass(frozen=True)
class Wave:
    number: int
    items: tuple[OrderItem, ...]  # highest priority first, then by id

    @property
    def estimated(self) -> float:
        return sum(item.estimated or 0.0 for item in self.items)


@dataclass(frozen=True)
class BuildOrder:
    root: str
    scope: Scope
    target: str
    waves: tuple[Wave, ...]
    cycles: tuple[tuple[str, ...], ...]  # one concrete cycle per component of unfinished specs
    on_cycles: tuple[OrderItem, ...]  # unfinished specs on those cycles
    after_cycles: tuple[OrderItem, ...]  # unfinished specs that wait on a cycle, transitively
    done: tuple[str, ...]  # specs that reached the target
    retired: tuple[str, ...]

    @property
    def scheduled(self) -> int:
        return sum(len(wave.items) for wave in self.waves)

    @property
    def unordered(self) -> int:
        return len(self.on_cycles) + len(self.after_cycles)


def build_order(graph: SpecGraph, vocabulary: Vocabulary, scope: Scope, target: str) -> BuildOrder:
    """Waves of the unfinished specs in ``scope``; cycle members and their dependents apart."""
    done, retired, unfinished = [], [], []
    for spec_id in scope.ids():
        status = graph.specs_by_id[spec_id].status
        if vocabulary.is_retired(status):
            retired.append(spec_id)
        elif reached(vocabulary, status, target):
            done.append(spec_id)
        else:
            unfinished.append(spec_id)
    kind_graph = graph.neighbours(LinkKind.DEPENDS_ON)
    needs = dag.restrict(kind_graph.successors, unfinished)
    cyclic = dag.cyclic_components(needs)
    on_cycles = {spec_id for component in cyclic for spec_id in component}
    after_cycles = dag.closure(dag.predecessors(needs).__getitem__, on_cycles)
    orderable = set(unfinished) - on_cycles - after_cycles
    wave_of = dag.topological_levels(dag.restrict(needs.__getitem__, orderable))

    priority_rank = {p: i for i, p in enumerate(vocabulary.priority)}

    def item(spec_id: str) -> OrderItem:
        spec = graph.specs_by_id[spec_id]
        return OrderItem(
            id=spec_id,
            title=spec.title,
            status=spec.status,
            priority=display_str(spec, "priority"),
            estimated=effort(spec, "estimatedEffort"),
            needs=tuple(needs[spec_id]),
        )

    def ranked(ids: Sequence[str]) -> tuple[OrderItem, ...]:
        items = [item(spec_id) for spec_id in ids]
        items.sort(key=lambda i: (-priority_rank.get(i.priority or "", -1), i.id))
        return tuple(items)

    by_wave: dict[int, list[str]] = {}
    for spec_id, number in wave_of.items():
        by_wave.setdefault(number, []).append(spec_id)
    return BuildOrder(
        root=graph.root,
        scope=scope,
        target=target,
        waves=tuple(Wave(number, ranked(by_wave[number])) for number in sorted(by_wave)),
        cycles=tuple(dag.cycle_of(kind_graph.successors, component) for component in cyclic),
        on_cycles=tuple(item(spec_id) for spec_id in sorted(on_cycles)),
        after_cycles=tuple(item(spec_id) for spec_id in sorted(after_cycles)),
        done=tuple(done),
        retired=tuple(retired),
    )
