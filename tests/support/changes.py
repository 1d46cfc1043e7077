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


SAVE_CARD = """---
id: 'spec-story-save-card-001'
title: 'Shopper saves a card for next time'
type: 'user_story'
category: 'backlog'
author: 'Luis Ortega'
version: '0.1.0'
status: 'draft'
priority: 'medium'
createdAt: 2024-04-10
updatedAt: 2024-04-10
estimatedEffort: 16
reviewers: []
approvers: []
tags: ['payments', 'cards', 'release-2.2']

# Traceability links for SpeckIt validation
parent: 'spec-feature-card-payments-001'
dependencies: ['spec-api-payment-intents-001', 'spec-api-saved-cards-001']
related: []
---

# Shopper saves a card for next time

A returning shopper can store the card used for this order and pick it next time.
"""


def build_demo(root: Path) -> GitRepo:
    """examples/checkout as release 2.1 (tag v2.1), then two commits of 2.2 work (docs/changes.md).

    Fixed names, e-mails and dates: the commit ids, and so every output shown in the docs,
    are the same on every machine.
    """
    import shutil

    from tests.conftest import EXAMPLES

    shutil.copytree(EXAMPLES / "checkout", root)
    repo = GitRepo(root)

    def edit(relpath: str, old: str, new: str) -> None:
        path = root / relpath
        text = path.read_text(encoding="utf-8")
        assert old in text, (relpath, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")

    repo.commit("Release 2.1", day=60)  # 2024-03-04
    repo.git("tag", "v2.1")
    edit("api/payment-intents.md", "version: '0.9.0'", "version: '0.10.0'")
    edit("api/payment-intents.md", "updatedAt: 2024-03-09", "updatedAt: 2024-04-02")
    edit(
        "api/payment-intents.md",
        "from the GET response; pending.",
        "from the GET response; done.\n\n## Declines\n`confirm` returns the issuer's decline code with `card_declined`.",
    )
    repo.commit("Payment intents: decline codes", day=63)  # 2024-03-07
    repo.write("stories/save-card.md", SAVE_CARD)
    edit("stories/apple-pay.md", "status: 'draft'", "status: 'review'")
    (root / "ui" / "archive").mkdir()
    repo.git("mv", "ui/legacy-receipt-page.md", "ui/archive/legacy-receipt-page.md")
    edit("features/promo-codes.md", "updatedAt: 2024-03-08", "updatedAt: 2024-03-12")
    edit("features/promo-codes.md", "dependencies: ['spec-data-cart-001']", "dependencies: []")
    edit(
        "stories/apply-promo-code.md",
        "dependencies: ['spec-api-checkout-session-001']",
        "dependencies: ['spec-api-checkout-session-001', 'spec-data-cart-001']",
    )
    repo.commit("Saved cards, Apple Pay in review", day=68)  # 2024-03-12
    return repo
