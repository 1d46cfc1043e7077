"""Writing a ``move``: every link edit staged first, then the move, then the edits swapped in.

Nothing the user can see changes until every edited file is complete on disk (a temporary
file beside it, fsynced): a failure while staging (disk full, a read-only folder) or while
moving (``git mv`` refused) removes the temporary files and leaves the repository as it was.
Swapping in is a rename per file; should one fail after the move (a folder made read-only
meanwhile), the files already swapped in get their old bytes back and the file is moved back,
so no link is left pointing at a place the file is not; the error says what happened.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from speckit_graph.core.errors import UsageError
from speckit_graph.edit import Staged, discard, stage, swap_in, write_atomic
from speckit_graph.usecases.refs import Change, write_changes
from speckit_graph.vcs.move import move_file


def write_move(root: Path, old_rel: str, new_rel: str, changed: list[Change], allow_dirty: bool) -> bool:
    """Refuse dirty files, then stage, move and swap in as the module describes; True when git moved it."""
    write_changes(root, [], allow_dirty, also_check=(old_rel, *(c.relpath for c in changed)))
    staged: list[tuple[Change, Staged]] = []
    try:
        for item in changed:
            staged.append((item, stage(root, item.relpath, item.after)))
        by_git = move_file(root, old_rel, new_rel)
    except BaseException:
        for _, file in staged:
            discard(file)
        raise
    done: list[Change] = []
    for index, (item, file) in enumerate(staged):
        try:
            swap_in(file, root / new_rel if item.relpath == old_rel else None)
        except OSError as exc:
            for _, rest in staged[index:]:
                discard(rest)
            _roll_back(root, old_rel, new_rel, done)
            raise UsageError(
                f"cannot write {item.relpath} ({exc.strerror or exc}); the move was undone, no file changed"
            ) from None
        done.append(item)
    return by_git


def _roll_back(root: Path, old_rel: str, new_rel: str, done: list[Change]) -> None:
    """Best effort: the old bytes back in the files already swapped in, the file back where it was."""
    for item in done:
        with contextlib.suppress(OSError, UsageError):
            write_atomic(root, new_rel if item.relpath == old_rel else item.relpath, item.before)
    with contextlib.suppress(OSError, UsageError):
        move_file(root, new_rel, old_rel)
