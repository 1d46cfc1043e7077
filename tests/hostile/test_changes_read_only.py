"""diff, check --history and tree read a git repository without writing a byte of it (index included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_no_traceback, run_cli
from tests.hostile.test_read_only import snapshot
from tests.support.changes import build_demo, needs_git

pytestmark = needs_git

COMMANDS = [
    ["diff", "v2.1"],
    ["diff", "v2.1", "HEAD", "--format", "json"],
    ["diff", "v2.1", "--format", "md"],
    ["diff", "v2.1", "--format", "mermaid"],
    ["diff", "v2.1", "--format", "dot"],
    ["check", "--history"],
    ["check", "--history", "--diff-base", "v2.1"],
    ["tree", "spec-feature-card-payments-001"],
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = build_demo(tmp_path_factory.mktemp("readonly") / "demo")
    # uncommitted work, and a file whose timestamps changed but not its content
    (repo.root / "features" / "card-payments.md").write_text(
        (repo.root / "features" / "card-payments.md").read_text(encoding="utf-8") + "More.\n", encoding="utf-8"
    )
    touched = repo.root / "stories" / "apple-pay.md"
    touched.write_bytes(touched.read_bytes())
    return repo.root


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_command_leaves_the_repository_untouched(demo: Path, command: list[str]) -> None:
    before = snapshot(demo)
    run = run_cli(*command, cwd=demo)
    assert_no_traceback(run)
    assert run.code in (0, 1), run.stderr
    assert snapshot(demo) == before  # .git/index and every object file included
