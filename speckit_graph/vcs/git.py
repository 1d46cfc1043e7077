"""Read a folder as it was at a git revision, straight from git objects.

The working tree, the index and HEAD are never touched: files are streamed out of the
object database with ``git cat-file --batch`` into a temporary directory outside the
repository. A constant number of git processes runs whatever the number of files
(``rev-parse``, ``ls-tree``, one ``cat-file --batch``), so this stays fast on 100,000 specs.

Usage (``usecases.check`` does exactly this for ``--diff-base``)::

    location = locate(Path("docs/specs"))
    with materialize(location.root, "origin/main", location.prefix, suffixes=(".md",)) as folder:
        graph = load(folder, config)
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from speckit_graph.core.errors import UsageError


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
    out = run_git(path, ["rev-parse", "--show-toplevel", "--show-prefix"], what=f"cannot find the git work tree of {path}")
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 1 or not lines[0]:
        raise GitSourceError(f"{path} is not inside a git work tree")
    prefix = lines[1].strip("/") if len(lines) > 1 else ""
    return RepoLocation(Path(lines[0]), prefix)


def resolve(repo_root: Path, rev: str) -> str:
    """The full commit id ``rev`` names in ``repo_root``; GitSourceError when it names none."""
    if not rev or rev.startswith("-") or any(ch in rev for ch in "\0\n\r"):
        raise GitSourceError(f"not a git revision: {rev!r}")
    out = run_git(
        repo_root,
        ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        what=f"unknown git revision {rev!r} in {repo_root} (is it fetched? shallow clones need fetch-depth: 0)",
    )
    return out.decode("ascii").strip()


def run_git(cwd: Path, args: list[str], what: str | None = None) -> bytes:
    """Run one git command; its failure becomes a one-line GitSourceError."""
    try:
        completed = subprocess.run(
            ["git", *args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, check=False, env=_env()
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


# ---------------------------------------------------------------------------------------
# History plumbing: one log walk and one object stream, whatever the number of files

ZERO_SHA = "0" * 40
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file in one commit of ``git log --raw``: status letter, blob ids and paths.

    ``status`` is ``A`` (added), ``D`` (deleted), ``M``, ``T`` (type change) or ``R``
    (renamed, ``old_path`` set). Paths are POSIX, relative to the scanned folder.
    """

    status: str
    old_sha: str
    new_sha: str
    path: str
    old_path: str | None = None


@dataclass(frozen=True, slots=True)
class LogCommit:
    """A commit of the walk: id, committer time (seconds since the epoch) and its file changes."""

    commit: str
    time: int
    changes: tuple[FileChange, ...]


def shallow_boundary(repo_root: Path) -> frozenset[str] | None:
    """The boundary commits of a shallow clone (what history stops at), or None with full history."""
    out = run_git(repo_root, ["rev-parse", "--is-shallow-repository", "--git-path", "shallow"])
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if not lines or lines[0].strip() != "true":
        return None
    shallow_file = Path(lines[1]) if len(lines) > 1 else Path(".git/shallow")
    if not shallow_file.is_absolute():
        shallow_file = repo_root / shallow_file
    try:
        text = shallow_file.read_text(encoding="ascii", errors="replace")
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def head_commit(repo_root: Path) -> str | None:
    """The commit HEAD points at, or None in a repository without commits yet."""
    try:
        out = run_git(repo_root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
    except GitSourceError:
        return None
    return out.decode("ascii").strip() or None


def log_changes(repo_root: Path, commit: str, subpath: str = "") -> Iterator[LogCommit]:
    """Every commit reachable from ``commit`` that touched ``subpath``, newest first (topological order).

    One ``git log --raw`` streamed as it is produced: renames are detected (``-M``), merge
    commits carry no changes of their own (their sides' commits do), and paths come back
    relative to ``subpath``. User configuration that would change the output format
    (relative paths, signatures, rename settings) is overridden.
    """
    prefix = subpath.strip("/")
    pathspec = [f":(top,literal){prefix}"] if prefix not in ("", ".") else []
    args = [
        "git", "-c", "log.showSignature=false", "-c", "diff.renames=true", "-c", "core.quotePath=false",
        "log", "--topo-order", "-M", "--raw", "--no-abbrev", "-z", "--no-relative", "--no-color",
        "--format=%x1e%H %ct", commit, "--", *pathspec,
    ]  # fmt: skip
    try:
        process = subprocess.Popen(
            args, cwd=repo_root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()
        )
    except OSError as exc:
        raise GitSourceError(f"cannot run git: {exc.strerror or exc}") from None
    assert process.stdout is not None and process.stderr is not None
    # stderr is drained by a thread so a chatty git cannot block on a full pipe
    errors: list[bytes] = []
    drain = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)  # type: ignore[union-attr]
    drain.start()
    strip = f"{prefix}/" if pathspec else ""
    try:
        yield from _parse_log(_tokens(process.stdout), strip)
    finally:
        process.stdout.close()
        process.wait()
        drain.join()
    if process.returncode > 0:
        detail = " ".join(b"".join(errors).decode("utf-8", "replace").split())
        raise GitSourceError(f"git log failed: {detail or f'exit code {process.returncode}'}")


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """NUL-separated fields of a stream, read in large chunks."""
    pending = b""
    while True:
        chunk = stream.read(1 << 16)
        if not chunk:
            break
        pending += chunk
        parts = pending.split(b"\0")
        pending = parts.pop()
        yield from parts
    if pending:
        yield pending


def _parse_log(tokens: Iterator[bytes], strip: str) -> Iterator[LogCommit]:
    commit: str | None = None
    time = 0
    changes: list[FileChange] = []
    for token in tokens:
        token = token.lstrip(b"\n")
        if not token:
            continue
        if token.startswith(b"\x1e"):
            if commit is not None:
                yield LogCommit(commit, time, tuple(changes))
            head = token[1:].decode("ascii", "replace").split()
            commit, time, changes = head[0], int(head[1]) if len(head) > 1 else 0, []
            continue
        if not token.startswith(b":"):
            continue  # pragma: no cover - a path token without its header: ignore rather than misread
        meta = token[1:].decode("ascii", "replace").split()
        if len(meta) != 5:
            continue  # pragma: no cover - combined diffs are never asked for
        _old_mode, _new_mode, old_sha, new_sha, status = meta
        first = os.fsdecode(next(tokens, b""))
        second = os.fsdecode(next(tokens, b"")) if status[:1] in ("R", "C") else None
        letter = status[:1]
        if letter == "C":  # a copy leaves the original in place: for the new file it is an addition
            letter, first, second = "A", second or first, None
        new_path = second if second is not None else first
        old_path = first if second is not None else None
        path = _strip(new_path, strip)
        if path is None:
            continue
        changes.append(FileChange(letter, old_sha, new_sha, path, _strip(old_path, strip) if old_path else None))
    if commit is not None:
        yield LogCommit(commit, time, tuple(changes))


def _strip(path: str | None, prefix: str) -> str | None:
    if path is None:
        return None
    if not prefix:
        return path
    return path[len(prefix) :] if path.startswith(prefix) else None


def changed_paths(repo_root: Path, old: str, new: str | None, subpath: str = "") -> frozenset[str]:
    """Paths under ``subpath`` (relative to it) whose content may differ between two commits.

    ``new`` None compares with the working tree (tracked files only: an untracked file is
    new anyway); a file whose timestamps changed but not its content may be listed too, so
    callers compare contents. Plumbing only (``diff-tree``/``diff-index``): unlike
    ``git diff``, it never refreshes, so never writes, the index.
    """
    prefix = subpath.strip("/")
    pathspec = [f":(top,literal){prefix}"] if prefix not in ("", ".") else []
    common = ["-r", "-z", "--no-renames", "--no-ext-diff"]
    if new is None:
        args = ["diff-index", *common, old]
    else:
        args = ["diff-tree", *common, old, new]
    out = run_git(repo_root, [*args, "--", *pathspec])
    strip = f"{prefix}/" if pathspec else ""
    result = set()
    tokens = iter(out.split(b"\0"))
    for token in tokens:
        if token.lstrip(b"\n").startswith(b":"):
            path = _strip(os.fsdecode(next(tokens, b"")), strip)
            if path:
                result.add(path)
    return frozenset(result)


def tracked_blobs(repo_root: Path, commit: str, subpath: str = "") -> dict[str, str]:
    """Blob id of every file under ``subpath`` at ``commit`` (paths relative to it). One ``ls-tree``."""
    prefix = subpath.strip("/")
    out = run_git(repo_root, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", *([prefix] if prefix not in ("", ".") else [])])
    strip = f"{prefix}/" if prefix not in ("", ".") else ""
    blobs: dict[str, str] = {}
    for record in out.split(b"\0"):
        meta, _, raw_path = record.partition(b"\t")
        parts = meta.decode("ascii", "replace").split(" ")
        if len(parts) != 3 or parts[1] != "blob":
            continue
        path = _strip(os.fsdecode(raw_path), strip)
        if path:
            blobs[path] = parts[2]
    return blobs


def is_object_name(text: str) -> bool:
    """A full or abbreviated (4+ hex digits) object id: the only names history accepts from spec files."""
    return 4 <= len(text) <= 40 and set(text) <= _HEX


class ObjectReader:
    """One ``git cat-file --batch`` process answering any number of rounds of requests.

    Each :meth:`read` writes its names from a thread while the answers are read, so neither
    pipe can fill up and deadlock; the process stays up between rounds (``close`` ends it).
    """

    def __init__(self, repo_root: Path) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=repo_root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_env(),
            )
        except OSError as exc:
            raise GitSourceError(f"cannot run git: {exc.strerror or exc}") from None

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, names: Sequence[str]) -> Iterator[tuple[str, str, str | None, bytes]]:
        """``(name, object id, type, content)`` per name, in order; type None when git knows no such object."""
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        stdin, stdout = process.stdin, process.stdout
        feeder = threading.Thread(target=_feed_open, args=(stdin, list(names)), daemon=True)
        feeder.start()
        try:
            for name in names:
                header = stdout.readline()
                if not header:
                    raise GitSourceError("git cat-file ended early")
                parts = header.split()
                if len(parts) == 2 and parts[1] in (b"missing", b"ambiguous"):
                    yield name, "", None, b""
                    continue
                if len(parts) != 3:
                    raise GitSourceError(f"git cat-file returned an unexpected answer for {name}: {header[:80]!r}")
                size = int(parts[2])
                data = stdout.read(size)
                stdout.read(1)
                if len(data) != size:
                    raise GitSourceError(f"git cat-file ended early while reading {name}")
                yield name, parts[0].decode("ascii", "replace"), parts[1].decode("ascii", "replace"), data
        finally:
            feeder.join()

    def close(self) -> None:
        process = self._process
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        process.wait()


def _feed_open(stdin: IO[bytes], names: list[str]) -> None:
    """Write one request per line and flush, leaving stdin open for the next round."""
    try:
        for name in names:
            stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        stdin.flush()
    except (BrokenPipeError, ValueError):
        pass  # git exited early; the reader reports it


def _env() -> dict[str, str]:
    """The environment for git: read-only.

    No optional lock, so no opportunistic index refresh (the repository is never written),
    and no one-by-one fetching of the objects a partial clone lacks.
    """
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_LAZY_FETCH": "1"}
