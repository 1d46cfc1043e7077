"""``diff``: how the traceability graph changed between two git revisions."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from speckit_graph.check import analysis
from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult, Severity
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.load import parallel
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session
from speckit_graph.usecases.revisions import ReadMany
from speckit_graph.vcs import changes, history
from speckit_graph.vcs import git as gitsource
from speckit_graph.vcs.changes import RevisionComparison


@dataclass(frozen=True)
class DiffRequest:
    """Compare the folder at ``rev_a`` with ``rev_b`` (None: the working tree)."""

    rev_a: str
    rev_b: str | None = None
    load: LoadOptions = field(default_factory=LoadOptions)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on_new: Severity | None = None


@dataclass(frozen=True)
class DiffOutcome(Outcome):
    comparison: RevisionComparison
    fail_on_new: Severity | None = None

    @property
    def exit_status(self) -> int:
        """1 when ``--fail-on-new`` is given and a new finding reaches it, else 0."""
        threshold = self.fail_on_new
        if threshold is None:
            return 0
        return int(any(f.severity.rank >= threshold.rank for f in self.comparison.diff.introduced))


def run_diff(request: DiffRequest) -> DiffOutcome:
    """The comparison ``speckit-graph diff`` renders."""
    notes: list[str] = []
    comparison = _compare(request.load, request.rev_a, request.rev_b, None, request.select, request.ignore, notes)
    return DiffOutcome(comparison=comparison, fail_on_new=request.fail_on_new, notes=tuple(notes))


def compare_revisions(
    path: Path,
    rev_a: str,
    rev_b: str | None = None,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    *,
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> RevisionComparison:
    """The graph of folder ``path`` at git revision ``rev_a`` compared with ``rev_b`` (``.diff``: what changed).

    ``rev_b`` None means the working tree. Both revisions are read straight from git objects
    into the loader (the working tree, index and HEAD are never touched; a file both hold
    unchanged is parsed once) and both are judged with the same configuration and rule
    selection (today's, found from ``path``), so every difference comes from the specs
    themselves. ``jobs`` as for :func:`~speckit_graph.usecases.load.load`; ``cache_dir`` keeps
    the working tree's files and the revisions' blobs for the next run.
    """
    return _compare(LoadOptions(path=Path(path), jobs=jobs, cache_dir=cache_dir), rev_a, rev_b, config, select, ignore)


def is_revision(path: Path, rev: str) -> bool:
    """Whether ``rev`` names a commit of the git repository around folder ``path`` (False outside git)."""
    try:
        return bool(gitsource.resolve(gitsource.locate(path).root, rev))
    except UsageError:
        return False


def _compare(
    options: LoadOptions,
    rev_a: str,
    rev_b: str | None,
    config: Config | None,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    notes: list[str] | None = None,
) -> RevisionComparison:
    select = None if select is None else list(select)
    ignore = None if ignore is None else list(ignore)
    with session(options, config) as loader:
        if notes is not None:
            notes.extend(loader.notes)
        config = loader.config
        location = gitsource.locate(loader.root)
        commit_a = gitsource.resolve(location.root, rev_a)
        commit_b = gitsource.resolve(location.root, rev_b) if rev_b is not None else None
        if commit_b is not None:  # both sides at once: a file they share is parsed once
            (before, read_a), (after, read_b) = loader.load_revisions(location.root, [commit_a, commit_b], location.prefix)
        else:
            before, read_a = loader.load_revision(location.root, commit_a, location.prefix)
            after, read_b = loader.load(), _reader(loader.root)
        before_result, after_result = _check_both(before, after, config, select, ignore, options.jobs)
        touched = gitsource.changed_paths(location.root, commit_a, commit_b, location.prefix)
        bodies = _body_changes(before, after, read_a, read_b, touched, history.Normaliser.for_config(config))
    result = changes.compare(
        before,
        after,
        before_result,
        after_result,
        changes.Side(rev_a, commit_a, len(before)),
        changes.Side(rev_b if rev_b is not None else "working tree", commit_b, len(after)),
        body_changed=bodies,
        touched=touched,
        ignore_fields=(*config.history.ignore_fields, *history.TOOL_KEYS),
    )
    return RevisionComparison(result, before, after, config)


_pending: tuple[SpecGraph, Config, list[str] | None, list[str] | None] | None = None


def _check_both(
    before: SpecGraph, after: SpecGraph, config: Config, select: list[str] | None, ignore: list[str] | None, jobs: int | None
) -> tuple[CheckResult, CheckResult]:
    """Both sides' findings: on large graphs, ``after`` is judged in a forked worker while this process judges ``before``.

    The worker sends back the findings only (the graph is already in its memory, forked); any
    failure there means judging ``after`` here, so the result never depends on it.
    """
    global _pending
    if (jobs if jobs is not None else parallel.default_jobs()) < 2 or len(after) < parallel.PARALLEL_THRESHOLD:
        return analysis.check(before, config, select, ignore), analysis.check(after, config, select, ignore)
    _pending = (after, config, select, ignore)
    try:
        executor = ProcessPoolExecutor(max_workers=1, mp_context=parallel.pool_context())
        future = executor.submit(_check_pending)  # forks now, with ``_pending`` set
    except (OSError, NotImplementedError, ValueError):  # no process support here: both in this process
        _pending = None
        return analysis.check(before, config, select, ignore), analysis.check(after, config, select, ignore)
    try:
        first = analysis.check(before, config, select, ignore)
        try:
            second: CheckResult = future.result()
        except Exception:  # noqa: BLE001 - the worker died or could not send it back: judge it here
            second = analysis.check(after, config, select, ignore)
        return first, second
    finally:
        _pending = None
        executor.shutdown(wait=True, cancel_futures=True)


def _check_pending() -> CheckResult:
    assert _pending is not None
    return analysis.check(*_pending)


def _reader(folder: Path) -> ReadMany:
    def read(paths: Collection[str]) -> dict[str, bytes]:
        contents = {}
        for path in paths:
            try:
                contents[path] = (folder / path).read_bytes()
            except OSError:
                continue  # vanished while we read: the graph comparison still holds
        return contents

    return read


def _body_changes(
    before: SpecGraph,
    after: SpecGraph,
    read_a: ReadMany,
    read_b: ReadMany,
    touched: Collection[str],
    normaliser: history.Normaliser,
) -> dict[str, bool]:
    """Whether the body of each spec on both sides changed; only files git reports as changed are read (one batch a side)."""
    pairs: dict[str, tuple[str, str]] = {}
    for spec in after.specs():
        old = before.get(spec.id)
        if old is not None and (old.path != spec.path or spec.path in touched):
            pairs[spec.id] = (old.path, spec.path)
    old_bytes = read_a({old for old, _ in pairs.values()})
    new_bytes = read_b({new for _, new in pairs.values()})
    return {
        spec_id: normaliser.body(old_bytes[old]) != normaliser.body(new_bytes[new])
        for spec_id, (old, new) in pairs.items()
        if old in old_bytes and new in new_bytes
    }
