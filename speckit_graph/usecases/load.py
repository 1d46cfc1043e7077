"""The first step of every command: resolve the configuration, check the folder, load the graph.

The per-spec rules run with each file's parse (``load_specs(judge=...)``, cached with it), so
the graph comes with their hits and the analysis runs only the graph rules.
A command enters the loader once (:func:`session`): the folder is checked, the cache opened
and the garbage collector paused one time, however many graphs it then loads (the working
tree, a git revision for ``--diff-base``, both sides of ``diff``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from speckit_graph.check.perspec import judge_tag
from speckit_graph.config.discover import load_config
from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import Hit
from speckit_graph.load import cache as filecache
from speckit_graph.load.cache import FileCache
from speckit_graph.load.gcpause import gc_paused
from speckit_graph.load.walk import list_markdown_files
from speckit_graph.usecases.common import LoadOptions

if TYPE_CHECKING:
    # The reader (YAML, fields, references) and the graph: imported by the steps that load one,
    # so a ``check`` the cache answers (no file changed) never imports them.
    from speckit_graph.graph.specgraph import SpecGraph
    from speckit_graph.load.issues import FileOutcome
    from speckit_graph.load.loader import Judge, LoadResult
    from speckit_graph.load.parallel import Progress

    # git and the revision reader: imported by the steps that read another revision
    from speckit_graph.usecases import revisions
    from speckit_graph.usecases.revisions import ReadMany

# The loader, the graph and the rules are imported when files are read: a check that the cache
# serves whole (nothing changed) needs none of them, and importing them was a tenth of its time.


def resolve_config(path: Path, config_file: Path | None = None, notes: list[str] | None = None) -> Config:
    """The configuration that applies to a repository (defaults when none is found).

    Files skipped while searching for it (owned by another user) are described in ``notes``.
    """
    return load_config(path, config_file, notes)


def repository(path: Path | str) -> Path:
    """``path`` as a folder to read; UsageError (exit 2) when it is missing or a file."""
    root = Path(path)
    if not root.exists():
        raise UsageError(f"path does not exist: {root}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    return root


def default_cache_dir() -> Path:
    """Where ``check`` keeps its cache unless told otherwise (the user cache directory)."""
    return filecache.default_cache_dir()


class Session:
    """One command's use of the loader: one configuration, one cache, any number of folders."""

    def __init__(
        self,
        root: Path,
        config: Config,
        cache: FileCache | None,
        jobs: int | None,
        progress: Progress | None,
        overlay: Mapping[str, bytes] | None = None,
    ):
        self.root = root
        #: Contents that replace files on disk (see ``LoadOptions.overlay``); never remembered.
        self.overlay = overlay
        self.config = config
        self.cache = cache
        self.jobs = jobs
        self.progress = progress
        self._listing: tuple[list[str], list[Hit]] | None = None
        self._walk_clean = False
        #: Outcomes of git file versions read in this command: a blob two revisions share is parsed once.
        self._parsed: dict[revisions.BlobKey, FileOutcome] = {}
        #: Meaning fingerprints of git blobs (``--history``): two histories read in one command share them.
        self.fingerprints: dict[str, str | None] = {}
        #: One-line remarks for stderr: a configuration file skipped, a cache folder refused.
        self.notes: list[str] = []

    def remembered(self, key: str) -> Any:
        """The result remembered under ``key`` when no file changed since it was stored, else None."""
        self._listing = list_markdown_files(self.root, self.config)
        relpaths, walk_issues = self._listing
        self._walk_clean = not walk_issues and not self.overlay
        if self.cache is None or not self._walk_clean or not self.cache.scan(self.root, relpaths, self.jobs):
            return None
        return self.cache.get_memo(key)

    def remember(self, key: str, value: Any) -> None:
        """Keep ``value`` for the next run on unchanged files (not when walking the folder had problems)."""
        if self.cache is not None and self._walk_clean:
            self.cache.set_memo(key, value)

    def load_revision(self, repo_root: Path, commit: str, prefix: str) -> tuple[SpecGraph, ReadMany]:
        """The graph of this folder at ``commit``, and a reader of its files' bytes (for body comparisons)."""
        return self.load_revisions(repo_root, [commit], prefix)[0]

    def load_revisions(self, repo_root: Path, commits: Sequence[str], prefix: str) -> list[tuple[SpecGraph, ReadMany]]:
        """The graph of this folder at each commit, read together (see :mod:`~speckit_graph.usecases.revisions`).

        The blobs go from ``git cat-file`` straight into the loader: no temporary folder, no file
        written or removed, unless a tree holds symlinks (only a real folder reproduces them).
        """
        from speckit_graph.usecases import revisions  # git: only for another revision
        from speckit_graph.vcs.materialize import materialize

        def root(commit: str) -> Path:  # a folder that does not exist: nothing is read from disk for a side
            return self.root / f".speckit-graph-revision-{commit[:12]}"

        loads = revisions.load_revisions(
            repo_root, commits, prefix, self.config, root=root, jobs=self.jobs, cache=self.cache, parsed=self._parsed
        )
        graphs: list[tuple[SpecGraph, ReadMany]] = []
        for commit, side in zip(commits, loads, strict=True):
            if side.result is not None:
                graphs.append((graph_of(side.result, root(commit)), side.read))
                continue
            with materialize(repo_root, commit, prefix, suffixes=(".md",)) as folder:
                graph = self.load(folder)
                contents = {spec.path: (folder / spec.path).read_bytes() for spec in graph.specs()}
            graphs.append((graph, functools.partial(_held, contents)))
        return graphs

    def load(self, folder: Path | None = None) -> SpecGraph:
        """The graph of the repository (cached, with progress), or of another ``folder`` (a git revision)."""
        from speckit_graph.load.loader import load_specs

        if folder is not None:
            return graph_of(load_specs(folder, self.config, jobs=self.jobs, judge=_judge()), folder)
        listing, self._listing = self._listing, None
        result = load_specs(
            self.root,
            self.config,
            jobs=self.jobs,
            cache=self.cache,
            progress=self.progress,
            listing=listing,
            overlay=self.overlay,
            judge=_judge(),
        )
        return graph_of(result, self.root)


def _held(contents: Mapping[str, bytes], paths: Collection[str]) -> dict[str, bytes]:
    return {path: contents[path] for path in paths if path in contents}


@contextmanager
def session(options: LoadOptions, config: Config | None = None, progress: Progress | None = None) -> Iterator[Session]:
    """Check the folder, resolve the configuration (unless given) and open the cache, once.

    The cache is written when the command succeeds (nothing is written when nothing changed).
    """
    root = repository(options.path)
    notes: list[str] = []
    config = config if config is not None else resolve_config(root, options.config_file, notes)
    cache = open_cache(options.cache_dir, root, config, notes)
    with gc_paused():
        try:
            loader = Session(root, config, cache, options.jobs, progress, options.overlay)
            loader.notes.extend(notes)
            yield loader
        except BaseException:
            if cache is not None:
                cache.close()
            raise
        if cache is not None:
            cache.save()


def load(
    path: Path | str,
    config: Config | None = None,
    *,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> SpecGraph:
    """Scan ``path`` and build its traceability graph; content problems become load issues.

    ``jobs``: worker processes for large repositories (None: one per CPU); ``cache_dir``:
    reuse the parse results of unchanged files from there (None: no cache);
    ``progress(done, total)`` is called while files are read.
    """
    with session(LoadOptions(path=Path(path), jobs=jobs, cache_dir=cache_dir), config, progress) as loader:
        return loader.load()


def cached_reader() -> Callable[[Path, str, Config], FileOutcome]:
    """How every read through :func:`open_cache`'s cache must parse a file: with the per-spec rules.

    The cache's key says its outcomes hold the per-spec rules' hits; a reader that stored
    outcomes without them there would make a later ``check`` miss those findings.
    """
    from speckit_graph.load.loader import read_judged, read_spec_file

    return functools.partial(read_judged, read_spec_file, _judge())


def _judge() -> Judge:
    """The per-spec rules' judge, its rules imported here, before any worker process is forked."""
    from speckit_graph.check import perspec

    perspec.prepare()
    return perspec.judge_spec


def open_cache(cache_dir: Path | None, root: Path, config: Config, notes: list[str] | None = None) -> FileCache | None:
    """The cache in ``cache_dir``, or None (no cache) when there is none or the folder is unsafe (noted).

    Read files through it with :func:`cached_reader` (``load_specs(judge=judge_spec)`` does).
    """
    if cache_dir is None:
        return None
    refusal = filecache.unsafe_directory(cache_dir)
    if refusal is not None:
        if notes is not None:
            notes.append(f"cache folder {cache_dir} not used: {refusal}; running without the cache")
        return None
    from speckit_graph import __version__  # the package is fully imported by the time this runs

    return FileCache.open(cache_dir, root, filecache.fingerprint(config, __version__, judge_tag()))


def graph_of(result: LoadResult, root: Path) -> SpecGraph:
    from speckit_graph.graph.specgraph import build_graph

    return build_graph(
        result.specs,
        root=str(root),
        load_issues=result.issues,
        files_scanned=result.files_scanned,
        files_skipped=result.files_skipped,
        spec_hits=result.judged,
    )
