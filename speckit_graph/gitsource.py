"""Read a folder as it was at a git revision, straight from git objects.

The working tree, the index and HEAD are never touched: files are streamed out of the
object database with ``git cat-file --batch`` into a temporary directory outside the
repository. A constant number of git processes runs whatever the number of files
(``rev-parse``, ``ls-tree``, one ``cat-file --batch``), so this stays fast on 100,000 specs.

Usage (``api.compare_with_revision`` does exactly this)::

    location = locate(Path("docs/specs"))
    with materialize(location.root, "origin/main", location.prefix, suffixes=(".md",)) as folder:
        graph = api.load(folder, config)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from speckit_graph.errors import UsageError

_BLOB_MODES = {"100644", "100755"}
_SYMLINK_MODE = "120000"


class GitSourceError(UsageError):
    """git is missing, the folder is not in a repository, or the revision does not exist."""


@dataclass(frozen=True)
class RepoLocation:
    """Where a folder sits in its repository: the top-level directory and the folder's prefix.

    ``prefix`` is POSIX, relative to ``root``, and empty for the top level itself.
    """

    root: Path
    prefix: str


def locate(path: Path) -> RepoLocation:
    """The repository that contains ``path`` (a directory)."""
    out = _git(path, ["rev-parse", "--show-toplevel", "--show-prefix"], what=f"cannot find the git work tree of {path}")
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 1 or not lines[0]:
        raise GitSourceError(f"{path} is not inside a git work tree")
    prefix = lines[1].strip("/") if len(lines) > 1 else ""
    return RepoLocation(Path(lines[0]), prefix)


def resolve(repo_root: Path, rev: str) -> str:
    """The full commit id ``rev`` names in ``repo_root``; GitSourceError when it names none."""
    if not rev or rev.startswith("-") or any(ch in rev for ch in "\0\n\r"):
        raise GitSourceError(f"not a git revision: {rev!r}")
    out = _git(
        repo_root,
        ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        what=f"unknown git revision {rev!r} in {repo_root} (is it fetched? shallow clones need fetch-depth: 0)",
    )
    return out.decode("ascii").strip()


@contextmanager
def materialize(
    repo_root: Path, rev: str, subpath: str = "", *, suffixes: Sequence[str] | None = None
) -> Iterator[Path]:
    """Yield a temporary directory holding ``subpath`` of ``repo_root`` as it is at ``rev``.

    The directory mirrors the folder itself (``subpath/a.md`` becomes ``<tmp>/a.md``) and is
    removed on exit. ``suffixes`` (case-insensitive, e.g. ``(".md",)``) limits which files
    are written; symlinks are recreated as symlinks and submodules skipped. A ``subpath``
    that did not exist at ``rev`` yields an empty directory: everything in it is new.
    """
    commit = resolve(repo_root, rev)
    prefix = PurePosixPath(subpath.strip("/")) if subpath.strip("/") not in ("", ".") else None
    listing = _git(repo_root, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", *([str(prefix)] if prefix else [])])
    wanted = tuple(s.lower() for s in suffixes) if suffixes is not None else None
    entries: list[tuple[str, str, PurePosixPath]] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, sha = meta.decode("ascii").split(" ")
        relpath = _relative(PurePosixPath(os.fsdecode(raw_path)), prefix)
        if relpath is None or kind != "blob" or (mode not in _BLOB_MODES and mode != _SYMLINK_MODE):
            continue
        if wanted is not None and mode != _SYMLINK_MODE and not relpath.name.lower().endswith(wanted):
            continue
        entries.append((mode, sha, relpath))
    folder = Path(tempfile.mkdtemp(prefix="speckit-graph-rev-"))
    try:
        _write_blobs(repo_root, entries, folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _relative(path: PurePosixPath, prefix: PurePosixPath | None) -> PurePosixPath | None:
    """``path`` below ``prefix``, or None when outside it or not a plain relative path."""
    if prefix is not None:
        try:
            path = path.relative_to(prefix)
        except ValueError:
            return None
    if not path.parts or path.is_absolute() or any(part in ("", ".", "..") for part in path.parts):
        return None
    return path


def _write_blobs(repo_root: Path, entries: list[tuple[str, str, PurePosixPath]], folder: Path) -> None:
    """Stream every blob through one ``git cat-file --batch`` and write it under ``folder``."""
    if not entries:
        return
    try:
        process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=repo_root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise GitSourceError(f"cannot run git: {exc.strerror or exc}") from None
    assert process.stdin is not None and process.stdout is not None
    # Feed the object ids from a thread: git answers while we still write, and a full pipe
    # on either side would otherwise deadlock on large repositories.
    feeder = threading.Thread(target=_feed, args=(process.stdin, [sha for _, sha, _ in entries]), daemon=True)
    feeder.start()
    try:
        for mode, sha, relpath in entries:
            data = _read_object(process.stdout, sha)
            target = folder.joinpath(*relpath.parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if mode == _SYMLINK_MODE:
                    os.symlink(os.fsdecode(data), target)
                else:
                    target.write_bytes(data)
            except OSError as exc:
                if mode == _SYMLINK_MODE:
                    continue  # no symlinks on this platform: the loader would not follow it anyway
                raise GitSourceError(f"cannot write {relpath} to a temporary folder: {exc.strerror or exc}") from None
    finally:
        process.stdout.close()
        feeder.join()
        process.wait()


def _feed(stdin: IO[bytes], shas: list[str]) -> None:
    try:
        for sha in shas:
            stdin.write(sha.encode("ascii") + b"\n")
        stdin.close()
    except (BrokenPipeError, ValueError):
        pass  # git exited early; the reader reports it


def _read_object(stdout: IO[bytes], sha: str) -> bytes:
    header = stdout.readline()
    parts = header.split()
    if len(parts) != 3 or parts[0].decode("ascii", "replace") != sha:
        raise GitSourceError(f"git cat-file returned an unexpected answer for {sha}: {header[:80]!r}")
    size = int(parts[2])
    data = stdout.read(size)
    stdout.read(1)  # the newline that ends each object
    if len(data) != size:
        raise GitSourceError(f"git cat-file ended early while reading {sha}")
    return data


def _git(cwd: Path, args: list[str], what: str | None = None) -> bytes:
    """Run one git command; its failure becomes a one-line GitSourceError."""
    try:
        completed = subprocess.run(
            ["git", *args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitSourceError("git is not installed or not on PATH") from None
    except NotADirectoryError:
        raise GitSourceError(f"not a directory: {cwd}") from None
    except OSError as exc:
        raise GitSourceError(f"cannot run git: {exc.strerror or exc}") from None
    if completed.returncode != 0:
        detail = " ".join(completed.stderr.decode("utf-8", "replace").split())
        if "not a git repository" in detail:
            raise GitSourceError(f"{cwd} is not inside a git work tree")
        if what is not None:
            # git's own words help with "dubious ownership" and similar setup problems.
            raise GitSourceError(f"{what} ({detail})" if detail else what)
        raise GitSourceError(f"git {args[0]} failed: {detail or f'exit code {completed.returncode}'}")
    return completed.stdout
