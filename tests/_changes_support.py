"""Temporary git repositories with commits at fixed times, for the diff / history / tree tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

HAS_GIT = subprocess.run(["git", "--version"], capture_output=True).returncode == 0
needs_git = pytest.mark.skipif(not HAS_GIT, reason="git is not installed")

BASE_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": "/nonexistent",
}  # fmt: skip


def spec_file(body: str = "Body.\n", **fields: Any) -> str:
    return f"---\n{yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)}---\n\n{body}"


def story(spec_id: str, **changes: Any) -> dict[str, Any]:
    return {"id": spec_id, "title": spec_id, "type": "user_story", "status": "draft", "parent": "spec-epic-001", **changes}


EPIC = {"id": "spec-epic-001", "title": "Epic", "type": "epic", "status": "draft"}


class GitRepo:
    """A work tree whose commits get the dates the test asks for (``day`` N = 2024-01-N)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test")
        self.git("config", "user.email", "test@example.invalid")

    def git(self, *args: str, date: str = "2024-01-01T00:00:00Z") -> str:
        env = {**os.environ, **BASE_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def write(self, relpath: str, text: str) -> None:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")

    def spec(self, relpath: str, body: str = "Body.\n", **fields: Any) -> None:
        self.write(relpath, spec_file(body, **fields))

    def commit(self, message: str, day: int) -> str:
        """Commit everything; returns the full commit id."""
        date = f"2024-{1 + (day - 1) // 28:02d}-{1 + (day - 1) % 28:02d}T12:00:00Z"
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()

    def status(self) -> str:
        return self.git("status", "--porcelain", "--ignored")
