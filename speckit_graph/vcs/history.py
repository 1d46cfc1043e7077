"""When did each spec last change *substantively*? Read once from git, for SG305 and ``diff``.

A change is substantive when the spec's meaning changed: its body, or a frontmatter field
outside ``[history] ignore-fields`` (bookkeeping such as ``updatedAt``, ``version`` or
``status``). Whitespace, line wrapping, key order, quoting style and YAML spelling (``~``
versus an empty value) are not changes. Each file version is reduced to a fingerprint of
that meaning, so two versions compare in constant time.

The walk costs a constant number of git processes: one ``git log --raw`` over the folder
(blob ids of every version of every file), one ``git cat-file --batch`` that streams the
blobs needed, in rounds (most files are decided by their newest change; a file whose
latest edits were cosmetic needs one more round per such edit), plus ``rev-parse`` and
one ``git diff`` for uncommitted changes. Rules never call git: the result is a plain
:class:`~speckit_graph.core.model.History` attached to the graph.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from speckit_graph.config.model import Config
from speckit_graph.core.model import REVIEWED_KEY, UNCOMMITTED_TIME, History, Revision
from speckit_graph.vcs import git as gitsource

try:  # the C composer is several times faster; both build the same node tree
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Keys that describe how speckit-graph treats a spec, never what the spec says.
TOOL_KEYS = (REVIEWED_KEY, "speckit-graph")

_OPENING = re.compile(rb"---[ \t]*\r?(?:\n|$)")
_CLOSING = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_NULL_TAG = "tag:yaml.org,2002:null"
_UNCOMMITTED = Revision(UNCOMMITTED_TIME, 0, "")


# ---------------------------------------------------------------------------------------
# Fingerprints of a file version


@dataclass(frozen=True)
class Normaliser:
    """Reduces a spec file's bytes to fingerprints of what it says.

    ``canonical_of`` maps field aliases to canonical names (``spec_id`` -> ``id``), so
    renaming a key to its alias is not a change; ``ignored`` holds canonical field names.
    """

    ignored: frozenset[str]
    canonical_of: Mapping[str, str] = field(default_factory=dict)
    max_size: int = 10 * 1024 * 1024

    @classmethod
    def for_config(cls, config: Config) -> Normaliser:
        canonical_of = {alias: name for name, aliases in config.aliases.items() for alias in aliases}
        return cls(
            ignored=frozenset((*config.history.ignore_fields, *TOOL_KEYS)),
            canonical_of=canonical_of,
            max_size=config.limits.max_file_size,
        )

    def meaning(self, raw: bytes) -> str:
        """Fingerprint of the body and the fields that are not ignored."""
        body, front = self._split(raw)
        return _digest(b"m", front, body.encode("utf-8", "surrogatepass"))

    def body(self, raw: bytes) -> str:
        """Fingerprint of the body alone, whitespace-insensitive (what ``diff`` calls a body change)."""
        return _digest(b"b", _normal_text(_split_document(_decode(raw))[1]).encode("utf-8", "surrogatepass"))

    def _split(self, raw: bytes) -> tuple[str, bytes]:
        if len(raw) > self.max_size:
            return "", hashlib.sha256(raw).digest()  # too big to parse: any byte change counts
        text = _decode(raw)
        front, body = _split_document(text)
        return _normal_text(body), self._front_digest(front)

    def _front_digest(self, front: str | None) -> bytes:
        if front is None or not front.strip():
            return b""
        try:
            node = yaml.compose(front, Loader=_Loader)
        except (yaml.YAMLError, ValueError, TypeError, RecursionError):
            node = None
        if not isinstance(node, yaml.MappingNode):
            # not a mapping (or not YAML): compare the text, whitespace-insensitively
            return hashlib.sha256(_normal_text(front).encode("utf-8", "surrogatepass")).digest()
        try:
            return _mapping_digest(node, self.canonical_of, self.ignored)
        except (RecursionError, _Cyclic):
            return hashlib.sha256(_normal_text(front).encode("utf-8", "surrogatepass")).digest()


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "surrogateescape")


def _split_document(text: str) -> tuple[str | None, str]:
    """(frontmatter, body); frontmatter None when the file has none."""
    data = text.encode("utf-8", "surrogateescape")
    opening = _OPENING.match(data)
    if opening is None:
        return None, text
    closing = _CLOSING.search(data, opening.end())
    if closing is None:
        return data[opening.end() :].decode("utf-8", "surrogateescape"), ""
    return (
        data[opening.end() : closing.start()].decode("utf-8", "surrogateescape"),
        data[closing.end() :].decode("utf-8", "surrogateescape"),
    )


def _normal_text(text: str) -> str:
    return " ".join(text.split())


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()[:32]


class _Cyclic(Exception):
    """A YAML alias refers to one of its own ancestors."""


def _mapping_digest(root: yaml.MappingNode, canonical_of: Mapping[str, str], ignored: frozenset[str]) -> bytes:
    """Order-insensitive digest of the top-level fields that count; empty values count as absent."""
    memo: dict[int, bytes] = {}
    entries: dict[str, bytes] = {}
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            entries[f"\x00{_node_digest(key_node, memo, set()).hex()}"] = _node_digest(value_node, memo, set())
            continue
        name = canonical_of.get(key_node.value, key_node.value)
        if name in ignored or _is_empty(value_node):
            continue
        if name in entries and name != key_node.value:
            continue  # the canonical key, or the first alias written, wins (as the loader does)
        entries[name] = _node_digest(value_node, memo, set())
    hasher = hashlib.sha256(b"map")
    for name in sorted(entries):
        hasher.update(name.encode("utf-8", "surrogatepass") + b"\x00" + entries[name])
    return hasher.digest()


def _is_empty(node: Any) -> bool:
    if isinstance(node, yaml.ScalarNode):
        return node.tag == _NULL_TAG or (node.value == "" and node.style in ("'", '"'))
    return isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.value


def _node_digest(node: Any, memo: dict[int, bytes], active: set[int]) -> bytes:
    """Digest of one node, memoised by identity: an alias costs nothing, so alias bombs stay linear."""
    key = id(node)
    known = memo.get(key)
    if known is not None:
        return known
    if key in active:
        raise _Cyclic
    if isinstance(node, yaml.ScalarNode):
        text = "" if node.tag == _NULL_TAG else _normal_text(str(node.value))
        digest = hashlib.sha256(b"s" + text.encode("utf-8", "surrogatepass")).digest()
    elif isinstance(node, yaml.SequenceNode):
        active.add(key)
        hasher = hashlib.sha256(b"seq")
        for item in node.value:
            hasher.update(_node_digest(item, memo, active))
        active.discard(key)
        digest = hasher.digest()
    elif isinstance(node, yaml.MappingNode):
        active.add(key)
        pairs = sorted(_node_digest(k, memo, active) + _node_digest(v, memo, active) for k, v in node.value)
        active.discard(key)
        digest = hashlib.sha256(b"map" + b"".join(pairs)).digest()
    else:  # pragma: no cover - the composer builds only these three node kinds
        digest = hashlib.sha256(repr(node).encode()).digest()
    memo[key] = digest
    return digest


# ---------------------------------------------------------------------------------------
# Walking the history


@dataclass
class _Trail:
    """One current spec file followed backwards through renames: which path, from where."""

    path: str
    records: list[tuple[int, gitsource.FileChange]] = field(default_factory=list)
    index: int = 0


def read_history(
    repo_root: Path,
    prefix: str,
    paths: Iterable[str],
    config: Config,
    *,
    rev: str | None = None,
    worktree: Path | None = None,
    acknowledged: Iterable[str] = (),
    known: dict[str, str | None] | None = None,
) -> History:
    """The last substantive change of each file in ``paths`` (relative to ``prefix``).

    With ``rev`` None the history ends at HEAD and uncommitted edits in ``worktree`` (the
    scanned folder) count as a change newer than every commit; otherwise it ends at
    ``rev`` and the working tree is not looked at. ``acknowledged`` are the commit ids
    written in ``reviewed:`` fields, resolved to revisions in the same pass. ``known`` holds the
    fingerprints of blobs read before under the same configuration (``check --history
    --diff-base`` reads two histories that share most blobs) and receives the new ones.
    """
    wanted = sorted(set(paths))
    normaliser = Normaliser.for_config(config)
    if rev is None:
        head = gitsource.head_commit(repo_root)
    else:
        head = gitsource.resolve(repo_root, rev)
    boundary = gitsource.shallow_boundary(repo_root)
    changed: dict[str, Revision | None] = {}
    commits: dict[str, Revision] = {}
    oldest: Revision | None = None
    with gitsource.ObjectReader(repo_root) as reader:
        fingerprints = _Fingerprints(reader, normaliser, known)
        if head is None:  # no commit yet: everything is uncommitted
            changed = {path: _UNCOMMITTED for path in wanted}
        else:
            walk = _Walk(wanted)
            for commit in gitsource.log_changes(repo_root, head, prefix):
                walk.add(commit)
            oldest = walk.oldest
            if rev is None and worktree is not None:
                _uncommitted(repo_root, prefix, head, wanted, worktree, fingerprints, changed)
            todo = [path for path in wanted if path not in changed]
            changed.update(_decide(todo, walk, fingerprints, boundary or frozenset()))
            commits = _resolve_commits(set(acknowledged), walk, reader)
    shallow = None
    if boundary is not None:
        shallow = oldest if oldest is not None else Revision(0, 0, next(iter(sorted(boundary)), ""))
    return History(
        revision=head or "",
        changed=changed,
        commits=commits,
        shallow=shallow,
        working_tree=rev is None and worktree is not None,
    )


class _Fingerprints:
    """Meaning fingerprints of blobs, read through one cat-file process and remembered."""

    def __init__(self, reader: gitsource.ObjectReader, normaliser: Normaliser, known: dict[str, str | None] | None) -> None:
        self.reader = reader
        self.normaliser = normaliser
        self.known: dict[str, str | None] = known if known is not None else {}
        self.known[gitsource.ZERO_SHA] = None

    def fetch(self, shas: Iterable[str]) -> None:
        missing = sorted({sha for sha in shas if sha not in self.known})
        for sha, _oid, kind, data in self.reader.read(missing):
            self.known[sha] = self.normaliser.meaning(data) if kind == "blob" else None

    def __getitem__(self, sha: str) -> str | None:
        return self.known.get(sha)


class _Walk:
    """The log, kept only for the files that matter: per path, its changes newest first."""

    def __init__(self, wanted: Sequence[str]) -> None:
        self.tracked = set(wanted)
        self.by_path: dict[str, list[tuple[int, gitsource.FileChange]]] = {}
        self.commits: list[tuple[str, int]] = []  # (commit, time), newest first

    def add(self, commit: gitsource.LogCommit) -> None:
        seq = len(self.commits)
        self.commits.append((commit.commit, commit.time))
        for change in commit.changes:
            if change.path not in self.tracked:
                continue
            self.by_path.setdefault(change.path, []).append((seq, change))
            if change.old_path is not None:
                self.tracked.add(change.old_path)  # follow the file to its older name

    def revision(self, seq: int) -> Revision:
        commit, time = self.commits[seq]
        return Revision(time, len(self.commits) - seq, commit)

    @property
    def oldest(self) -> Revision | None:
        return self.revision(len(self.commits) - 1) if self.commits else None

    def trail(self, path: str) -> _Trail:
        return _Trail(path, self.by_path.get(path, []))

    def follow(self, trail: _Trail, old_path: str, seq: int) -> None:
        """Continue ``trail`` under ``old_path`` with the changes older than commit ``seq``."""
        records = self.by_path.get(old_path, [])
        trail.path, trail.records = old_path, records
        trail.index = bisect.bisect_right([s for s, _ in records], seq)


def _uncommitted(
    repo_root: Path,
    prefix: str,
    head: str,
    wanted: Sequence[str],
    worktree: Path,
    fingerprints: _Fingerprints,
    changed: dict[str, Revision | None],
) -> None:
    """Mark files whose working-tree meaning differs from HEAD (or that git does not track yet)."""
    at_head = gitsource.tracked_blobs(repo_root, head, prefix)
    modified = gitsource.changed_paths(repo_root, head, None, prefix)
    candidates = [path for path in wanted if path in modified and path in at_head]
    fingerprints.fetch(at_head[path] for path in candidates)
    for path in wanted:
        if path not in at_head:
            changed[path] = _UNCOMMITTED  # new file, not committed yet
    for path in candidates:
        try:
            current = fingerprints.normaliser.meaning((worktree / path).read_bytes())
        except OSError:
            continue
        if current != fingerprints[at_head[path]]:
            changed[path] = _UNCOMMITTED


def _decide(
    paths: Sequence[str], walk: _Walk, fingerprints: _Fingerprints, boundary: frozenset[str]
) -> dict[str, Revision | None]:
    """Walk every file's changes newest first, all files in step, until each meets a substantive one."""
    result: dict[str, Revision | None] = {}
    trails = {path: walk.trail(path) for path in paths}
    while trails:
        step: dict[str, tuple[int, gitsource.FileChange]] = {}
        for path, trail in trails.items():
            if trail.index >= len(trail.records):
                result[path] = None  # the file's history ends without a creation: older than we can see
            else:
                step[path] = trail.records[trail.index]
        fingerprints.fetch(sha for _, change in step.values() for sha in (change.old_sha, change.new_sha) if change.status != "A")
        next_trails = {}
        for path, (seq, change) in step.items():
            commit = walk.commits[seq][0]
            if change.status in ("A", "D") or change.old_sha == gitsource.ZERO_SHA:
                # created here; in a shallow clone the boundary "creates" every file it holds
                result[path] = None if commit in boundary else walk.revision(seq)
                continue
            if fingerprints[change.old_sha] != fingerprints[change.new_sha]:
                result[path] = walk.revision(seq)
                continue
            trail = trails[path]
            if change.status == "R" and change.old_path is not None:
                walk.follow(trail, change.old_path, seq)
            else:
                trail.index += 1
            next_trails[path] = trail
        trails = next_trails
    return result


def _resolve_commits(names: set[str], walk: _Walk, reader: gitsource.ObjectReader) -> dict[str, Revision]:
    """Revisions of the commit ids written in ``reviewed:``; unknown ones are left out."""
    result: dict[str, Revision] = {}
    wanted = sorted(name for name in (n.lower() for n in names) if gitsource.is_object_name(name))
    if not wanted:
        return result
    positions = sorted((commit, seq) for seq, (commit, _time) in enumerate(walk.commits))
    shas = [commit for commit, _ in positions]
    outside: list[str] = []
    for name in wanted:
        start = bisect.bisect_left(shas, name)
        matches = [positions[i] for i in range(start, min(start + 2, len(shas))) if shas[i].startswith(name)]
        if len(matches) == 1:
            result[name] = walk.revision(matches[0][1])
        elif not matches:
            outside.append(name)
    # commits that did not touch the folder: ask git for their committer time, one stream for all
    for request, oid, kind, data in reader.read([f"{name}^{{commit}}" for name in outside]):
        time = _committer_time(data) if kind == "commit" else None
        if time is not None:
            # not in the walk, so no topological position: a tie in time counts as "reviewed after"
            result[request[: -len("^{commit}")]] = Revision(time, UNCOMMITTED_TIME - 1, oid)
    return result


def _committer_time(data: bytes) -> int | None:
    for line in data.split(b"\n"):
        if not line:
            break
        if line.startswith(b"committer "):
            parts = line.rsplit(b" ", 2)
            try:
                return int(parts[-2])
            except (ValueError, IndexError):
                return None
    return None


def acknowledgements(fields: Mapping[str, Any]) -> Iterator[str]:
    """The commit ids a spec's ``reviewed:`` mapping names (strings only; the rule reports the rest)."""
    value = fields.get(REVIEWED_KEY)
    if isinstance(value, dict):
        for commit in value.values():
            if isinstance(commit, str) and commit.strip():
                yield commit.strip()
