"""Reading and atomically writing the files edits apply to, never outside the repository root."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from speckit_graph.core.errors import UsageError


class OutsideRootError(UsageError):
    """The path (or the target of its symlink) is not a regular file inside the repository root."""


def resolve_target(root: Path, relpath: str) -> Path:
    """The real file ``relpath`` (POSIX, relative to ``root``) names, symlinks resolved.

    Refuses absolute paths, paths that climb out with ``..``, and symlinks whose target is
    outside ``root`` (itself resolved): a symlinked spec is edited at its target only when
    that target is inside the root. The file must exist and be a regular file.
    """
    pure = PurePosixPath(relpath)
    if pure.is_absolute() or not relpath or ".." in pure.parts or "\x00" in relpath:
        raise OutsideRootError(f"refusing to edit {relpath!r}: not a path inside the repository")
    real_root = root.resolve(strict=True)
    try:
        target = (real_root / pure).resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise OutsideRootError(f"refusing to edit {relpath}: {getattr(exc, 'strerror', None) or exc}") from None
    if target != real_root and real_root not in target.parents:
        raise OutsideRootError(f"refusing to edit {relpath}: it resolves to {target}, outside {real_root}")
    if not stat.S_ISREG(os.stat(target).st_mode):
        raise OutsideRootError(f"refusing to edit {relpath}: not a regular file")
    return target


def read_target(root: Path, relpath: str) -> bytes:
    """The bytes of ``relpath`` under ``root`` (see :func:`resolve_target` for what is refused)."""
    return resolve_target(root, relpath).read_bytes()


def write_atomic(root: Path, relpath: str, data: bytes) -> Path:
    """Replace ``relpath``'s content with ``data`` atomically; returns the real path written.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, get the
    old file's permission bits, then ``os.replace`` swaps them in (readers see the old or
    the new file, never half of one) and the folder is fsynced. A symlink is kept: its
    target is replaced.
    """
    staged = stage(root, relpath, data)
    try:
        swap_in(staged)
    except BaseException:
        discard(staged)
        raise
    return staged.target


@dataclass(frozen=True)
class Staged:
    """New content written and fsynced to ``temp`` (beside ``target``), not yet swapped in."""

    temp: Path
    target: Path


def stage(root: Path, relpath: str, data: bytes) -> Staged:
    """The first half of :func:`write_atomic`: the temporary file, complete, with the old file's mode.

    :func:`swap_in` finishes it (to ``relpath`` or to where the file has moved meanwhile);
    :func:`discard` drops it. Several files can be staged before any is swapped in.
    """
    target = resolve_target(root, relpath)
    mode = stat.S_IMODE(os.stat(target).st_mode)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".speckit-graph.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return Staged(Path(temp), target)


def swap_in(staged: Staged, target: Path | None = None) -> None:
    """Rename the staged file over ``target`` (default: the file it was staged for), atomically."""
    destination = target if target is not None else staged.target
    os.replace(staged.temp, destination)
    _fsync_dir(destination.parent)


def discard(staged: Staged) -> None:
    """Remove a staged file that will not be swapped in (no error when it is already gone)."""
    with contextlib.suppress(OSError):
        os.unlink(staged.temp)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
