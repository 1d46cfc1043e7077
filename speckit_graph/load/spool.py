"""Packed outcomes set aside on disk until the cache is written, instead of held in memory.

A cold check of 100,000 specs packs some 165 MB of outcomes for the cache. They are only read
again when the cache file is written, at the very end, but were held in memory through the
graph build and the rules, where the run's peak memory is. The spool is an anonymous temporary
file in the (private) cache folder: gone when closed, or when the process ends.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO

#: Where one payload lies: the spool, the offset and the length. A slot names its own spool, so once
#: that spool is closed the slot reads as lost (an error), never as another spool's bytes.
Slot = tuple["Spool", int, int]
#: Bytes gathered in memory before each write to the spool file.
SPOOL_BUFFER = 1 << 20


class Spool:
    """Append payloads, read them back by slot. Any failure to write means "keep it in memory"."""

    def __init__(self, directory: Path, prefix: str):
        self._directory, self._prefix = directory, prefix
        self._file: IO[bytes] | None = None
        self._end = 0
        self._broken = False  # could not be created or written: no more payloads go there
        self._dirty = False  # written since the last read: flush before reading

    def put(self, payload: bytes) -> Slot | None:
        """The slot where ``payload`` now lies, or None when it could not be set aside."""
        if self._broken:
            return None
        try:
            if self._file is None:
                self._directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                # A large buffer: one write call per megabyte, not per 8 KB. Each call lets the pool's
                # result threads take the interpreter lock, and getting it back cost more than the write.
                self._file = tempfile.TemporaryFile(
                    dir=self._directory, prefix=self._prefix, suffix=".spool", buffering=SPOOL_BUFFER
                )
            self._file.write(payload)
        except OSError:  # a full disk, a folder that cannot be written: the payload stays in memory
            self._broken = True  # what part of it was written is unknown: write nothing more after it
            return None
        slot = (self, self._end, len(payload))
        self._end += len(payload)
        self._dirty = True
        return slot

    @staticmethod
    def get(slot: Slot) -> bytes:
        """The payload in ``slot``; OSError when its spool lost it or was closed (then no cache is written)."""
        return slot[0]._get(slot[1], slot[2])

    def _get(self, offset: int, length: int) -> bytes:
        if self._file is None:
            raise OSError("the spool is closed")
        if self._dirty:
            self._file.flush()
            self._dirty = False
        data = os.pread(self._file.fileno(), length, offset) if hasattr(os, "pread") else self._read(offset, length)
        if len(data) != length:
            raise OSError("spool cut short")
        return data

    def _read(self, offset: int, length: int) -> bytes:  # pragma: no cover - systems without pread
        assert self._file is not None
        self._file.seek(offset)
        data = self._file.read(length)
        self._file.seek(0, os.SEEK_END)
        return data

    def close(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            try:
                file.close()
            except OSError:  # nothing to keep: it was a temporary file
                pass
