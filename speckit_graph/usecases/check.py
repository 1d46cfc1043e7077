"""``check``: judge a repository, optionally against its history, a baseline or a git revision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult, Severity
from speckit_graph.load.parallel import Progress
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import Session, resolve_config, session

if TYPE_CHECKING:
    from speckit_graph.check.baseline import Baseline
    from speckit_graph.graph.specgraph import SpecGraph

# History (git), code tracing (its scanner and worker pool) and revisions are imported by the
# steps that use them: a plain check of a small repository is mostly start-up otherwise. The
# rules (check.analysis) too: a result the cache remembers for unchanged files needs none.


@dataclass(frozen=True)
class CheckRequest:
    """What ``speckit-graph check`` was asked: the repository, the rules, and what to compare with.

    ``select``/``ignore`` None means the configuration's choice; ``baseline`` and
    ``diff_base`` are exclusive; ``fail_on`` None means the configuration's threshold.
    ``allow_empty`` accepts a folder with no spec; otherwise that is a usage error (exit 2),
    so a CI gate pointed at the wrong folder fails instead of passing forever.
    """

    load: LoadOptions = field(default_factory=LoadOptions)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    history: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    diff_base: str | None = None
    fail_on: Severity | None = None
    allow_empty: bool = False
    #: Attach to each finding the fix its rule offers (JSON, SARIF, ``--fix``); reads the fixable files.
    with_fixes: bool = False


@dataclass(frozen=True)
class CheckOutcome(Outcome):
    """The findings to report, the threshold that applies, and how many went into a written baseline."""

    result: CheckResult
    fail_on: Severity
    written: int | None = None

    @property
    def exit_status(self) -> int:
        """0 when a baseline was written (today's findings are accepted), else the result's status."""
        return 0 if self.written is not None else self.result.exit_status(self.fail_on)


def check(
    graph: SpecGraph,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> CheckResult:
    """Run every selected rule over ``graph``; without ``config``, the one that applies to its folder."""
    from speckit_graph.check import analysis

    if config is None:
        config = resolve_config(Path(graph.root))
    return analysis.check(graph, config, select, ignore)


def run_check(request: CheckRequest, progress: Progress | None = None, config: Config | None = None) -> CheckOutcome:
    """Load, judge and compare as ``request`` asks; the loader and its cache are entered once.

    Without ``--history``, when the cache shows that no file changed since the last run
    with the same configuration, rule selection and version, that run's result is reused
    (it is a pure function of those). History changes with commits while files stay the
    same, so with ``--history`` the graph is loaded (cached per file) and judged afresh.
    """
    if request.baseline is not None and request.diff_base is not None:
        raise UsageError("--baseline and --diff-base cannot be combined: choose one reference")
    known = read_baseline(request.baseline) if request.baseline is not None else None
    notes: list[str] = []
    written = None
    with session(request.load, config, progress) as loader:
        notes.extend(loader.notes)
        result = _judge(loader, request, notes)
        if result.specs == 0 and not request.allow_empty:
            raise UsageError(no_specs_message(request.load.path, result))
        if request.write_baseline is not None:
            written = write_baseline(result, request.write_baseline)
            notes.append(f"wrote {written} finding{_s(written)} to baseline {request.write_baseline}")
        if known is not None:
            result = _baselined(result, known)
            notes.append(_baseline_note(request.baseline, result))
        elif request.diff_base is not None:
            before = _judge_revision(loader, request, request.diff_base)
            from speckit_graph.check.baseline import Baseline

            result = _baselined(result, Baseline.of(before.findings))
            notes.append(
                f"--diff-base {request.diff_base}: {result.baselined} finding{_s(result.baselined)} "
                f"already there hidden, {result.baseline_stale} fixed since"
            )
    fail_on = request.fail_on if request.fail_on is not None else loader.config.fail_on
    return CheckOutcome(result=result, fail_on=fail_on, written=written, notes=tuple(notes))


def _baselined(result: CheckResult, known: Baseline) -> CheckResult:
    from speckit_graph.check.baseline import apply_baseline  # only with --baseline or --diff-base

    return apply_baseline(result, known)


def no_specs_message(path: Path, result: CheckResult) -> str:
    """Why ``check`` stops on a folder without specs, and what to do about it."""
    files = result.files_scanned
    problems = len({f.path for f in result.findings if f.path is not None and f.severity is Severity.ERROR})
    unread = f"; {problems} file{_s(problems)} could not be read (--allow-empty shows why)" if problems else ""
    return (
        f"no specs found under {path} ({files} Markdown file{_s(files)}, none with an id{unread}); "
        "run `speckit-graph init`, or pass --allow-empty"
    )


def _judge(loader: Session, request: CheckRequest, notes: list[str]) -> CheckResult:
    """Today's findings of the repository, remembered in the cache when history plays no part."""
    select, ignore = _listed(request.select), _listed(request.ignore)
    if request.history or loader.config.trace.enabled:  # code, tests and git change while specs do not
        from speckit_graph.usecases.history import history_notes, load_history, with_history
        from speckit_graph.usecases.trace import with_trace

        graph = with_trace(loader.load(), loader.config, request.load, notes)
        if request.history:
            graph = with_history(graph, load_history(graph, request.load.path, loader.config, known=loader.fingerprints))
            notes.extend(history_notes(graph))
        return _with_fixes(request, check(graph, loader.config, select, ignore), graph, loader.config)
    key = repr((select, ignore, "fixes" if request.with_fixes else ""))
    remembered = loader.remembered(key)
    if isinstance(remembered, CheckResult):
        return remembered
    graph = loader.load()
    result = _with_fixes(request, check(graph, loader.config, select, ignore), graph, loader.config)
    loader.remember(key, result)
    return result


def _with_fixes(request: CheckRequest, result: CheckResult, graph: SpecGraph, config: Config) -> CheckResult:
    if not request.with_fixes:
        return result
    from speckit_graph.check.fixes import attach_fixes

    return attach_fixes(result, graph, config, contents=request.load.overlay)


def _judge_revision(loader: Session, request: CheckRequest, rev: str) -> CheckResult:
    """The findings of the same folder at git revision ``rev``, judged with today's configuration and rules.

    The folder is read straight from git objects into a temporary directory, so a finding
    counts as new only because the specs changed; with ``--history``, ``rev`` is judged with
    its own history too, so suspect links that were already there are not new.
    """
    from speckit_graph.usecases.history import load_history, with_history
    from speckit_graph.usecases.trace import scan_trace
    from speckit_graph.vcs import git as gitsource

    path = request.load.path
    location = gitsource.locate(path)
    graph, _ = loader.load_revision(location.root, gitsource.resolve(location.root, rev), location.prefix)
    if loader.config.trace.enabled:  # code is judged as it is today: only spec changes make SG5xx findings new
        graph = replace(graph, trace=scan_trace(loader.load(), loader.config, request.load), _kind_views={})
    if request.history:
        graph = with_history(graph, load_history(graph, path, loader.config, rev=rev, known=loader.fingerprints))
    return check(graph, loader.config, _listed(request.select), _listed(request.ignore))


def _listed(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)


def _s(count: int) -> str:
    return "s" if count != 1 else ""


def _baseline_note(file: Path | None, result: CheckResult) -> str:
    stale = result.baseline_stale
    shrink = f" (shrink it with --write-baseline {file})" if stale else ""
    entries = "entry no longer occurs" if stale == 1 else "entries no longer occur"
    return f"baseline {file}: {result.baselined} known finding{_s(result.baselined)} hidden, {stale} {entries}{shrink}"


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
    """``check(load(path))`` with workers and the cache: what ``speckit-graph check`` runs."""
    request = CheckRequest(
        LoadOptions(path=Path(path), jobs=jobs, cache_dir=cache_dir),
        select=None if select is None else tuple(select),
        ignore=None if ignore is None else tuple(ignore),
        allow_empty=True,  # a library caller reads ``specs`` itself
    )
    return run_check(request, progress, config).result


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
    from speckit_graph.check.baseline import parse_baseline

    return parse_baseline(text, str(file))


def write_baseline(result: CheckResult, file: Path) -> int:
    """Record ``result``'s findings in ``file``; returns how many were written."""
    from speckit_graph.check.baseline import dump_baseline

    try:
        file.write_text(dump_baseline(result.findings), encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        raise UsageError(f"cannot write baseline {file}: {exc.strerror or exc}") from None
    return len(result.findings)
