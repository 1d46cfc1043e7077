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

from speckit_graph.load.safe_read import lstat_all

#: Below this many files one process is as fast: forking costs a few milliseconds.
PARALLEL_STAT_THRESHOLD = 20_000
#: The stat fields of a key, in the order of the stored columns.
KEY_FIELDS = ("st_size", "st_mtime_ns", "st_ctime_ns")


def default_jobs() -> int:
    """The CPUs this process may run on (cgroup and affinity limits included)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def key_columns(stats: Sequence[os.stat_result | None]) -> tuple[bytes, bytes, bytes] | None:
    """Each key field of ``stats`` as little-endian int64 bytes; None when a file could not be
    stat'ed or a time does not fit 64 bits (past the year 2262: never trusted on time)."""
    try:
        columns = [array("q", map(attrgetter(name), stats)) for name in KEY_FIELDS]
    except (AttributeError, OverflowError):
        return None
    if sys.byteorder == "big":  # pragma: no cover - the stored columns are little-endian everywhere
        for column in columns:
            column.byteswap()
    size, mtime, ctime = (column.tobytes() for column in columns)
    return size, mtime, ctime


def stat_keys(root: Path, relpaths: Sequence[str], jobs: int | None) -> bytes | None:
    """Every size, then every modification time, then every change time of ``relpaths`` (see
    :func:`key_columns`), on ``jobs`` CPUs (None: all this process may use); None when any file
    could not be stat'ed."""
    parts = _split(relpaths, default_jobs() if jobs is None else jobs)
    children = [_fork_part(root, part) for part in parts[1:]]
    mine = key_columns(lstat_all(root, parts[0]))
    answers = [mine, *(_collect(child) for child in children)]
    if any(answer is None for answer in answers):
        return None
    return b"".join(answer[field] for field in range(3) for answer in answers if answer is not None)


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
            columns = key_columns(lstat_all(root, part))
            data = memoryview(b"\x01" + b"".join(columns) if columns is not None else b"\x00")
            while data:
                data = data[os.write(write_end, data) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end, 1 + 24 * len(part)


def _collect(child: Child) -> tuple[bytes, bytes, bytes] | None:
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
    width = (expected - 1) // 3
    return data[1 : 1 + width], data[1 + width : 1 + 2 * width], data[1 + 2 * width :]
