"""The public use cases: what the CLI, and any script, calls."""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from speckit_graph import analysis, changes, gitsource, history
from speckit_graph.baseline import Baseline, apply_baseline, dump_baseline, parse_baseline
from speckit_graph.config import Config, load_config
from speckit_graph.errors import UsageError
from speckit_graph.export.escape import terminal
from speckit_graph.findings import CheckResult
from speckit_graph.graph import SpecGraph, build_graph
from speckit_graph.loader import load_specs
from speckit_graph.model import History
from speckit_graph.rules.suggest import Suggester, did_you_mean
from speckit_graph.tree import DIRECTIONS, SpecTree, build_tree
from speckit_graph.rules import Rule, all_rules


def resolve_config(path: Path, config_file: Path | None = None) -> Config:
    """The configuration that applies to a repository (defaults when none is found)."""
    return load_config(path, config_file)


def load(path: Path | str, config: Config | None = None) -> SpecGraph:
    """Scan ``path`` and build its traceability graph; content problems become load issues."""
    root = Path(path)
    if not root.exists():
        raise UsageError(f"path does not exist: {root}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    config = config if config is not None else resolve_config(root)
    result = load_specs(root, config)
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
    with_history_at_rev: bool = False,
) -> CheckResult:
    """Only the findings that are new since git revision ``rev`` (for pull requests).

    The same folder is read at ``rev`` straight from git objects, into a temporary
    directory, and checked with today's configuration and rule selection, so a finding
    counts as new only because the specs changed. ``baselined`` then counts the findings
    already present at ``rev`` and ``baseline_stale`` the ones fixed since.
    ``with_history_at_rev`` judges ``rev`` with its own git history too (``check --history``),
    so suspect links that were already there are not new.
    """
    location = gitsource.locate(path)
    with gitsource.materialize(location.root, rev, location.prefix, suffixes=(".md",)) as folder:
        graph = load(folder, config)
        if with_history_at_rev:
            graph = with_history(graph, load_history(graph, path, config, rev=rev))
        before = check(graph, config, select, ignore)
    return apply_baseline(result, Baseline.of(before.findings))


# ---------------------------------------------------------------------------------------
# Git history (SG305 suspect links)


def load_history(graph: SpecGraph, path: Path, config: Config, rev: str | None = None) -> History:
    """When each spec of ``graph`` last changed substantively, read from the git history of ``path``.

    With ``rev`` None, ``graph`` was loaded from the working tree at ``path`` and uncommitted
    edits count as the newest change; otherwise ``graph`` is ``path`` as it was at ``rev``.
    Raises GitSourceError (exit 2) when ``path`` is not in a git work tree.
    """
    location = gitsource.locate(path)
    specs = list(graph.all_specs())
    acknowledged = {commit for spec in specs for commit in history.acknowledgements(spec.fields)}
    return history.read_history(
        location.root,
        location.prefix,
        [spec.path for spec in specs],
        config,
        rev=rev,
        worktree=Path(path) if rev is None else None,
        acknowledged=acknowledged,
    )


def with_history(graph: SpecGraph, found: History) -> SpecGraph:
    """``graph`` with git history attached, so history rules (SG305) run on it."""
    return replace(graph, history=found, _kind_views={})


def history_notes(graph: SpecGraph) -> list[str]:
    """What the user must know about the history a graph carries (a shallow clone hides changes)."""
    found = graph.history
    if found is None or found.shallow is None:
        return []
    hidden = sum(1 for spec in graph.specs() if found.changed.get(spec.path, found.shallow) is None)
    start = found.shallow
    return [
        f"shallow clone: history starts at {start.short} ({start.date}); {hidden} of {len(graph)} specs "
        f"have not changed since, so a suspect link between two of them cannot be seen "
        f"(fetch the full history: git fetch --unshallow, or fetch-depth: 0 in GitHub Actions)"
    ]


# ---------------------------------------------------------------------------------------
# Graph diff between revisions


def diff(
    path: Path,
    rev_a: str,
    rev_b: str | None = None,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> changes.GraphDiff:
    """How the graph of folder ``path`` changed from git revision ``rev_a`` to ``rev_b``.

    ``rev_b`` None means the working tree. Both revisions are read straight from git objects
    into temporary folders (the working tree, index and HEAD are never touched) and both
    are judged with the same configuration and rule selection (today's, found from
    ``path``), so every difference comes from the specs themselves.
    """
    root = Path(path)
    if not root.exists():
        raise UsageError(f"path does not exist: {root}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    config = config if config is not None else resolve_config(root)
    location = gitsource.locate(root)
    commit_a = gitsource.resolve(location.root, rev_a)
    commit_b = gitsource.resolve(location.root, rev_b) if rev_b is not None else None
    with ExitStack() as stack:
        folder_a = stack.enter_context(gitsource.materialize(location.root, commit_a, location.prefix, suffixes=(".md",)))
        folder_b = root
        if commit_b is not None:
            folder_b = stack.enter_context(
                gitsource.materialize(location.root, commit_b, location.prefix, suffixes=(".md",))
            )
        before, after = load(folder_a, config), load(folder_b, config)
        before_result = check(before, config, select, ignore)
        after_result = check(after, config, select, ignore)
        touched = gitsource.changed_paths(location.root, commit_a, commit_b, location.prefix)
        bodies = _body_changes(before, after, folder_a, folder_b, touched, history.Normaliser.for_config(config))
    return changes.compare(
        before,
        after,
        before_result,
        after_result,
        changes.Side(rev_a, commit_a, len(before)),
        changes.Side(rev_b if rev_b is not None else "working tree", commit_b, len(after)),
        body_changed=bodies,
        ignore_fields=(*config.history.ignore_fields, *history.TOOL_KEYS),
    )


def _body_changes(
    before: SpecGraph,
    after: SpecGraph,
    folder_a: Path,
    folder_b: Path,
    touched: Collection[str],
    normaliser: history.Normaliser,
) -> dict[str, bool]:
    """Whether the body of each spec on both sides changed; only files git reports as changed are read."""
    result: dict[str, bool] = {}
    for spec in after.specs():
        old = before.get(spec.id)
        if old is None or (old.path == spec.path and spec.path not in touched):
            continue
        try:
            result[spec.id] = normaliser.body((folder_a / old.path).read_bytes()) != normaliser.body(
                (folder_b / spec.path).read_bytes()
            )
        except OSError:
            continue  # vanished while we read: the graph comparison still holds
    return result


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


# ---------------------------------------------------------------------------------------
# One spec's neighbourhood


def spec_tree(graph: SpecGraph, spec_id: str, direction: str = "all", depth: int | None = None) -> SpecTree:
    """Ancestors, children, dependencies, dependents and related specs of ``spec_id`` as trees.

    UsageError (exit 2) for an id no spec has, with the closest ids as suggestions.
    """
    if direction not in DIRECTIONS:
        raise UsageError(f"unknown direction {direction!r} (known: {', '.join(DIRECTIONS)})")
    if depth is not None and depth < 1:
        raise UsageError("--depth must be at least 1")
    if spec_id not in graph:
        hint = did_you_mean(Suggester(graph.specs_by_id).suggest(spec_id))
        raise UsageError(f"no spec has the id '{terminal(spec_id)}'{terminal(hint)}")
    return build_tree(graph, spec_id, direction, depth)  # type: ignore[arg-type]
