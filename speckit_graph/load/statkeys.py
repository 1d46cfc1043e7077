"""The stat keys of a long listing, taken on every CPU: the unchanged-repository check's largest cost.

A check that the cache answers whole still has to ``lstat`` every file (as git does): at
100,000 files that was a third of the run. The calls are system calls that Python cannot run
in parallel threads (each one hands the interpreter lock back and forth), so the listing is
cut into parts and forked processes stat all but the first, sending back only the three key
columns :mod:`~speckit_graph.load.cacheindex` compares (size, modification and change time,
8 bytes each). Anything unusual (no ``fork``, other threads running, a child that fails) falls
back to one process: the answer never depends on how it was computed.
"""

from __future__ import annotations

import os
import sys
import threading
from array import array
from collections.abc import Sequence
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple, Protocol

from speckit_graph.load.safe_read import lstat_all

#: Below this many files one process is as fast: forking costs a few milliseconds.
PARALLEL_STAT_THRESHOLD = 20_000
#: The stat fields of a key, in the order of the stored columns.
KEY_FIELDS = ("st_size", "st_mtime_ns", "st_ctime_ns")
#: What a scan keeps of each file: its type and permissions, then the key.
SCAN_FIELDS = ("st_mode", *KEY_FIELDS)


class FileStat(Protocol):
    """What the cache reads of a file's ``lstat``: an ``os.stat_result`` or a :class:`StatKey`."""

    @property
    def st_mode(self) -> int: ...
    @property
    def st_size(self) -> int: ...
    @property
    def st_mtime_ns(self) -> int: ...
    @property
    def st_ctime_ns(self) -> int: ...


class StatKey(NamedTuple):
    """The fields of an ``lstat`` the cache reads, as a forked scan sends them back."""

    st_mode: int
    st_size: int
    st_mtime_ns: int
    st_ctime_ns: int


def default_jobs() -> int:
    """The CPUs this process may run on (cgroup and affinity limits included)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def key_columns(stats: Sequence[FileStat | None]) -> tuple[bytes, bytes, bytes] | None:
    """Each key field of ``stats`` as little-endian int64 bytes; None when a file could not be
    stat'ed or a time does not fit 64 bits (past the year 2262: never trusted on time)."""
    try:
        columns = [little_endian(array("q", map(attrgetter(name), stats))) for name in KEY_FIELDS]
    except (AttributeError, OverflowError):
        return None
    size, mtime, ctime = (column.tobytes() for column in columns)
    return size, mtime, ctime


def stat_keys(stats: Sequence[FileStat | None]) -> bytes | None:
    """:func:`key_columns` joined, as the cache index stores them (every size, then every time)."""
    columns = key_columns(stats)
    return None if columns is None else b"".join(columns)


class Scan:
    """The stats of every file of a listing: this process's part as ``os.stat_result`` objects,
    the children's parts as int64 columns of mode, size, modification and change time.

    A file that could not be stat'ed is None in this process's part and has mode 0 in a
    child's (no real file has): :meth:`stats` says None for both.
    """

    def __init__(self, first: list[os.stat_result | None], columns: list[array[int]]):
        self.first = first
        self.modes, self.sizes, self.mtimes, self.ctimes = columns

    def keys(self) -> bytes | None:
        """The key columns as :func:`key_columns` gives them; None when some file was missing."""
        mine = key_columns(self.first)
        if mine is None or 0 in self.modes:
            return None
        theirs = [little_endian(array("q", column)).tobytes() for column in (self.sizes, self.mtimes, self.ctimes)]
        return b"".join(part for pair in zip(mine, theirs, strict=True) for part in pair)

    def stats(self) -> list[FileStat | None]:
        """Each file's stat in listing order (None: it could not be stat'ed); an object is built
        only for the children's files, which a changed repository's reading needs."""
        rows = map(StatKey._make, zip(self.modes, self.sizes, self.mtimes, self.ctimes, strict=True))
        return [*self.first, *(row if row.st_mode else None for row in rows)]


def scan_stats(root: Path, relpaths: Sequence[str], jobs: int | None) -> Scan | None:
    """:class:`Scan` of ``relpaths``, on ``jobs`` CPUs (None: all this process may use); None when
    it could not be taken that way (a child failed, a time past the year 2262): stat in one process."""
    parts = _split(relpaths, default_jobs() if jobs is None else jobs)
    if len(parts) < 2:
        return None
    children = [_fork_part(root, part) for part in parts[1:]]
    first = lstat_all(root, parts[0])
    answers = [_collect(child) for child in children]
    joined: list[array[int]] = [array("q") for _ in SCAN_FIELDS]
    for answer in answers:
        if answer is None:
            return None
        for column, part in zip(joined, answer, strict=True):
            column.extend(part)
    return Scan(first, joined)


def _scan_columns(stats: Sequence[os.stat_result | None]) -> list[array[int]] | None:
    """The scan fields of ``stats`` as int64 columns (a missing file: all zero); None past 64 bits."""
    try:
        return [array("q", (0 if info is None else getattr(info, name) for info in stats)) for name in SCAN_FIELDS]
    except OverflowError:
        return None


def little_endian(numbers: array[int]) -> array[int]:
    """``numbers`` in little-endian order (swapped in place on a big-endian machine)."""
    if sys.byteorder == "big":  # pragma: no cover - the stored columns are little-endian everywhere
        numbers.byteswap()
    return numbers


def _split(relpaths: Sequence[str], jobs: int) -> list[Sequence[str]]:
    count = min(jobs, 4)  # the calls share the kernel's caches: more parts stop paying
    if count < 2 or len(relpaths) < PARALLEL_STAT_THRESHOLD or not _can_fork():
        return [relpaths]
    step = -(-len(relpaths) // count)
    return [relpaths[start : start + step] for start in range(0, len(relpaths), step)]


def _can_fork() -> bool:
    """fork only where it is safe and cheap: Linux, and no other thread (whose locks a child would inherit)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


Child = tuple[int, int, int] | None  # pid, read end of the pipe, expected length


def _fork_part(root: Path, part: Sequence[str]) -> Child:
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: stat, write the columns, leave without running any exit handler
        status = 1
        try:
            os.close(read_end)
            columns = _scan_columns(lstat_all(root, part))
            data = memoryview(b"\x01" + b"".join(c.tobytes() for c in columns) if columns is not None else b"\x00")
            while data:
                data = data[os.write(write_end, data) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end, 1 + 8 * len(SCAN_FIELDS) * len(part)


def _collect(child: Child) -> list[array[int]] | None:
    """The columns a child sent, or None (it failed, or could not start: the caller falls back)."""
    if child is None:
        return None
    pid, read_end, expected = child
    chunks: list[bytes] = []
    try:
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)
    except OSError:
        chunks = []
    finally:
        os.close(read_end)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:  # pragma: no cover - reaped elsewhere
            pass
    data = b"".join(chunks)
    if len(data) != expected or data[:1] != b"\x01":
        return None
    numbers: array[int] = array("q")
    numbers.frombytes(data[1:])  # the child's own byte order: it is this machine
    width = len(numbers) // len(SCAN_FIELDS)
    return [numbers[i * width : (i + 1) * width] for i in range(len(SCAN_FIELDS))]
