"""speckit-graph never writes into the repository it reads: every command, proven by hashing."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, assert_no_traceback, run_cli
from tests.hostile.corpus import build

#: (arguments after the repository path is substituted for {repo}); every command is listed here.
COMMANDS: list[list[str]] = [
    ["check", "{repo}"],
    ["check", "{repo}", "--format", "json"],
    ["check", "{repo}", "--select", "SG1", "--fail-on", "info"],
    ["check", "{repo}", "--format", "sarif"],
    ["check", "{repo}", "--format", "github"],
    ["check", "{repo}", "--format", "junit"],
    ["check", "{repo}", "--write-baseline", "{out}/baseline.json"],
    ["check", "{repo}", "--diff"],
    ["check", "{repo}", "--diff", "--unsafe-fixes", "--select", "SG", "--format", "sarif"],
    ["graph", "{repo}", "--format", "dot"],
    ["graph", "{repo}", "--format", "mermaid"],
    ["graph", "{repo}", "--format", "svg", "-o", "{out}/graph.svg"],
    ["graph", "{repo}", "--format", "graphml"],
    ["report", "{repo}/checkout", "--format", "md"],
    ["report", "{repo}/checkout", "--format", "html", "-o", "{out}/report.html"],
    ["report", "{repo}/checkout", "--release", "no-such-release"],
    ["report", "{repo}", "--format", "json"],
    ["impact", "spec-epic-payments-001", "{repo}/checkout"],
    ["impact", "spec-epic-payments-001", "{repo}/checkout", "--format", "svg"],
    ["order", "{repo}", "--format", "md"],
    ["init", "{repo}/checkout", "--stdout"],
    ["init", "{repo}/hostile", "--dry-run"],
    ["init", "{repo}", "--force", "--stdout"],
    ["tree", "spec-epic-payments-001", "{repo}/checkout"],
    ["tree", "spec-epic-payments-001", "{repo}", "--direction", "dependents"],
    ["new", "{repo}/checkout", "--type", "user_story", "--title", "Dry", "--parent", "spec-epic-payments-001", "--dry-run"],
    ["rename", "spec-epic-payments-001", "spec-epic-payments-009", "{repo}/checkout", "--dry-run"],
    ["move", "{repo}/checkout/epics/payments.md", "{repo}/checkout/epics/x/payments.md", "{repo}/checkout", "--dry-run"],
    # diff and check --history need a git repository: tests/test_changes_readonly.py hashes one, .git included
]


def snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every entry under root: content hash (or link target), mtime in ns, mode."""
    state: dict[str, tuple[str, int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath, name)
            info = path.lstat()
            if path.is_symlink():
                digest = "link:" + os.readlink(path)
            elif path.is_file():
                try:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    digest = "unreadable"
            else:
                digest = "dir"
            state[path.relative_to(root).as_posix()] = (digest, info.st_mtime_ns, info.st_mode)
    return state


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readonly") / "repo"
    shutil.copytree(EXAMPLES / "broken", root / "broken", symlinks=True)
    shutil.copytree(EXAMPLES / "checkout", root / "checkout", symlinks=True)
    (root / "hostile").mkdir()
    build(root / "hostile")
    return root


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c).replace("{repo}", "REPO"))
def test_command_leaves_the_repository_untouched(repository: Path, tmp_path: Path, command: list[str]) -> None:
    before = snapshot(repository)
    (tmp_path / "out").mkdir()
    args = [arg.replace("{repo}", str(repository)).replace("{out}", str(tmp_path / "out")) for arg in command]
    env = {"HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = run_cli(*args, cwd=tmp_path, env=env)
    assert_no_traceback(run)
    assert run.code in (0, 1, 2)
    assert snapshot(repository) == before
