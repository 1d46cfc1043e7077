"""Shared test helpers: write small spec repositories and run the installed command."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.findings import CheckResult
from speckit_graph.usecases import api

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "examples"
SHARED = REPO_ROOT.parent / "shared"


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
    return api.check(api.load(root, config), config, **kwargs)


def codes(result: CheckResult) -> list[str]:
    return [f.code for f in result.findings]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def speckit_graph_command() -> list[str]:
    """The installed console script when present, else the module (same entry point)."""
    script = shutil.which("speckit-graph", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    return [script] if script else [sys.executable, "-m", "speckit_graph"]


#: ``check`` caches parse results in the user cache folder; tests keep theirs out of $HOME.
TEST_CACHE_HOME = tempfile.mkdtemp(prefix="speckit-graph-test-cache-")
atexit.register(shutil.rmtree, TEST_CACHE_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_cache_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", TEST_CACHE_HOME)


def run_cli(*args: str | Path, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Run:
    full_env = {**os.environ, "NO_COLOR": "", "COLUMNS": "200", **(env or {})}
    full_env.pop("NO_COLOR")
    proc = subprocess.run(
        [*speckit_graph_command(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=full_env,
        timeout=300,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def assert_no_traceback(run: Run) -> None:
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr[-2000:]
