"""Materialising a revision: a folder of a git tree's files, written so no write can leave it.

Used by ``diff`` and ``check --diff-base`` (which read the blobs straight into memory with
:func:`read_revision` and come here only for trees with symlinks): the tree is listed with one ``ls-tree`` and every blob
streamed through one ``cat-file --batch``; files are created relative to their parent folder's
descriptor with ``O_NOFOLLOW``, and symlinks are placed last, so a crafted tree cannot make a
write land outside the temporary folder.
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

from speckit_graph.vcs.git import GitSourceError, resolve, run_git

_BLOB_MODES = {"100644", "100755"}
_SYMLINK_MODE = "120000"


@contextmanager
def materialize(repo_root: Path, rev: str, subpath: str = "", *, suffixes: Sequence[str] | None = None) -> Iterator[Path]:
    """Yield a temporary directory holding ``subpath`` of ``repo_root`` as it is at ``rev``.

    The directory mirrors the folder itself (``subpath/a.md`` becomes ``<tmp>/a.md``) and is
    removed on exit. ``suffixes`` (case-insensitive, e.g. ``(".md",)``) limits which files
    are written; symlinks are recreated as symlinks and submodules skipped. A ``subpath``
    that did not exist at ``rev`` yields an empty directory: everything in it is new.
    """
    entries = _entries(repo_root, resolve(repo_root, rev), subpath, suffixes)
    folder = Path(tempfile.mkdtemp(prefix="speckit-graph-rev-"))
    try:
        _write_blobs(repo_root, entries, folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class RevisionFiles:
    """The Markdown files of a folder at a revision, as bytes: what ``diff`` loads without a temporary folder.

    ``files`` maps each path relative to the folder to its content; ``links`` is True when the
    tree holds a symlink there, which only a real folder can reproduce (:func:`materialize`).
    """

    files: dict[str, bytes]
    links: bool


def read_revision(repo_root: Path, commit: str, subpath: str = "", *, suffixes: Sequence[str] | None = None) -> RevisionFiles:
    """The blobs :func:`materialize` would write, read into memory through one ``git cat-file --batch``.

    Nothing is written; symlinks are not read (``links`` says there were some).
    """
    entries = _entries(repo_root, commit, subpath, suffixes)
    links = any(mode == _SYMLINK_MODE for mode, _, _ in entries)
    blobs = [entry for entry in entries if entry[0] != _SYMLINK_MODE]
    files: dict[str, bytes] = {}
    for (_, _, relpath), data in zip(blobs, _read_blobs(repo_root, [sha for _, sha, _ in blobs]), strict=True):
        files[relpath.as_posix()] = data
    return RevisionFiles(files, links)


@dataclass(frozen=True)
class RevisionTree:
    """The Markdown files of a folder at a revision, by blob id: what ``diff`` needs before reading any.

    ``blobs`` maps each path relative to the folder to its git blob id (the same content has the
    same id, so an unchanged file needs reading and parsing once); ``links`` as in :class:`RevisionFiles`.
    """

    blobs: dict[str, str]
    links: bool


def list_revision(repo_root: Path, commit: str, subpath: str = "", *, suffixes: Sequence[str] | None = None) -> RevisionTree:
    """The files :func:`read_revision` would read, with their blob ids; one ``ls-tree``, no content read."""
    entries = _entries(repo_root, commit, subpath, suffixes)
    blobs = {relpath.as_posix(): sha for mode, sha, relpath in entries if mode != _SYMLINK_MODE}
    return RevisionTree(blobs, any(mode == _SYMLINK_MODE for mode, _, _ in entries))


def read_blobs(repo_root: Path, shas: Sequence[str]) -> dict[str, bytes]:
    """The content of each blob, by id: one ``git cat-file --batch`` for all of them."""
    wanted = list(dict.fromkeys(shas))
    return dict(zip(wanted, _read_blobs(repo_root, wanted), strict=True))


def _entries(repo_root: Path, commit: str, subpath: str, suffixes: Sequence[str] | None) -> list[tuple[str, str, PurePosixPath]]:
    """(mode, blob id, path below ``subpath``) of the regular files and symlinks to write, in tree order."""
    prefix = PurePosixPath(subpath.strip("/")) if subpath.strip("/") not in ("", ".") else None
    listing = run_git(repo_root, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", *([str(prefix)] if prefix else [])])
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
    return entries


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
    links: list[tuple[PurePosixPath, bytes]] = []
    root_fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY)
    try:
        for (mode, _, relpath), data in zip(entries, _read_blobs(repo_root, [sha for _, sha, _ in entries]), strict=True):
            if mode == _SYMLINK_MODE:
                links.append((relpath, data))  # written last: no file is ever written through one
                continue
            try:
                _write_file(root_fd, relpath, data)
            except OSError as exc:
                raise GitSourceError(f"cannot write {relpath} to a temporary folder: {exc.strerror or exc}") from None
        for relpath, data in links:
            _write_link(root_fd, relpath, data)
    finally:
        os.close(root_fd)


def _read_blobs(repo_root: Path, shas: list[str]) -> Iterator[bytes]:
    """The content of each blob, in order, through one ``git cat-file --batch``."""
    if not shas:
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
    # Feed the object ids from a thread: git answers while we still read, and a full pipe
    # on either side would otherwise deadlock on large repositories.
    feeder = threading.Thread(target=_feed, args=(process.stdin, shas), daemon=True)
    feeder.start()
    try:
        for sha in shas:
            yield _read_object(process.stdout, sha)
    finally:
        process.stdout.close()
        feeder.join()
        process.wait()


_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _open_parent(root_fd: int, relpath: PurePosixPath) -> int:
    """A descriptor of ``relpath``'s folder below ``root_fd``, made as needed, never through a symlink.

    Each component is created with ``mkdir`` relative to its parent's descriptor and opened with
    ``O_NOFOLLOW``: a tree that holds both a symlink ``x`` and a file ``x/a.md`` cannot make
    the write land outside the temporary folder, whatever the order of the entries.
    """
    fd = os.dup(root_fd)
    try:
        for part in relpath.parts[:-1]:
            try:
                os.mkdir(part, 0o700, dir_fd=fd)
            except FileExistsError:
                pass
            child = os.open(part, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def _write_file(root_fd: int, relpath: PurePosixPath, data: bytes) -> None:
    parent = _open_parent(root_fd, relpath)
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | getattr(os, "O_BINARY", 0)
        fd = os.open(relpath.name, flags, 0o600, dir_fd=parent)
    finally:
        os.close(parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _write_link(root_fd: int, relpath: PurePosixPath, data: bytes) -> None:
    """Recreate a symlink (the loader decides later whether it stays inside); skip when impossible."""
    try:
        parent = _open_parent(root_fd, relpath)
    except OSError:
        return  # a folder on the way is a file or a link: nothing to place here
    try:
        os.symlink(os.fsdecode(data), relpath.name, dir_fd=parent)
    except (OSError, NotImplementedError):
        pass  # taken by a file or folder of the same name, or no symlinks on this platform
    finally:
        os.close(parent)


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
