"""The pre-commit hook as users install it: a snapshot of this repository and ``pre-commit try-repo``.

Shared by tests/e2e/test_precommit.py and its background job: try-repo builds the hook's own
virtualenv and pip-installs the package into it, tens of seconds mostly spent waiting on pip,
so the session starts ``try_repo_job`` at its start (tests/support/background.py) and the test
asserts on what it returns.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.background import JobResult

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}  # fmt: skip
#: What the hook needs to install: the package and its build description.
HOOK_FILES = ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md", "LICENSE", "speckit_graph")


def sh(command: list[str], cwd: Path, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **GIT_ENV, **env})


def git_repo(root: Path) -> Path:
    sh(["git", "init", "-q", "-b", "main"], root)
    sh(["git", "add", "-A"], root)
    done = sh(["git", "commit", "-q", "-m", "snapshot"], root)
    assert done.returncode == 0, done.stderr
    return root


def snapshot_hook_repo(root: Path) -> Path:
    """A committed snapshot of this repository's installable files (what users point pre-commit at)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in HOOK_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.is_file():
            shutil.copy2(source, root / name)
    return git_repo(root)


def spec_repo(parent: Path, example: str) -> Path:
    root = parent / example
    shutil.copytree(EXAMPLES / example, root)
    return git_repo(root)


def pre_commit_command(scratch: Path) -> tuple[list[str], dict[str, str]] | str:
    """The pre-commit command: the installed one, or one pip installs into ``scratch``; else why not."""
    try:
        import pre_commit  # noqa: F401

        return [sys.executable, "-m", "pre_commit"], {}
    except ImportError:
        pass
    target = scratch / "pre-commit-lib"
    target.mkdir(parents=True, exist_ok=True)
    done = sh([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--target", str(target), "pre-commit"], target, timeout=300)  # fmt: skip
    if done.returncode != 0:
        return f"pre-commit cannot be installed: {done.stderr.strip().splitlines()[-1:]}"
    return [sys.executable, "-m", "pre_commit"], {"PYTHONPATH": str(target)}


def index_reachable(scratch: Path) -> bool:
    """Can pip download from the package index (pre-commit's hook install needs it)?"""
    scratch.mkdir(parents=True, exist_ok=True)
    done = sh([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-cache-dir",
               "--disable-pip-version-check", "--dest", str(scratch), "cfgv"], scratch, timeout=60)  # fmt: skip
    return done.returncode == 0


def try_repo_job(scratch: Path) -> JobResult:
    """One ``pre-commit try-repo`` of a snapshot of this repository on the defective example.

    try-repo builds a fresh hook environment every time (a virtualenv, then ``pip install .``
    of the hook repository). The virtualenv sees this Python's site-packages, where the test
    extras put the package's dependencies: pip then builds and installs only the hook itself
    instead of downloading networkx and the rest from the index (a minute saved on every run).
    """
    found = pre_commit_command(scratch)
    if isinstance(found, str):
        return JobResult(returncode=-1, skip=found)
    if not index_reachable(scratch / "download"):
        return JobResult(returncode=-1, skip="no network to the package index, which try-repo needs to build "
                         "the hook's environment; test_hook_installed_by_hand covers the hook offline")  # fmt: skip
    command, env = found
    hook_repo = snapshot_hook_repo(scratch / "hook-repo")
    env = {**env, "PRE_COMMIT_HOME": str(scratch / "pre-commit-home"), "NO_COLOR": "1",
           "VIRTUALENV_SYSTEM_SITE_PACKAGES": "true"}  # fmt: skip
    try_repo = [*command, "try-repo", str(hook_repo), "speckit-graph", "--all-files", "--color", "never"]
    done = sh(try_repo, spec_repo(scratch, "broken"), timeout=300, **env)
    return JobResult(done.returncode, done.stdout, done.stderr)
