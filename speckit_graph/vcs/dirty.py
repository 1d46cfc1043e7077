"""Which files have uncommitted changes: commands that edit files refuse to touch those.

Usage (``check --fix``, ``rename`` and ``move`` call it before writing)::

    dirty = uncommitted(folder, ["stories/a.md", "stories/b.md"])   # () outside a git work tree
    if dirty and not allow_dirty:
        raise DirtyFilesError(dirty)

One ``git status`` for the whole folder, whatever the number of files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from speckit_graph.core.errors import UsageError
from speckit_graph.vcs.git import GitSourceError, locate, run_git


class DirtyFilesError(UsageError):
    """Files to edit have uncommitted changes (exit code 2; ``--allow-dirty`` overrides)."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = tuple(paths)
        shown = ", ".join(self.paths[:5]) + (f" and {len(self.paths) - 5} more" if len(self.paths) > 5 else "")
        super().__init__(
            f"refusing to edit files with uncommitted changes: {shown} (commit or stash them, or pass --allow-dirty)"
        )


def uncommitted(folder: Path, relpaths: Iterable[str]) -> tuple[str, ...]:
    """The ``relpaths`` (POSIX, relative to ``folder``) that are modified, staged or untracked in git.

    Returns ``()`` when ``folder`` is not inside a git work tree (or git is missing):
    there is nothing to protect then. Sorted, each path once.
    """
    wanted = set(relpaths)
    if not wanted:
        return ()
    try:
        location = locate(folder)
        out = run_git(location.root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", location.prefix or "."])
    except GitSourceError:
        return ()
    prefix = f"{location.prefix}/" if location.prefix else ""
    dirty: set[str] = set()
    entries = out.split(b"\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        status, path = entry[:2], entry[3:].decode("utf-8", "surrogateescape")
        if status[:1] in (b"R", b"C"):
            index += 1  # the rename's source path follows as its own field
        if path.startswith(prefix) and path[len(prefix) :] in wanted:
            dirty.add(path[len(prefix) :])
    return tuple(sorted(dirty))
