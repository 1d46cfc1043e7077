"""The public use cases: what the CLI, and any script, calls."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from speckit_graph import analysis, filecache, gitsource
from speckit_graph.baseline import Baseline, apply_baseline, dump_baseline, parse_baseline
from speckit_graph.config import Config, load_config
from speckit_graph.errors import UsageError
from speckit_graph.filecache import FileCache
from speckit_graph.findings import CheckResult
from speckit_graph.graph import SpecGraph, build_graph
from speckit_graph.loader import LoadResult, list_markdown_files, load_specs
from speckit_graph.parallel import Progress, gc_paused
from speckit_graph.rules import Rule, all_rules


def resolve_config(path: Path, config_file: Path | None = None) -> Config:
    """The configuration that applies to a repository (defaults when none is found)."""
    return load_config(path, config_file)


def load(
    path: Path | str,
    config: Config | None = None,
    *,
    jobs: int | None = 1,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> SpecGraph:
    """Scan ``path`` and build its traceability graph; content problems become load issues.

    ``jobs``: worker processes for large repositories (None: one per CPU); ``cache_dir``:
    reuse the parse results of unchanged files from there (None: no cache);
    ``progress(done, total)`` is called while files are read.
    """
    root, config = _root_and_config(path, config)
    cache = _open_cache(cache_dir, root, config)
    with gc_paused():
        result = load_specs(root, config, jobs=jobs, cache=cache, progress=progress)
        graph = _graph_of(result, root)
        if cache is not None:
            cache.save()
    return graph


def check_path(
    path: Path | str,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    *,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """``check(load(path))`` with workers and the cache: what ``speckit-graph check`` runs.

    When the cache shows that no file changed since the last run with the same
    configuration, rule selection and version, that run's result is returned as it was
    (it is a pure function of those); otherwise the changed files are parsed again and
    every rule runs.
    """
    root, config = _root_and_config(path, config)
    cache = _open_cache(cache_dir, root, config)
    with gc_paused():
        listing = list_markdown_files(root, config)
        relpaths, walk_issues = listing
        memo_key = _memo_key(select, ignore)
        if cache is not None and not walk_issues and cache.scan(root, relpaths):
            remembered = cache.get_memo(memo_key)
            if isinstance(remembered, CheckResult):
                cache.close()
                return remembered
        result = load_specs(root, config, jobs=jobs, cache=cache, progress=progress, listing=listing)
        outcome = analysis.check(_graph_of(result, root), config, select, ignore)
        if cache is not None:
            if not walk_issues:
                cache.set_memo(memo_key, outcome)
            cache.save()
    return outcome


def default_cache_dir() -> Path:
    """Where ``check`` keeps its cache unless told otherwise (the user cache directory)."""
    return filecache.default_cache_dir()


def _root_and_config(path: Path | str, config: Config | None) -> tuple[Path, Config]:
    root = Path(path)
    if not root.exists():
        raise UsageError(f"path does not exist: {root}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    return root, config if config is not None else resolve_config(root)


def _open_cache(cache_dir: Path | None, root: Path, config: Config) -> FileCache | None:
    if cache_dir is None:
        return None
    from speckit_graph import __version__  # the package is fully imported by the time this runs

    return FileCache.open(cache_dir, root, filecache.fingerprint(config, __version__))


def _memo_key(select: Sequence[str] | None, ignore: Sequence[str] | None) -> str:
    return repr((None if select is None else list(select), None if ignore is None else list(ignore)))


def _graph_of(result: LoadResult, root: Path) -> SpecGraph:
    return build_graph(
        result.specs,
        root=str(root),
        load_issues=result.issues,
        files_scanned=result.files_scanned,
        files_skipped=result.files_skipped,
    )


def check(
    graph: SpecGraph,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> CheckResult:
    """Run every selected rule over ``graph``."""
    return analysis.check(graph, config if config is not None else Config(), select, ignore)


def rules() -> tuple[Rule, ...]:
    """The rule catalogue, ordered by code (SARIF and JUnit list every rule)."""
    return all_rules()


# ---------------------------------------------------------------------------------------
# Baselines and PR-only findings


def read_baseline(file: Path) -> Baseline:
    """Load a baseline written by :func:`write_baseline`; UsageError (exit 2) when missing or corrupt."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"baseline file not found: {file} (create it with --write-baseline)") from None
    except UnicodeDecodeError:
        raise UsageError(f"{file} is not a speckit-graph baseline: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read baseline {file}: {exc.strerror or exc}") from None
    return parse_baseline(text, str(file))


def write_baseline(result: CheckResult, file: Path) -> int:
    """Record ``result``'s findings in ``file``; returns how many were written."""
    try:
        file.write_text(dump_baseline(result.findings), encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise UsageError(f"cannot write baseline {file}: {exc.strerror or exc}") from None
    return len(result.findings)


def compare_with_baseline(result: CheckResult, baseline: Baseline) -> CheckResult:
    """Only the findings ``baseline`` does not know, with matched and stale counts."""
    return apply_baseline(result, baseline)


def compare_with_revision(
    result: CheckResult,
    path: Path,
    rev: str,
    config: Config,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> CheckResult:
    """Only the findings that are new since git revision ``rev`` (for pull requests).

    The same folder is read at ``rev`` straight from git objects, into a temporary
    directory, and checked with today's configuration and rule selection, so a finding
    counts as new only because the specs changed. ``baselined`` then counts the findings
    already present at ``rev`` and ``baseline_stale`` the ones fixed since.
    """
    location = gitsource.locate(path)
    with gitsource.materialize(location.root, rev, location.prefix, suffixes=(".md",)) as folder:
        before = check(load(folder, config), config, select, ignore)
    return apply_baseline(result, Baseline.of(before.findings))


def display_root(path: Path) -> str:
    """The checked folder as reports should name it: POSIX, relative to the current directory.

    CI tools (GitHub annotations, code scanning) resolve paths from the repository root,
    which is where CI runs; a folder outside the current directory stays absolute.
    """
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute.as_posix()
    text = relative.as_posix()
    return "" if text == "." else text
