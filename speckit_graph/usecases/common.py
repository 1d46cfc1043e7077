"""What every use case shares: how a repository is named and loaded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class LoadOptions:
    """The repository and how to read it: the same for every command that reads one.

    ``cache_dir`` None means no cache (``--no-cache``); the CLI fills in the default folder.
    ``jobs`` None means one worker per CPU. ``overlay`` (path relative to the folder ->
    content) replaces what those files hold on disk: ``check --diff`` judges the fixed
    contents in memory this way. The folder is still walked (the overlay adds no file), the
    cache only ever records what is on disk, and no result is remembered for an overlay.
    """

    path: Path = Path(".")
    config_file: Path | None = None
    jobs: int | None = None
    cache_dir: Path | None = None
    overlay: Mapping[str, bytes] | None = field(default=None, hash=False)


@dataclass(frozen=True)
class Outcome:
    """Base of every use case's result: ``notes`` are one-line remarks for stderr (never findings)."""

    notes: tuple[str, ...] = field(default=(), kw_only=True)
