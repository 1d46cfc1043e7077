"""Load git revisions of a folder from their blobs, each distinct file version parsed once.

``diff`` loads two revisions and ``check --diff-base`` one. Each is listed with one ``ls-tree``
(path -> blob id). The same path with the same blob id is the same content, so a file that did
not change between two revisions is read and parsed once and both graphs share its outcome;
outcomes the cache stored for a (path, blob id) in an earlier run are not parsed at all. What is
left is read through one ``git cat-file --batch`` and parsed in one pass of the worker pool, so
the files of both sides keep every core busy. Nothing is written to disk.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from speckit_graph.config.model import Config
from speckit_graph.load.cache import FileCache
from speckit_graph.load.issues import FileOutcome
from speckit_graph.load.loader import LoadResult, assemble, read_spec_file
from speckit_graph.load.packing import pack_outcome, unpack_outcome
from speckit_graph.load.parallel import read_files
from speckit_graph.load.walk import list_listed_files
from speckit_graph.vcs.materialize import list_revision, read_blobs

#: A file version: its path below the folder and its git blob id.
BlobKey = tuple[str, str]
#: Reads the content of several files of one side at once (missing ones are left out).
ReadMany = Callable[[Collection[str]], Mapping[str, bytes]]


#: Blobs read and parsed per round: bounds the file contents held at once (7 KB files: about
#: 140 MB), while each round stays large enough for the worker pool.
BATCH = 20_000


@dataclass(frozen=True)
class RevisionLoad:
    """One revision's load result and a reader of its files; ``result`` None when the tree
    holds symlinks, which only a real folder reproduces (the caller materialises it)."""

    result: LoadResult | None
    read: ReadMany


def load_revisions(
    repo_root: Path,
    commits: Sequence[str],
    prefix: str,
    config: Config,
    *,
    root: Callable[[str], Path],
    jobs: int | None,
    cache: FileCache | None,
    parsed: dict[BlobKey, FileOutcome],
) -> list[RevisionLoad]:
    """The folder ``prefix`` of ``repo_root`` at each commit, in order.

    ``root(commit)`` names the (non-existent) folder each side is loaded as; ``parsed`` holds the
    outcomes of file versions read before in this command, and receives the new ones.
    """
    trees = [list_revision(repo_root, commit, prefix, suffixes=(".md",)) for commit in commits]
    listed = [list_listed_files(tree.blobs, config) if not tree.links else [] for tree in trees]
    wanted = [(path, tree.blobs[path]) for tree, paths in zip(trees, listed, strict=True) for path in paths]
    _parse_missing(repo_root, wanted, config, jobs, cache, parsed)
    loads = []
    for commit, tree, paths in zip(commits, trees, listed, strict=True):
        reader = functools.partial(_read_side, repo_root, tree.blobs)
        if tree.links:
            loads.append(RevisionLoad(None, reader))
            continue
        outcomes = [parsed[(path, tree.blobs[path])] for path in paths]
        loads.append(RevisionLoad(assemble(root(commit), paths, (), outcomes, config), reader))
    return loads


def _parse_missing(
    repo_root: Path,
    wanted: Iterable[BlobKey],
    config: Config,
    jobs: int | None,
    cache: FileCache | None,
    parsed: dict[BlobKey, FileOutcome],
) -> None:
    """Fill ``parsed`` for every key: from the cache where it knows the blob, else read and parse it."""
    missing: list[BlobKey] = []
    for key in dict.fromkeys(wanted):
        if key in parsed:
            continue
        payload = cache.blob_payload(*key) if cache is not None else None
        if payload is None:
            missing.append(key)
            continue
        spec, issues, template = unpack_outcome(payload)
        parsed[key] = FileOutcome(spec=spec, issues=issues, template=template)
    for start in range(0, len(missing), BATCH):  # the content of one batch at a time in memory
        _parse_batch(repo_root, missing[start : start + BATCH], config, jobs, cache, parsed)


def _parse_batch(
    repo_root: Path,
    missing: Sequence[BlobKey],
    config: Config,
    jobs: int | None,
    cache: FileCache | None,
    parsed: dict[BlobKey, FileOutcome],
) -> None:
    contents = read_blobs(repo_root, [blob for _, blob in missing])
    # The pool hands each task its name only: "blob:path" tells the reader which content is meant.
    names = [f"{blob}:{path}" for path, blob in missing]
    read = functools.partial(_read_blob, contents)
    packed: list[bytes | None] = [None] * len(names)  # what workers sent back: not packed twice
    outcomes = read_files(Path(repo_root, ".speckit-graph-blobs"), names, config, read, FileOutcome, jobs=jobs, packed=packed)
    for key, outcome, payload in zip(missing, outcomes, packed, strict=True):
        parsed[key] = outcome
        if cache is not None:
            payload = payload if payload is not None else pack_outcome(outcome.spec, outcome.issues, outcome.template)
            if payload is not None:
                cache.record_blob(*key, payload)


def _read_blob(contents: Mapping[str, bytes], root: Path, name: str, config: Config) -> FileOutcome:
    """Parse the blob a task names, as the file at its path (the loader's own reading rules)."""
    blob, _, path = name.partition(":")
    return read_spec_file(root, path, config, contents[blob])


def _read_side(repo_root: Path, blobs: Mapping[str, str], paths: Collection[str]) -> dict[str, bytes]:
    """The content of those ``paths`` the revision holds, through one ``git cat-file --batch``."""
    known = [path for path in paths if path in blobs]
    contents = read_blobs(repo_root, [blobs[path] for path in known])
    return {path: contents[blobs[path]] for path in known}
