"""Link edits (dependencies, parent) update cycles in place, and the findings equal a whole re-check."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from speckit_graph.graph.algorithms import cyclic_groups, find_cycles
from speckit_graph.graph.specgraph import build_graph
from speckit_graph.lsp.cycles import CYCLE_KINDS, KindCycles
from speckit_graph.lsp.workspace import Workspace


def _spec(number: int, parent: int | None, deps: list[int], status: str = "draft") -> bytes:
    lines = ["---", f"id: spec-{number:03d}", f"title: Spec {number}", f"status: {status}", "type: feature"]
    if parent is not None:
        lines.append(f"parent: spec-{parent:03d}")
    lines.append("dependencies: [" + ", ".join(f"spec-{d:03d}" for d in deps) + "]")
    lines += ["---", "", f"Body of spec {number}.", ""]
    return "\n".join(lines).encode()


def _repository(root: Path, rng: random.Random, count: int) -> dict[str, tuple[int | None, list[int]]]:
    shape: dict[str, tuple[int | None, list[int]]] = {}
    for number in range(count):
        parent = rng.randrange(count) if number and rng.random() < 0.8 else None
        deps = sorted(rng.sample(range(count), rng.randrange(3)))
        path = f"specs/s{number:03d}.md"
        (root / "specs").mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(_spec(number, parent, deps))
        shape[path] = (parent, deps)
    return shape


def _link_edit(rng: random.Random, parent: int | None, deps: list[int], count: int) -> tuple[int | None, list[int]]:
    choice = rng.randrange(6)
    if choice == 0:
        return rng.randrange(count), deps  # a new parent (sometimes itself)
    if choice == 1:
        return None, deps  # no parent
    if choice == 2 and deps:
        return parent, deps[:-1]  # one dependency fewer
    if choice == 3:
        return parent, [*deps, count + 5]  # a dependency on an id that does not exist
    if choice == 4:
        return parent, [rng.randrange(count)]  # dependencies replaced
    return parent, sorted({*deps, rng.randrange(count)})  # one more dependency


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_link_edits_equal_a_whole_recheck(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    count = 40
    shape = _repository(tmp_path, rng, count)
    workspace = Workspace.open(tmp_path)
    paths = sorted(shape)
    had_cycles = 0
    for step in range(80):
        path = rng.choice(paths)
        parent, deps = _link_edit(rng, *shape[path], count)
        shape[path] = (parent, deps)
        number = int(path[7:10])
        workspace.update(path, _spec(number, parent, deps, rng.choice(["draft", "approved"])))
        assert not workspace.timing.full, "a link edit keeps the id: the scoped path"
        fresh = Workspace(
            workspace.root, workspace.config, list(workspace.scanned), dict(workspace.outcomes), list(workspace.walk_issues)
        )
        fresh.analyse_all()
        whole = build_graph(fresh.resolved.values())
        for kind in CYCLE_KINDS:
            assert workspace.cycles[kind] == whole.find_cycles(kind), f"step {step}: {kind} cycles after editing {path}"
            had_cycles += bool(workspace.cycles[kind])
        assert workspace.per_file == fresh.per_file, f"step {step}: after editing {path}"
    assert had_cycles > 20, "the random edits made and broke cycles"


@pytest.mark.parametrize("seed", range(5))
def test_components_kept_in_place_equal_tarjan_on_the_whole_graph(seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"n{i:02d}" for i in range(30)]
    kinds = KindCycles()
    for node in nodes:
        kinds.set_targets(node, [])
    for _ in range(400):
        node = rng.choice(nodes)
        targets = sorted({rng.choice(nodes) for _ in range(rng.randrange(3))} - {node})
        kinds.set_targets(node, targets)
        edges = [(s, t) for s in nodes for t in kinds.succ.get(s, ())]
        expected = sorted(sorted(group) for group in cyclic_groups(nodes, edges))
        assert sorted(kinds.members.values()) == [tuple(group) for group in expected]
        assert kinds.cycles() == find_cycles(nodes, edges)
