"""``check --fix`` on every real repository in ../shared/corpora (after ``init``), on copies.

Safe fixes: every fixed finding is gone and no finding appears. Unsafe fixes may change
meaning (a did-you-mean can close a cycle), so for them only: the fixed findings are gone.
Always: every edited file still has a frontmatter that parses, and --diff writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.edit import Document
from tests.conftest import assert_no_traceback, run_cli
from tests.e2e.test_real_repositories import CORPORA, corpus_copy

CORPUS_NAMES = sorted(p.name for p in CORPORA.iterdir() if p.is_dir()) if CORPORA.is_dir() else []

pytestmark = pytest.mark.skipif(
    not CORPUS_NAMES, reason=f"shared corpora not found at {CORPORA} (set SPECKIT_GRAPH_SHARED or check ../shared out)"
)


def findings(root: Path, *options: str) -> list[dict[str, Any]]:
    run = run_cli("check", root, "--format", "json", "--allow-empty", "--no-cache", *options)
    assert_no_traceback(run)
    assert run.code in (0, 1), run.stderr
    found: list[dict[str, Any]] = json.loads(run.stdout)["findings"]
    return found


def keyed(items: list[dict[str, Any]], safety: str | None = None) -> set[tuple[str, str]]:
    return {(f["code"], f["fingerprint"]) for f in items if safety is None or f.get("fix", {}).get("safety") == safety}


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("init", [True, False], ids=["after-init", "every-rule"])
@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_fix_on_corpus(name: str, init: bool, tmp_path: Path) -> None:
    """After ``init`` (the configuration that fits), and without it with every rule selected (more to fix)."""
    root = corpus_copy(name, tmp_path)
    options = () if init else ("--select", "SG")
    if init:
        assert run_cli("init", root).code == 0
    original = snapshot(root)
    before = findings(root, *options)
    diff = run_cli("check", root, "--diff", "--unsafe-fixes", "--allow-empty", "--no-cache", *options)
    assert_no_traceback(diff)
    assert diff.code == (1 if keyed(before, "safe") | keyed(before, "unsafe") else 0), diff.stderr
    assert snapshot(root) == original, "--diff writes nothing"

    run = run_cli("check", root, "--fix", "--allow-empty", "--no-cache", *options)
    assert_no_traceback(run)
    after_safe = findings(root, *options)
    assert not keyed(before, "safe") & keyed(after_safe), "every safe-fixed finding is gone"
    assert keyed(after_safe) <= keyed(before), "safe fixes add no finding"

    run = run_cli("check", root, "--fix", "--unsafe-fixes", "--allow-empty", "--no-cache", *options)
    assert_no_traceback(run)
    assert not keyed(after_safe, "unsafe") & keyed(findings(root, *options)), "every unsafe-fixed finding is gone"
    for path, data in snapshot(root).items():
        if data != original[path]:
            Document.parse(path, data)  # raises when an edit left a frontmatter that does not parse
