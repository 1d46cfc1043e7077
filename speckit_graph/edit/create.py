"""Creating a new file inside the repository: all of it or nothing, and never over an existing one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from speckit_graph.core.errors import UsageError


def inside(root: Path, relpath: str) -> Path:
    """``root / relpath`` when it stays inside ``root`` once symlinks are resolved; UsageError otherwise."""
    base = root.resolve()
    target = (base / relpath).resolve()
    if target != base and base not in target.parents:
        raise UsageError(f"{relpath} is outside {root}; nothing is written outside PATH")
    return target


def create_file(root: Path, relpath: str, text: str) -> Path:
    """Write ``text`` (UTF-8) to a new file ``root/relpath``; UsageError when it exists or would leave ``root``.

    The text goes to a temporary file in the same folder, is flushed to disk, then linked
    under its name, which fails if the name was taken meanwhile: a reader never sees half a
    file and an existing file is never replaced. Missing folders are created (inside ``root``).
    """
    target = inside(root, relpath)
    if target.exists() or target.is_symlink():
        raise UsageError(f"{root / relpath} already exists; not overwritten")
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    inside(root, os.path.relpath(folder, root.resolve()))  # a folder created through a symlink is refused too
    handle, temporary = tempfile.mkstemp(prefix=".speckit-graph-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise UsageError(f"{root / relpath} already exists; not overwritten") from None
        except OSError:  # a filesystem without hard links: exclusive creation instead
            with open(target, "xb") as stream:
                stream.write(text.encode("utf-8"))
    finally:
        os.unlink(temporary)
    return target
