"""Scan the files ``[trace]`` names: walk once, read each file once, in parallel, cached.

The walk lists the repository's files and sorts each into code, tests or JUnit results by
the configured globs. Code and test files are scanned by :class:`~speckit_graph.trace.scan.Scanner`
(in worker processes beyond :data:`~speckit_graph.load.parallel.PARALLEL_THRESHOLD` files),
and what each file mentions is kept in a :class:`~speckit_graph.load.cache.FileCache` of its
own, keyed by path, size and time and validated by content hash, exactly like spec files.
Files over ``max-file-size``, binaries (a NUL byte in the first 8 KiB), symlinks and
unreadable files are skipped and listed in ``TraceIndex.skipped``.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speckit_graph.config.model import DEFAULT_EXCLUDED_DIRS
from speckit_graph.config.trace import TraceSettings
from speckit_graph.core.trace import CODE, TEST, CaseResult, Mention, TraceIndex
from speckit_graph.load.cache import FileCache, content_digest, fingerprint
from speckit_graph.load.packing import dump_plain, load_plain
from speckit_graph.load.parallel import PARALLEL_THRESHOLD, default_jobs, pool_context
from speckit_graph.load.safe_read import lstat_all, read_limited
from speckit_graph.load.walk import compile_glob, walk_folders
from speckit_graph.trace.junit import UnsafeXml, read_junit
from speckit_graph.trace.languages import FAMILIES, family_of
from speckit_graph.trace.scan import Found, Scanner
from speckit_graph.trace.shapes import IdShapes

#: How many bytes at the start of a file are looked at for a NUL byte (binary files are skipped).
BINARY_SNIFF = 8192
#: One file to scan: its repository-relative path and the index of its scanner.
Task = tuple[str, int]
#: A file's result: ("ok", mentions) or ("skip", reason); ("same", None) when its digest matched.
Scanned = tuple[str, Any]


@dataclass(frozen=True)
class Listing:
    """The files to trace, repository-relative, sorted: (path, role, scanner index) and results files."""

    sources: tuple[tuple[str, str, int], ...]
    results: tuple[str, ...]


def list_files(root: Path, settings: TraceSettings) -> Listing:
    """Walk ``root`` once; each file goes to tests (first), code, or results by the first glob it matches.

    When every glob starts with a literal folder (``src/**/*.py``), only those folders are walked.
    """
    tests, code, results = (_any_of(globs) for globs in (settings.tests, settings.code, settings.results))
    profiles = [compile_glob(p.glob) for p in settings.patterns]
    globs = tuple(g.strip().removeprefix("./") for g in (*settings.code, *settings.tests, *settings.results))
    firsts = {g.split("/", 1)[0] for g in globs}
    named = {first for first in firsts if not any(c in first for c in "*?[")}  # build/..., .github/...
    only = named if all("/" in g.strip("/") and g.split("/", 1)[0] in named for g in globs) else None
    skipped_dirs = set(DEFAULT_EXCLUDED_DIRS) - named
    sources: list[tuple[str, str, int]] = []
    found_results: list[str] = []
    for dirpath, dirnames, filenames in walk_folders(root):
        reldir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        prefix = "" if reldir == "." else reldir + "/"
        if only is not None and not prefix:
            dirnames[:] = sorted(d for d in dirnames if d in only)
            continue  # every glob names a folder: no file at the top can match
        dirnames[:] = sorted(d for d in dirnames if (prefix + d) in named or not (d.startswith(".") or d in skipped_dirs))
        for name in sorted(filenames):
            rel = prefix + name
            if results(rel):
                found_results.append(rel)
                continue
            role = TEST if tests(rel) else CODE if code(rel) else None
            if role is not None:
                profile = next((i + 1 for i, p in enumerate(profiles) if p.match(rel)), 0) if profiles else 0
                if not profile and settings.comments_by_language:
                    family = family_of(name)
                    profile = 0 if family is None else 1 + len(profiles) + family
                sources.append((rel, role, profile))
    return Listing(tuple(sorted(sources)), tuple(sorted(found_results)))


def _any_of(globs: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a path matches any of ``globs``: one regex for all (a loop of matches cost a fifth of the walk)."""
    if not globs:
        return lambda _: False
    combined = re.compile("|".join(f"(?:{compile_glob(g).pattern})" for g in globs))
    return lambda rel: combined.match(rel) is not None


def scanners(shapes: IdShapes, settings: TraceSettings) -> list[Scanner]:
    """Index 0: the defaults; then one per ``[trace.patterns]`` entry, in order; then one per language family."""
    built = [Scanner.build(shapes, settings.markers, settings.comments)]
    built.extend(Scanner.build(shapes, p.markers, p.comments) for p in settings.patterns)
    if settings.comments_by_language:
        built.extend(Scanner.build(shapes, settings.markers, openers) for openers in FAMILIES)
    return built


def collect(
    root: Path,
    spec_root: Path,
    settings: TraceSettings,
    shapes: IdShapes,
    *,
    results_limit: int,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    version: str = "",
) -> TraceIndex:
    """Every mention in the code and test files under ``root`` and every spec-naming JUnit case.

    Paths in the result are relative to ``spec_root`` (the folder the specs were read from).
    """
    listing = list_files(root, settings)
    built = scanners(shapes, settings)
    relpaths = [rel for rel, _, _ in listing.sources]
    cache = _open_cache(root, cache_dir, settings, shapes, version)
    try:
        tasks = [(rel, profile) for rel, _, profile in listing.sources]
        outcomes = scan_files(root, tasks, built, settings.max_file_size, jobs, cache)
    finally:
        if cache is not None:
            cache.retain(relpaths)
            cache.save()
    shown = _Paths(root, spec_root)
    mentions: list[Mention] = []
    skipped: list[tuple[str, str]] = []
    for (rel, role, _), (status, value) in zip(listing.sources, outcomes, strict=True):
        if status == "skip":
            skipped.append((shown(rel), value))
            continue
        if value:
            path = shown(rel)
            mentions.extend(Mention(path, line, column, spec_id, role, kind) for line, column, spec_id, kind in value)
    results: list[CaseResult] = []
    for rel in listing.results:
        path = shown(rel)
        problem = _read_results(root / rel, path, built[0], results_limit, results, mentions)
        if problem is not None:
            skipped.append((path, problem))
    scanned = len(listing.sources) + len(listing.results) - len(skipped)
    return TraceIndex(tuple(sorted(mentions)), tuple(sorted(results)), scanned, tuple(sorted(skipped)))


class _Paths:
    """Repository-relative paths shown relative to the spec folder (``../src/app.py``)."""

    def __init__(self, root: Path, spec_root: Path) -> None:
        self.offset = os.path.relpath(os.path.realpath(root), os.path.realpath(spec_root)).replace(os.sep, "/")

    def __call__(self, rel: str) -> str:
        return rel if self.offset == "." else os.path.normpath(f"{self.offset}/{rel}").replace(os.sep, "/")


def _read_results(
    file: Path, path: str, scanner: Scanner, limit: int, results: list[CaseResult], mentions: list[Mention]
) -> str | None:
    """Add the cases of one JUnit file; the reason it was skipped, or None."""
    try:
        data = read_limited(file, limit + 1)
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if len(data) > limit:
        return f"larger than limits.max-file-size ({limit:,} bytes)"
    try:
        cases, naming = read_junit(data, path, scanner)
    except UnsafeXml as exc:
        return f"JUnit XML refused: {exc}"
    except ValueError as exc:
        return f"not JUnit XML: {exc}"
    results.extend(cases)
    for case, (spec_id, how) in zip(cases, naming, strict=True):
        mentions.append(Mention(path, case.line or 1, 1, spec_id, TEST, how))
    return None


# ---------------------------------------------------------------------------------------
# Scanning files: here or in workers, through the cache


def scan_files(
    root: Path, tasks: Sequence[Task], built: list[Scanner], limit: int, jobs: int | None, cache: FileCache | None
) -> list[Scanned]:
    """("ok", mentions) or ("skip", reason) for each task, in order."""
    out: list[Scanned | None] = [None] * len(tasks)
    stats = lstat_all(root, [rel for rel, _ in tasks]) if cache is not None else [None] * len(tasks)
    todo: list[tuple[int, str, int, bytes | None]] = []
    for index, (rel, profile) in enumerate(tasks):
        info = stats[index]
        entry = cache.lookup(rel, info) if cache is not None and info is not None else None
        payload = cache.payload(entry) if cache is not None and entry is not None else None
        if payload is not None:
            out[index] = load_plain(payload)
            continue
        known = cache.known(rel) if cache is not None else None
        todo.append((index, rel, profile, known.digest if known is not None else None))
    jobs = default_jobs() if jobs is None else max(1, jobs)
    work = _Work(_base(root), built, limit, cache is not None)
    done = _in_pool(work, todo, jobs) if jobs > 1 and len(todo) >= PARALLEL_THRESHOLD else None
    if done is None:
        done = [(index, *work.scan(rel, profile, known)) for index, rel, profile, known in todo]
    for index, scanned, digest in done:
        rel = tasks[index][0]
        if scanned[0] == "same" and cache is not None:
            entry = cache.known(rel)
            payload = cache.payload(entry) if entry is not None else None
            scanned = load_plain(payload) if payload is not None else work.scan(rel, tasks[index][1], None)[0]
        out[index] = scanned
        info = stats[index]
        if cache is not None and info is not None and stat.S_ISREG(info.st_mode):
            cache.record(rel, info, digest, dump_plain(scanned))
    assert all(item is not None for item in out)
    return out  # type: ignore[return-value]


def _base(root: Path) -> str:
    """``root`` as a string ending in a separator: joined to each path by ``+`` (pathlib costs as much as the scan)."""
    base = os.fspath(root)
    return base if base.endswith(os.sep) else base + os.sep


@dataclass(frozen=True)
class _Work:
    """What scanning one file needs, here or in a worker: where, how, up to what size, whether to hash."""

    base: str
    built: list[Scanner]
    limit: int
    hashing: bool  # only a cache needs the content digest (a quarter of a cold scan's time)

    def scan(self, rel: str, profile: int, known: bytes | None) -> tuple[Scanned, bytes | None]:
        """("ok", mentions), ("skip", reason) or ("same", None) when the digest is ``known``; and the digest."""
        try:
            data = read_limited(self.base + rel, self.limit + 1)
        except OSError as exc:
            return ("skip", f"unreadable: {exc.strerror or exc}"), None
        if len(data) > self.limit:
            return ("skip", f"larger than trace.max-file-size ({self.limit:,} bytes)"), None
        digest = content_digest(data) if self.hashing or known is not None else None
        if known is not None and digest == known:
            return ("same", None), digest
        if b"\x00" in data[:BINARY_SNIFF]:
            return ("skip", "binary file"), digest
        found: list[Found] = self.built[profile].scan(data)
        return ("ok", found), digest


_worker: _Work | None = None


def _init(work: _Work) -> None:
    global _worker
    _worker = work
    gc.disable()


def _chunk(chunk: list[tuple[int, str, int, bytes | None]]) -> list[tuple[int, Scanned, bytes | None]]:
    assert _worker is not None
    scan = _worker.scan
    return [(index, *scan(rel, profile, known)) for index, rel, profile, known in chunk]


def _in_pool(
    work: _Work, todo: list[tuple[int, str, int, bytes | None]], jobs: int
) -> list[tuple[int, Scanned, bytes | None]] | None:
    """The scans done by ``jobs`` worker processes; None when processes cannot be started (scan here)."""
    size = max(64, min(1024, len(todo) // (jobs * 4) or 1))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    try:
        executor = ProcessPoolExecutor(
            max_workers=min(jobs, len(chunks)), mp_context=pool_context(), initializer=_init, initargs=(work,)
        )
    except (OSError, NotImplementedError, ValueError):
        return None
    done: list[tuple[int, Scanned, bytes | None]] = []
    with executor:
        futures = [(executor.submit(_chunk, chunk), chunk) for chunk in chunks]
        for future, chunk in futures:
            try:
                done.extend(future.result())
            except BrokenProcessPool:  # a worker died: do its part here
                done.extend((index, *work.scan(rel, profile, known)) for index, rel, profile, known in chunk)
    return done


def _open_cache(root: Path, cache_dir: Path | None, settings: TraceSettings, shapes: IdShapes, version: str) -> FileCache | None:
    """The trace cache: its own file beside the spec cache (a different key, so neither prunes the other)."""
    if cache_dir is None:
        return None
    from speckit_graph.load.cache import unsafe_directory

    if unsafe_directory(cache_dir) is not None:
        return None
    key = Path(os.path.realpath(root)) / ".speckit-graph-trace"  # not a real file: only names the cache
    return FileCache.open(cache_dir, key, fingerprint(("trace", settings, shapes.key()), version))
