"""Shared test helpers: write small spec repositories and run the command (see tests/support/cli.py)."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.findings import CheckResult
from speckit_graph.usecases.check import check as check_graph
from speckit_graph.usecases.load import load
from tests.support import background
from tests.support.cli import Run, assert_no_traceback, run_cli, run_installed, speckit_graph_command

__all__ = ["Run", "assert_no_traceback", "run_cli", "run_installed", "speckit_graph_command"]

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "examples"
#: The project's shared folder (corpora of real repositories), beside the repository in CI;
#: SPECKIT_GRAPH_SHARED points elsewhere (a git worktree has no ../shared of its own).
SHARED = Path(os.environ.get("SPECKIT_GRAPH_SHARED") or REPO_ROOT.parent / "shared")


def spec_text(body: str = "Body.\n", **fields: Any) -> str:
    """A spec file: YAML frontmatter from ``fields`` (in order) and a body."""
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) if fields else ""
    return f"---\n{front}---\n\n{body}"


def good_fields(spec_id: str, **overrides: Any) -> dict[str, Any]:
    """A complete, valid story; tests override only what they are about."""
    fields: dict[str, Any] = {
        "id": spec_id,
        "title": f"Title of {spec_id}",
        "type": "user_story",
        "category": "backlog",
        "status": "draft",
        "priority": "medium",
        "createdAt": "2024-01-01",
        "updatedAt": "2024-02-01",
        "parent": "spec-epic-root-001",
        "dependencies": [],
        "related": [],
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not ...}


EPIC = good_fields("spec-epic-root-001", type="epic", parent=None)


def write_repo(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Callable[..., Path]:
    """``repo({"a.md": text, ...})`` writes a repository and returns its root."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_repo(tmp_path / "repo", files)

    return make


def check_repo(root: Path, config: Config | Mapping[str, Any] | None = None, **kwargs: Any) -> CheckResult:
    if isinstance(config, Mapping):
        config = parse_config(config)
    config = config if config is not None else Config()
    return check_graph(load(root, config), config, **kwargs)


def codes(result: CheckResult) -> list[str]:
    return [f.code for f in result.findings]


#: ``check`` caches parse results in the user cache folder; tests keep theirs out of $HOME.
TEST_CACHE_HOME = tempfile.mkdtemp(prefix="speckit-graph-test-cache-")
atexit.register(shutil.rmtree, TEST_CACHE_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_cache_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", TEST_CACHE_HOME)


#: Slow outside-tool runs that start with the session and overlap the rest (tests/support/background.py).
BACKGROUND_JOBS = (
    background.Job("tests.test_tooling:mypy_job", "tests/test_tooling.py", "test_mypy_is_clean_on_the_package_and_the_tests"),
    background.Job("tests.e2e.precommit_hook:try_repo_job", "tests/e2e/test_precommit.py", "test_try_repo_runs_the_hook"),
)
_STARTED_JOBS = pytest.StashKey[list[subprocess.Popen[bytes]]]()


def pytest_configure(config: pytest.Config) -> None:
    """In the controlling process only (xdist workers have ``workerinput``), and not when -k/-m filter."""
    if hasattr(config, "workerinput") or config.option.keyword or config.option.markexpr or config.option.collectonly:
        return
    config.stash[_STARTED_JOBS] = background.start(BACKGROUND_JOBS, config.args, config.invocation_params.dir)


def pytest_unconfigure(config: pytest.Config) -> None:
    started = config.stash.get(_STARTED_JOBS, None)
    if started is None:
        return
    background.stop(started)
    folder = os.environ.pop(background.JOBS_ENV, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first and the background jobs' tests last (a stable sort: the rest keep their order).

    Why: xdist hands each worker a share and lets idle workers steal; a slow test started late
    is the run's tail, one CPU busy and the other idle. A background job's test, started
    early, would only wait for its job; at the end, the result is there.
    """
    collectors = {(job.test_file, job.test_name) for job in BACKGROUND_JOBS}

    def rank(item: pytest.Item) -> int:
        if (item.nodeid.partition("::")[0], getattr(item, "originalname", item.name)) in collectors:
            return 2
        return 0 if item.get_closest_marker("slow") else 1

    items.sort(key=rank)
