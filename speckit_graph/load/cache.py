"""On-disk cache of per-file parse results, so an unchanged repository is not parsed again.

One cache file per repository root and configuration fingerprint, in the user cache
directory (``$XDG_CACHE_HOME/speckit-graph``, else ``~/.cache/speckit-graph``), never in
the repository. Each entry is keyed by the file's path and validated by its size and
modification time; a file whose time changed but whose content hash did not (``touch``,
a branch switch and back) is reused without parsing. Entries written while a file was
seconds old are not trusted on time alone (the clock may not have ticked between two
edits) and are checked by content next time.

Files of a git revision (``diff``, ``--diff-base``) are keyed by path and git blob id: git names the
content, so a hit is never stale; only the blobs of the last run that read a revision are kept.

The file is a sequence of length-prefixed ``marshal`` sections (header, index, memo,
payloads, blobs), written to a temporary file and moved into place with ``os.replace``, so a
reader sees a complete old or new file even when two runs race. Anything unexpected in it
(corrupt, truncated, another version, not owned by this user) means "no cache": it is
never a crash. marshal builds plain values only and cannot run code when it loads (pickle
could, and a planted pickle would have run as the user); on top of that, a cache folder
that other users can write to, or that another user owns, is not used at all.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from speckit_graph.load import cacheindex
from speckit_graph.load.packing import dump_plain, load_plain
from speckit_graph.load.safe_read import lstat_all
from speckit_graph.load.sections import LENGTH, read_raw, read_section, write_bytes, write_payloads, write_section
from speckit_graph.load.spool import Slot, Spool
from speckit_graph.load.statkeys import FileStat, scan_stats, stat_keys

#: 2: Link.label/written, Spec.references; 3: Hit.code last, Spec.unresolved/loose_references;
#: 4: marshal instead of pickle, YAML 1.2 values; 5: only the spec fields that need it tagged;
#: 6: each outcome also holds the per-spec rules' hits (``FileOutcome.judged``).
#: 7: a last section of git blobs' outcomes, keyed by path and blob id (``diff``, ``--diff-base``).
#: 8: the ``d`` encoding (top-level frontmatter dates beside plain fields, see packing).
#: 9: SG009 (a value YAML reads as a comment) among the loader hits.
#: 10: the index as columns in walk order (see cacheindex): a warm run compares them in bulk; the
#: remembered result's findings stored positionally (packing's ``P`` tag), without field names.
CACHE_FORMAT = 10
_MAGIC = b"speckit-graph cache\n"
#: Entries whose modification time is this close to the scan are verified by content next time.
RACY_WINDOW_NS = 2_000_000_000


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/speckit-graph``, ``%LOCALAPPDATA%\\speckit-graph`` or ``~/.cache/speckit-graph``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "speckit-graph"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "speckit-graph" / "Cache"
    return Path.home() / ".cache" / "speckit-graph"


def content_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def code_stamp() -> str:
    """Sizes and times of speckit-graph's own modules: an edited checkout invalidates caches too."""
    package = Path(__file__).resolve().parent.parent  # speckit_graph/, not just load/
    parts = []
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                info = os.stat(os.path.join(dirpath, name))
                parts.append(f"{os.path.relpath(os.path.join(dirpath, name), package)}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def fingerprint(config: object, version: str, judge: str = "") -> str:
    """What must be equal for cached results to be valid: version, code and configuration.

    ``judge`` says that the per-spec rules' hits are stored with each parse (empty: none):
    outcomes stored without them must never be reused where they are expected. Which rules
    those are is part of the code, so of the code stamp.
    """
    text = f"{CACHE_FORMAT}\x1f{version}\x1f{code_stamp()}\x1f{config!r}\x1f{judge}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------------------------------
# The cache file


@dataclass
class Entry:
    """What is known about one file: its stat key, content digest, and packed outcome."""

    size: int
    mtime_ns: int
    ctime_ns: int
    digest: bytes | None
    trusted: bool  # False: modified too close to the scan, verify by content next time
    payload: bytes | None = None
    spooled: Slot | None = None  # recorded in this run: the payload lies in the cache's spool


def unsafe_directory(directory: Path) -> str | None:
    """Why ``directory`` must not hold a cache (another user owns it, or others can write to it), or None.

    Whoever can write into the folder can replace the cache file with one of their own. A
    folder that does not exist yet is fine: it is created private (0700).
    """
    if not hasattr(os, "getuid"):
        return None
    try:
        info = os.stat(directory)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot inspect it ({exc.strerror or exc})"
    if not stat.S_ISDIR(info.st_mode):
        return "not a directory"
    if info.st_uid != os.getuid():
        return f"owned by another user (uid {info.st_uid})"
    if info.st_mode & 0o022:
        return f"group or world writable (mode {stat.S_IMODE(info.st_mode):04o}); chmod go-w it to use it"
    return None


def read_header(path: Path) -> Any:
    """The header section of a cache file (format, fingerprint, root): for tests and tools."""
    with open(path, "rb") as handle:
        if handle.read(len(_MAGIC)) != _MAGIC:
            raise ValueError("not a speckit-graph cache file")
        return read_section(handle)


@dataclass
class FileCache:
    """The cache of one repository under one configuration.

    Use :meth:`open`; look entries up with :meth:`lookup`, record with :meth:`record`, and
    :meth:`save` once at the end. ``unchanged`` is True after a scan in which every file
    matched its entry on time and size and no file appeared or disappeared.
    """

    directory: Path
    root: str
    fingerprint: str
    _entries: dict[str, Entry] | None = field(default_factory=dict, repr=False)  # None: still _columns
    _columns: cacheindex.Columns | None = field(default=None, repr=False)  # the index as read, until needed
    memo: tuple[str, Any] | None = None
    scan_started_ns: int = field(default_factory=time.time_ns)
    dirty: bool = False
    loaded: bool = False
    _scanned: tuple[Sequence[str], Sequence[FileStat | None]] | None = field(default=None, repr=False)
    _handle: IO[bytes] | None = field(default=None, repr=False)
    _tail: int = 0  # where the payload section starts in the open file
    _blob_raw: bytes | None = field(default=None, repr=False)  # the blob section as stored, not decoded
    _blobs: dict[str, bytes] | None = field(default=None, repr=False)  # decoded when a revision is read
    _blobs_used: set[str] = field(default_factory=set, repr=False)
    _spool: Spool | None = field(default=None, repr=False)

    @classmethod
    def open(cls, directory: Path, root: Path, fingerprint: str) -> FileCache:
        """The cache for ``root`` in ``directory``; empty when absent, unreadable or stale."""
        cache = cls(directory=directory, root=os.path.realpath(root), fingerprint=fingerprint)
        cache._load()
        return cache

    @property
    def path(self) -> Path:
        root_key = hashlib.sha256(self.root.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return self.directory / f"{root_key}-{self.fingerprint[:16]}.cache"

    # -- reading ---------------------------------------------------------------------------

    def _load(self) -> None:
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - kept open for the lazy payload read
        except OSError:
            return
        try:
            if unsafe_directory(self.directory) or not _private(handle.fileno()) or handle.read(len(_MAGIC)) != _MAGIC:
                raise ValueError("not a cache file of this user")
            header = read_section(handle)
            if header != self._header():
                raise ValueError("another version or configuration")
            index, memo = read_section(handle), read_section(handle)
            if not cacheindex.valid(index):
                raise ValueError("not an index")
        except Exception:  # noqa: BLE001 - a corrupt cache is no cache, never a crash
            handle.close()
            return
        self._entries, self._columns, self.memo, self.loaded, self._handle = None, index, memo, True, handle
        self._tail = handle.tell()

    @property
    def entries(self) -> dict[str, Entry]:
        """Every file's entry, built from the stored columns the first time one is needed."""
        if self._entries is None:
            columns, self._columns = self._columns, None
            index = cacheindex.decode(columns) if columns is not None else {}
            self._entries = {path: Entry(*key) for path, key in index.items()}
        return self._entries

    def _header(self) -> dict[str, Any]:
        return {"format": CACHE_FORMAT, "fingerprint": self.fingerprint, "root": self.root}

    def _fill_payloads(self) -> None:
        """Read the payload section (the bulk of the file) only when some payload is needed."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        payloads: Any = {}
        try:
            with handle:
                handle.seek(self._tail)
                payloads = read_section(handle)
                if self._blob_raw is None and self._blobs is None:  # kept as bytes: decoded if a revision is read
                    self._blob_raw = read_raw(handle)
        except Exception:  # noqa: BLE001 - truncated or corrupt: every entry (or blob) after it becomes a miss
            pass
        if not isinstance(payloads, dict):
            payloads = {}
        for path, entry in self.entries.items():
            if entry.payload is None and entry.spooled is None:
                entry.payload = payloads.get(path)

    def close(self) -> None:
        """Release the open cache file without reading the payloads, and the spool."""
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()
        spool, self._spool = self._spool, None
        if spool is not None:
            spool.close()

    # -- git blobs -------------------------------------------------------------------------

    def blob_payload(self, relpath: str, blob: str) -> bytes | None:
        """The packed outcome of the file ``relpath`` holding git blob ``blob``, when a run stored it."""
        key = _blob_key(relpath, blob)
        self._blobs_used.add(key)
        return self._blob_store().get(key)

    def record_blob(self, relpath: str, blob: str, payload: bytes) -> None:
        key = _blob_key(relpath, blob)
        self._blob_store()[key] = payload
        self._blobs_used.add(key)
        self.dirty = True

    def _blob_store(self) -> dict[str, bytes]:
        if self._blobs is None:
            raw, handle = self._blob_raw, self._handle
            if raw is None and handle is not None:  # payloads not read yet: step over them
                try:
                    handle.seek(self._tail)
                    handle.seek(int.from_bytes(handle.read(LENGTH), "big"), os.SEEK_CUR)
                    raw = read_raw(handle)
                except Exception:  # noqa: BLE001 - truncated or corrupt: no blob is known
                    raw = None
            self._blobs = _plain_dict(raw)
        return self._blobs

    def _blob_section(self) -> bytes:
        """What to store: the blobs this run used when it read a revision, else the section as it was."""
        if self._blobs is None:
            return self._blob_raw if self._blob_raw is not None else dump_plain({})
        return dump_plain({key: value for key, value in self._blobs.items() if key in self._blobs_used})

    def lookup(self, relpath: str, info: FileStat) -> Entry | None:
        """The entry for ``relpath`` when its size and time still match and can be trusted."""
        entry = self.entries.get(relpath)
        if (
            entry is None
            or not entry.trusted
            or entry.mtime_ns != info.st_mtime_ns
            or entry.size != info.st_size
            or entry.ctime_ns != info.st_ctime_ns  # chmod, rename: the outcome may differ
        ):
            return None
        return entry

    def known(self, relpath: str) -> Entry | None:
        """The entry for ``relpath`` whatever its key: a candidate for reuse by content digest."""
        return self.entries.get(relpath)

    def payload(self, entry: Entry) -> bytes | None:
        if entry.spooled is not None:
            return self._unspooled(entry.spooled)
        if entry.payload is None:
            self._fill_payloads()
        return entry.payload

    def _unspooled(self, slot: Slot) -> bytes | None:
        try:
            return Spool.get(slot)
        except OSError:  # the spool lost it: no payload (a miss), and the cache is not written
            return None

    def scan(self, root: Path, relpaths: Sequence[str], jobs: int | None = 1) -> bool:
        """Stat every listed file; True when each is a trusted hit and none was added or removed.

        With ``jobs`` other than one (None: every CPU), a long listing the stored index could
        match is stat'ed on several CPUs (:mod:`~speckit_graph.load.statkeys`): an unchanged
        repository is then recognised from the key columns alone, without an object per file,
        and a changed one reads the stats from the same scan.
        """
        columns = self._columns if self.loaded else None
        parallel = jobs != 1 and columns is not None and cacheindex.could_match(columns, relpaths)
        scan = scan_stats(root, relpaths, jobs) if parallel else None  # else a stat object per file is needed
        keys = scan.keys() if scan is not None else None
        if scan is not None and columns is not None and cacheindex.same_keys(columns, relpaths, keys):
            self._scanned = None  # nothing to read: the stats are not needed again
            return True
        stats: Sequence[FileStat | None] = scan.stats() if scan is not None else lstat_all(root, relpaths)
        self._scanned = (relpaths, stats)
        if not self.loaded:
            return False
        if columns is not None:  # as stored: compared in bulk, no entry built
            same = cacheindex.same_keys(columns, relpaths, keys if scan is not None else stat_keys(stats))
            if same is not None:
                return same
        if len(stats) != len(self.entries):
            return False
        lookup = self.lookup
        for relpath, info in zip(relpaths, stats, strict=True):
            if info is None or lookup(relpath, info) is None:
                return False
        return True

    def scanned(self, relpaths: Sequence[str]) -> Sequence[FileStat | None] | None:
        """The stats :meth:`scan` took of ``relpaths`` (the same listing), else None."""
        if self._scanned is None:
            return None
        listed, stats = self._scanned
        return stats if listed is relpaths or list(listed) == list(relpaths) else None

    # -- writing ---------------------------------------------------------------------------

    def record(self, relpath: str, info: FileStat, digest: bytes | None, payload: bytes) -> None:
        trusted = max(info.st_mtime_ns, info.st_ctime_ns) + RACY_WINDOW_NS < self.scan_started_ns
        if self._spool is None:
            self._spool = Spool(self.directory, self.path.name + ".")
        # Set aside on disk until save: held, the payloads were the largest part of a cold run's peak memory.
        slot = self._spool.put(payload)
        kept = payload if slot is None else None
        self.entries[relpath] = Entry(info.st_size, info.st_mtime_ns, info.st_ctime_ns, digest, trusted, kept, slot)
        self.memo = None  # a file was read again: a result remembered before may not hold for it
        self.dirty = True

    def retain(self, relpaths: Sequence[str]) -> None:
        """Forget the files that are gone; keep the others in the order of ``relpaths`` (the walk's).

        In that order the next run's :meth:`scan` compares the index in bulk.
        """
        entries = self.entries
        if list(entries) == list(relpaths):
            return
        keep = set(relpaths)
        if len(keep) != len(entries) or any(path not in keep for path in entries):
            self._fill_payloads()
            self.memo = None  # files are gone: a result remembered with them no longer holds
            self.dirty = True
        self._entries = {path: entries[path] for path in relpaths if path in entries}

    def set_memo(self, key: str, value: Any) -> None:
        """Remember one derived result (a check result) valid while nothing changes."""
        self.memo = (key, value)
        self.dirty = True

    def get_memo(self, key: str) -> Any:
        if self.memo is not None and self.memo[0] == key:
            return self.memo[1]
        return None

    def save(self) -> bool:
        """Write the cache atomically; False (and nothing written) when that is impossible."""
        try:
            return self._save() if self.dirty else True
        finally:
            self.close()  # the spool too: its payloads are in the file now, or will never be

    def _save(self) -> bool:
        self._fill_payloads()
        # No full collection first: the payloads wait in the spool, not in memory, so it would not lower
        # the peak (656 MB at 100,000 specs either way) and would walk every live object (0.18 s at 10,000).
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            if unsafe_directory(self.directory):  # created by someone else since the check
                return False
            fd, temp = tempfile.mkstemp(dir=self.directory, prefix=self.path.name + ".", suffix=".tmp")
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb", buffering=1 << 20) as handle:
                handle.write(_MAGIC)
                write_section(handle, self._header())
                write_section(handle, self._index())  # built here, gone before the payloads are
                write_bytes(handle, self._memo_bytes())
                write_payloads(handle, self._payloads())
                write_bytes(handle, self._blob_section())
            os.replace(temp, self.path)
        except Exception:  # noqa: BLE001 - a full disk or an index that cannot be stored: no cache
            try:
                os.unlink(temp)
            except OSError:
                pass
            return False
        self._prune_siblings()
        self.dirty = False
        return True

    def _payloads(self) -> Iterator[tuple[str, bytes]]:
        """Every entry's payload, read back from the spool where it was set aside (OSError: lost)."""
        for path, entry in self.entries.items():
            if entry.spooled is not None:
                yield path, Spool.get(entry.spooled)
            elif entry.payload is not None:
                yield path, entry.payload

    def _index(self) -> cacheindex.Columns:
        return cacheindex.encode({p: (e.size, e.mtime_ns, e.ctime_ns, e.digest, e.trusted) for p, e in self.entries.items()})

    def _memo_bytes(self) -> bytes:
        try:
            return dump_plain(self.memo)
        except (TypeError, ValueError, RecursionError):  # a result that cannot be stored is simply not remembered
            return dump_plain(None)

    def _prune_siblings(self) -> None:
        """Remove this root's caches for other configurations or versions: they only grow."""
        prefix = self.path.name.split("-", 1)[0] + "-"
        try:
            names = os.listdir(self.directory)
        except OSError:
            return
        for name in names:
            if name.startswith(prefix) and name.endswith(".cache") and name != self.path.name:
                try:
                    os.unlink(self.directory / name)
                except OSError:
                    pass


def _blob_key(relpath: str, blob: str) -> str:
    return f"{blob}:{relpath}"  # a blob id holds no colon: the key cannot be read two ways


def _plain_dict(raw: bytes | None) -> dict[str, bytes]:
    """A decoded blob section; anything but a mapping of strings to bytes is an empty one."""
    try:
        value = load_plain(raw) if raw is not None else {}
    except Exception:  # noqa: BLE001 - corrupt: no blob is known
        value = {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, bytes)} if isinstance(value, dict) else {}


def _private(fd: int) -> bool:
    """Only load a cache file this user owns and nobody else can write (it could hold wrong results)."""
    if not hasattr(os, "getuid"):
        return True
    info = os.fstat(fd)
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022
