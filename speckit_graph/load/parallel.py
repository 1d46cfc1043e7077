"""Read many spec files fast: cached results first, then worker processes for the rest.

The unit of work stays the loader's ``read_spec_file(root, relpath, config)``. Files are
sent to workers in chunks of paths and come back as compact packed bytes (see
:func:`speckit_graph.load.packing.pack_outcome`), never as pickled object graphs, which
cost more to load than the parse they saved. Small jobs (under ``PARALLEL_THRESHOLD``
files to parse) stay in this process: starting workers costs more than it brings.
Results always come back in the order of ``relpaths``, so output never depends on
scheduling.
"""

from __future__ import annotations

import gc
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit
from speckit_graph.core.model import Spec
from speckit_graph.load.cache import RACY_WINDOW_NS, FileCache, content_digest
from speckit_graph.load.packing import pack_outcome, unpack_judged
from speckit_graph.load.safe_read import lstat_all, read_limited
from speckit_graph.load.statkeys import FileStat, default_jobs

if TYPE_CHECKING:  # the pool's modules are imported when a pool starts: most runs stay in one process
    from concurrent.futures import Future

#: Below this many files to parse, one process is faster than starting workers.
PARALLEL_THRESHOLD = 2000


class Outcome(Protocol):
    spec: Spec | None
    issues: list[Hit]
    template: bool
    judged: list[Hit]


O = TypeVar("O", bound=Outcome)  # noqa: E741
ReadFn = Callable[[Path, str, Config], O]
MakeFn = Callable[..., O]  # called as make(spec=..., issues=..., template=..., judged=...)
Progress = Callable[[int, int], None]
#: Sent back by a worker for an outcome that cannot be packed (see ``pack_outcome``).
UNPACKABLE = b""
#: One file to parse: its index in the listing, its path, whether to hash it, the known digest.
Task = tuple[int, str, bool, "bytes | None"]
#: What comes back: index, packed outcome (None: same content as the known digest), digest.
Done = tuple[int, "bytes | None", "bytes | None"]


def read_files(
    root: Path,
    relpaths: Sequence[str],
    config: Config,
    read: ReadFn[O],
    make: MakeFn[O],
    *,
    jobs: int | None = None,
    cache: FileCache | None = None,
    progress: Progress | None = None,
    packed: list[bytes | None] | None = None,
) -> list[O]:
    """``read(root, path, config)`` for every path, in order, reusing ``cache`` when given.

    ``packed`` (one slot per path) receives the packed outcome a worker sent back, so a caller
    that stores outcomes does not pack them again; slots of files read here stay None.
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    total = len(relpaths)
    results: list[O | None] = [None] * total
    if cache is None and (jobs == 1 or total < PARALLEL_THRESHOLD):
        for index, relpath in enumerate(relpaths):
            results[index] = read(root, relpath, config)
            if progress is not None and index % 256 == 255:
                progress(index + 1, total)
        return _finish(results, progress, total)

    stats = _stats(root, relpaths, cache)
    limit = config.limits.max_file_size
    tasks = _plan(relpaths, stats, cache, limit, make, results)
    done = total - len(tasks)
    if progress is not None and done:
        progress(done, total)

    def accept(index: int, outcome: O | None, payload: bytes | None, digest: bytes | None) -> None:
        relpath, info = relpaths[index], stats[index]
        if outcome is None and payload is None:  # same content as before, only the time changed
            assert cache is not None and info is not None
            entry = cache.known(relpath)
            assert entry is not None
            payload = cache.payload(entry)
            if payload is None:  # pragma: no cover - the payload section vanished: parse after all
                outcome, digest = _parse(root, relpath, config, read, False, None)
        if outcome is None and payload == UNPACKABLE:  # a worker could not send it back: parse here
            outcome, digest = _parse(root, relpath, config, read, False, None)
            payload = None
        if outcome is None:
            assert payload is not None
            outcome = _make(make, payload)
            if packed is not None:
                packed[index] = payload
        results[index] = outcome
        if cache is not None and info is not None and stat.S_ISREG(info.st_mode) and info.st_size <= limit:
            if payload is None:
                payload = pack_outcome(outcome.spec, outcome.issues, outcome.template, outcome.judged)
            if payload is not None:
                cache.record(relpath, info, digest, payload)

    if len(tasks) < PARALLEL_THRESHOLD or jobs == 1:
        for count, (index, relpath, wants_digest, known_digest) in enumerate(tasks, 1):
            outcome, digest = _parse(root, relpath, config, read, wants_digest, known_digest)
            accept(index, outcome, None, digest)
            if progress is not None and count % 256 == 0:
                progress(done + count, total)
    else:

        def report(finished: int) -> None:
            if progress is not None:
                progress(done + finished, total)

        _run_pool(root, config, read, tasks, jobs, lambda i, p, d: accept(i, None, p, d), report)
    if cache is not None:
        cache.retain(relpaths)
    return _finish(results, progress, total)


def _plan(
    relpaths: Sequence[str],
    stats: Sequence[FileStat | None],
    cache: FileCache | None,
    limit: int,
    make: MakeFn[O],
    results: list[O | None],
) -> list[Task]:
    """Fill ``results`` from the cache where it can; the files still to parse, as tasks."""
    tasks: list[Task] = []
    for index, relpath in enumerate(relpaths):
        info = stats[index]
        if cache is None or info is None or not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            tasks.append((index, relpath, False, None))  # not cacheable: symlinks, unreadable, too big
            continue
        entry = cache.lookup(relpath, info)
        payload = cache.payload(entry) if entry is not None else None
        if payload is not None:
            results[index] = _make(make, payload)
            continue
        known = cache.known(relpath)
        racy = max(info.st_mtime_ns, info.st_ctime_ns) + RACY_WINDOW_NS >= cache.scan_started_ns
        wants_digest = known is not None or racy  # changed before or just now: worth hashing
        tasks.append((index, relpath, wants_digest, known.digest if known is not None else None))
    return tasks


def _make(make: MakeFn[O], payload: bytes) -> O:
    spec, issues, template, judged = unpack_judged(payload)
    return make(spec=spec, issues=issues, template=template, judged=judged)


def _finish(results: list[O | None], progress: Progress | None, total: int) -> list[O]:
    if progress is not None:
        progress(total, total)
    assert all(r is not None for r in results)
    return results  # type: ignore[return-value]


def _stats(root: Path, relpaths: Sequence[str], cache: FileCache | None) -> Sequence[FileStat | None]:
    """lstat of every path, reusing the cache's scan when it already did the work (only a cache needs them)."""
    if cache is None:
        return [None] * len(relpaths)
    known = cache.scanned(relpaths)
    return known if known is not None else lstat_all(root, relpaths)


# ---------------------------------------------------------------------------------------
# The work, in this process or a worker


def _parse(
    root: Path, relpath: str, config: Config, read: ReadFn[O], wants_digest: bool, known: bytes | None
) -> tuple[O | None, bytes | None]:
    """Parse one file, unless its content hashes to ``known``: (outcome or None, digest).

    With ``wants_digest`` the file is read and hashed first, and read again after parsing:
    when the two reads differ the file changed under us and no digest is returned, so the
    entry is checked again next time rather than trusted.
    """
    if not wants_digest:
        return read(root, relpath, config), None
    path = root / relpath
    limit = config.limits.max_file_size + 1
    try:
        before: bytes | None = read_limited(path, limit)
    except OSError:
        before = None
    digest = content_digest(before) if before is not None else None
    if digest is not None and digest == known:
        return None, digest
    outcome = read(root, relpath, config)
    try:
        after: bytes | None = read_limited(path, limit)
    except OSError:
        after = None
    return outcome, digest if after == before else None


_worker_state: tuple[Path, Config, ReadFn[Any]] | None = None


def _init_worker(root: Path, config: Config, read: ReadFn[Any]) -> None:
    global _worker_state
    _worker_state = (root, config, read)
    gc.disable()  # short-lived and allocation-heavy; see load.gcpause


def _work_chunk(chunk: list[Task]) -> list[Done]:
    """In a worker: parse a chunk of files and pack each outcome into bytes for the trip back."""
    assert _worker_state is not None
    root, config, read = _worker_state
    done: list[Done] = []
    for index, relpath, wants_digest, known in chunk:
        outcome, digest = _parse(root, relpath, config, read, wants_digest, known)
        done.append((index, _packed(outcome), digest))
    return done


def _packed(outcome: Outcome | None) -> bytes | None:
    if outcome is None:
        return None
    payload = pack_outcome(outcome.spec, outcome.issues, outcome.template, outcome.judged)
    return UNPACKABLE if payload is None else payload


def _context() -> Any:
    """fork on Linux: workers start in milliseconds and import nothing (Python's own default
    there up to 3.13); spawn elsewhere, where fork is unsafe or missing."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


#: The multiprocessing context every pool of the package uses (the trace scanner's too).
pool_context = _context


def _run_pool(
    root: Path,
    config: Config,
    read: ReadFn[Any],
    tasks: list[Task],
    jobs: int,
    accept: Callable[[int, bytes | None, bytes | None], None],
    progress: Callable[[int], None],
) -> None:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(tasks, jobs)
    pending: dict[Future[list[Done]], list[Task]] = {}
    finished = 0
    try:
        gc.freeze()  # forked workers then share the parent's pages instead of copying them
        executor = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=_context(),
                                       initializer=_init_worker, initargs=(root, config, read))  # fmt: skip
    except (OSError, NotImplementedError, ValueError):  # no process support here: do it ourselves
        gc.unfreeze()
        executor = None
    if executor is None:
        for chunk in chunks:
            for done in _work_chunk_here(root, config, read, chunk):
                accept(*done)
            finished += len(chunk)
            progress(finished)
        return
    leftovers: list[Task] = []
    try:
        with executor:
            for chunk in chunks:
                pending[executor.submit(_work_chunk, chunk)] = chunk
            while pending:  # in submission order: progress moves steadily
                future = next(iter(pending))
                chunk = pending.pop(future)  # a finished future keeps its result: let both go once used
                try:
                    results = future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory): finish here
                    leftovers.extend(chunk)
                    continue
                for done in results:
                    accept(*done)
                finished += len(results)
                progress(finished)
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        gc.unfreeze()
    for done in _work_chunk_here(root, config, read, leftovers):
        accept(*done)
        finished += 1
        progress(finished)


def _chunks(tasks: list[Task], jobs: int) -> list[list[Task]]:
    """Tasks in chunks that shrink towards the end (guided scheduling).

    Large chunks keep the trips between processes few; small last ones let every worker
    finish at about the same time, instead of one worker parsing a last 512 files while
    the others wait (about 0.15 s at 10,000 specs on 2 CPUs).
    """
    chunks: list[list[Task]] = []
    start = 0
    while start < len(tasks):
        size = max(32, min(512, (len(tasks) - start) // (jobs * 4)))
        chunks.append(tasks[start : start + size])
        start += size
    return chunks


def _work_chunk_here(root: Path, config: Config, read: ReadFn[Any], chunk: list[Task]) -> Iterator[Done]:
    for index, relpath, wants_digest, known in chunk:
        outcome, digest = _parse(root, relpath, config, read, wants_digest, known)
        yield index, _packed(outcome), digest
