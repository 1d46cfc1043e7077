"""Scratch folders in RAM for tests that create thousands of files or folders.

Why: creating and removing 100,000 files, or 2,000 nested folders, on a busy disk took
minutes here and seconds in RAM (/dev/shm); those tests are about the command's handling of
the tree, not about the disk. Where there is no writable /dev/shm, ``tmp_path`` serves.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SHM = Path("/dev/shm")


@contextmanager
def in_memory_folder(fallback: Path) -> Iterator[Path]:
    """A fresh folder in /dev/shm, removed afterwards; ``fallback`` where there is none."""
    if not (SHM.is_dir() and os.access(SHM, os.W_OK)):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="speckit-graph-test-", dir=SHM))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
