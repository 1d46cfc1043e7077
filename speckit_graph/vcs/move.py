"""Moving a file the way the repository expects: ``git mv`` for a tracked file, a plain rename otherwise.

The one place speckit-graph changes git's index (``speckit-graph move``); everything else in
this package only reads.
"""

from __future__ import annotations

import os
from pathlib import Path

from speckit_graph.vcs.git import GitSourceError, locate, run_git


def tracked(folder: Path, relpath: str) -> bool:
    """Whether ``folder/relpath`` is tracked by the git repository ``folder`` is in (False outside git)."""
    try:
        location = locate(folder)
        run_git(folder, ["ls-files", "--error-unmatch", "--", relpath])
    except GitSourceError:
        return False
    return bool(location.root)


def move_file(folder: Path, old: str, new: str) -> bool:
    """Move ``folder/old`` to ``folder/new`` (POSIX, relative to ``folder``); True when git moved it.

    The caller has checked both paths (inside the repository, ``new`` free). Missing folders
    of ``new`` are created.
    """
    (folder / new).parent.mkdir(parents=True, exist_ok=True)
    if tracked(folder, old):
        run_git(folder, ["mv", "--", old, new], what=f"git mv {old} {new} failed")
        return True
    if (folder / new).exists():
        raise FileExistsError(new)
    os.replace(folder / old, folder / new)
    return False
