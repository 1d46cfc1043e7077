"""An edit re-checks only what it can change, and the result equals a whole re-check."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from speckit_graph.lsp.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]


def _edit(rng: random.Random, text: bytes, ids: list[str]) -> bytes:
    lines = text.split(b"\n")
    at = rng.randrange(len(lines))
    other = rng.choice(ids).encode()
    choice = rng.randrange(6)
    if choice == 0:
        lines[at] = b"status: " + rng.choice([b"draft", b"approved", b"implemented", b"deprecated", b"bogus"])
    elif choice == 1:
        lines.insert(min(at, 12), b"dependencies: ['" + other + b"']")
    elif choice == 2:
        lines.insert(min(at, 12), b"parent: '" + other + b"'")
    elif choice == 3:
        del lines[at]
    elif choice == 4:
        lines.insert(at, b"")
    else:
        lines.insert(min(at, 12), b"related: ['" + other + b"', 'nope-001']")
    return b"\n".join(lines)


@pytest.mark.parametrize("example,seed", [("broken", 1), ("broken", 2), ("checkout", 3)])
def test_incremental_findings_equal_a_full_recheck(tmp_path: Path, example: str, seed: int) -> None:
    root = tmp_path / example
    shutil.copytree(REPO / "examples" / example, root)
    workspace = Workspace.open(root)
    rng = random.Random(seed)
    texts = {path: (root / path).read_bytes() for path in workspace.scanned}
    ids = sorted(workspace.by_id)
    scoped = 0
    for _ in range(60):
        path = rng.choice(workspace.scanned)
        texts[path] = _edit(rng, texts[path], ids)
        workspace.update(path, texts[path])
        scoped += not workspace.timing.full
        fresh = Workspace(
            workspace.root, workspace.config, list(workspace.scanned), dict(workspace.outcomes), list(workspace.walk_issues)
        )
        fresh.analyse_all()
        assert workspace.per_file == fresh.per_file, f"after editing {path}"
    assert scoped > 40, "most edits keep the id: they take the scoped path"


def test_an_edit_in_memory_leaves_the_file_alone(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    shutil.copytree(REPO / "examples" / "checkout", root)
    workspace = Workspace.open(root)
    path = "stories/3ds-challenge.md"
    before = (root / path).read_bytes()
    changed = workspace.update(path, before.replace(b"spec-feature-card-payments-001", b"spec-nowhere-001"))
    assert changed == {path}
    assert [p.finding.code for p in workspace.per_file[path]] == ["SG101"]
    assert (root / path).read_bytes() == before
