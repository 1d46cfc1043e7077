"""Real repositories written by other people: check must survive them and account for every file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from speckit_graph.config.model import DEFAULT_EXCLUDED_DIRS
from speckit_graph.load.loader import load_specs
from speckit_graph.usecases.load import resolve_config
from tests.conftest import SHARED, assert_no_traceback, run_cli

CORPORA = SHARED / "corpora"
CORPUS_NAMES = sorted(p.name for p in CORPORA.iterdir() if p.is_dir()) if CORPORA.is_dir() else []

pytestmark = pytest.mark.skipif(
    not CORPUS_NAMES, reason=f"shared corpora not found at {CORPORA} (CI checks it out beside the repository)"
)


def markdown_files(root: Path) -> set[str]:
    """Every .md file a user would expect to be scanned (default exclusions applied)."""
    found = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in DEFAULT_EXCLUDED_DIRS]
        for name in filenames:
            if name.lower().endswith(".md"):
                found.add(Path(dirpath, name).relative_to(root).as_posix())
    return found


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_check_survives_corpus_and_accounts_for_every_file(name: str) -> None:
    root = CORPORA / name
    run = run_cli("check", root, "--format", "json", "--allow-empty")  # without init, some corpora have no spec
    assert_no_traceback(run)
    assert run.code in (0, 1), run.stderr
    document = json.loads(run.stdout)
    expected = markdown_files(root)
    assert document["summary"]["files_scanned"] == len(expected)

    config = resolve_config(root)
    result = load_specs(root, config)
    specs = {spec.path for spec in result.specs}
    skipped = set(result.skipped_paths)
    reported = {hit.path for hit in result.issues if hit.spec is None}
    assert specs | skipped | reported == expected
    assert not (specs & skipped) and not (skipped & reported)
