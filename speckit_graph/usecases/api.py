"""The public use cases: what the CLI, and any script, calls."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from speckit_graph.check import analysis
from speckit_graph.check.baseline import Baseline, apply_baseline, dump_baseline, parse_baseline
from speckit_graph.check.rules import Rule, all_rules
from speckit_graph.check.selection import effective_severities
from speckit_graph.config.model import CONFIG_FILENAME, Config, load_config, parse_config
from speckit_graph.config.presets import canonical_preset_name, preset_names
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult
from speckit_graph.core.model import History, LinkKind
from speckit_graph.graph.specgraph import SpecGraph, build_graph
from speckit_graph.graph.suggest import Suggester, did_you_mean
from speckit_graph.graph.tree import DIRECTIONS, LEGACY_DIRECTIONS, SpecTree, build_tree
from speckit_graph.init import survey
from speckit_graph.init.survey import Proposal
from speckit_graph.load import cache as filecache
from speckit_graph.load.cache import FileCache
from speckit_graph.load.loader import LoadResult, list_markdown_files, load_specs
from speckit_graph.load.parallel import Progress, gc_paused
from speckit_graph.render.diagram.dot import DotOptions, render_dot
from speckit_graph.render.diagram.graphml import render_graphml
from speckit_graph.render.diagram.graphml import render_json as render_graph_json
from speckit_graph.render.diagram.mermaid import MAX_EDGES as MERMAID_MAX_EDGES
from speckit_graph.render.diagram.mermaid import MAX_TEXT_SIZE as MERMAID_MAX_TEXT
from speckit_graph.render.diagram.mermaid import edge_count as mermaid_edge_count
from speckit_graph.render.diagram.mermaid import render_mermaid
from speckit_graph.render.diagram.svg import ENGINES, RendererNotFound, RenderError, render_svg
from speckit_graph.render.diagram.view import (
    ClusterMode,
    CollapseMode,
    DiagramProblems,
    DiagramView,
    ViewOptions,
    build_view,
    spec_tags,
)
from speckit_graph.render.escape import terminal, unicode_safe
from speckit_graph.render.init_report import render_toml
from speckit_graph.render.report.render_html import render_report_html
from speckit_graph.render.report.render_json import render_report_json
from speckit_graph.render.report.render_md import DEFAULT_LIMIT, render_report_md
from speckit_graph.report import impact as impact_module
from speckit_graph.report import order as order_module
from speckit_graph.report import scope as scope_module
from speckit_graph.report.impact import Impact
from speckit_graph.report.order import BuildOrder
from speckit_graph.report.readiness import ReadinessReport, readiness
from speckit_graph.report.scope import Scope, ScopeRequest, default_target
from speckit_graph.vcs import changes, history
from speckit_graph.vcs import git as gitsource

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def resolve_config(path: Path, config_file: Path | None = None) -> Config:
    """The configuration that applies to a repository (defaults when none is found)."""
    return load_config(path, config_file)


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
    """Run every selected rule over ``graph``; without ``config``, the one that applies to its folder."""
    if config is None:
        config = resolve_config(Path(graph.root))
    return analysis.check(graph, config, select, ignore)


# ---------------------------------------------------------------------------------------
# Diagrams

DIAGRAM_FORMATS: tuple[str, ...] = ("dot", "svg", "mermaid", "graphml", "json")
#: Above this many nodes ``dot`` takes tens of seconds to minutes; ``sfdp`` stays in seconds.
DOT_ENGINE_LIMIT = 400
DEFAULT_TIMEOUT = 60.0
_PROBLEM_RULES = ("SG201", "SG202", "SG203")


@dataclass(frozen=True)
class Diagram:
    """A rendered diagram plus what the user should know about it (collapsing, size warnings)."""

    text: str
    format: str
    view: DiagramView
    engine: str
    notes: tuple[str, ...] = ()


def diagram_problems(graph: SpecGraph, config: Config | None = None) -> DiagramProblems:
    """Cycle edges and orphans as ``check`` reports them, honouring the configuration's rule choices.

    Every edge inside a strongly connected component of one kind lies on some cycle, so the
    whole component is marked, not just the one example cycle a finding quotes.
    """
    config = config if config is not None else Config()
    enabled = effective_severities(config)
    select = [code for code in _PROBLEM_RULES if code in enabled]
    if not select:
        return DiagramProblems()
    result = analysis.check(graph, config, select=select)
    flagged: dict[LinkKind, set[str]] = {LinkKind.DEPENDS_ON: set(), LinkKind.PARENT: set()}
    orphans: set[str] = set()
    for finding in result.findings:
        if finding.spec is None:
            continue
        if finding.code == "SG203":
            orphans.add(finding.spec)
        else:
            kind = LinkKind.DEPENDS_ON if finding.code == "SG201" else LinkKind.PARENT
            flagged[kind].add(finding.spec)
    cycle_edges: set[tuple[str, str, LinkKind]] = set()
    for kind, members in flagged.items():
        if not members:
            continue
        view = graph.kind_graph(kind)
        for component in graph.cycle_components(kind):
            if members.isdisjoint(component):
                continue
            inside = set(component)
            for source in component:
                cycle_edges.update((source, target, kind) for target in view.successors(source) if target in inside)
    return DiagramProblems(cycle_edges=frozenset(cycle_edges), orphans=frozenset(orphans))


def graph_view(
    graph: SpecGraph,
    config: Config | None = None,
    options: ViewOptions | None = None,
    problems: DiagramProblems | None = None,
) -> DiagramView:
    """The slice of ``graph`` a diagram shows; raises UsageError for unknown ids or filter values."""
    config = config if config is not None else Config()
    options = options if options is not None else ViewOptions()
    _check_ids(graph, options.roots, "--root")
    if options.only is not None:
        _check_ids(graph, sorted(options.only), "spec id")
    _check_values(graph, options)
    if problems is None:
        problems = diagram_problems(graph, config)
    return build_view(graph, options, problems, config.vocabulary)


def choose_engine(view: DiagramView, engine: str = "auto") -> str:
    """``dot`` for pictures it lays out in seconds, ``sfdp`` beyond, unless the caller chose."""
    if engine != "auto":
        return engine
    return "dot" if len(view.nodes) <= DOT_ENGINE_LIMIT else "sfdp"


def render_view(
    view: DiagramView,
    fmt: str,
    *,
    engine: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    legend: bool = True,
    link_base: str = "",
    title: str | None = None,
) -> Diagram:
    """Draw an already built view in one format (``svg`` runs Graphviz, the others are pure text)."""
    if fmt not in DIAGRAM_FORMATS:
        raise UsageError(f"unknown diagram format {fmt!r} (known: {', '.join(DIAGRAM_FORMATS)})")
    chosen = choose_engine(view, engine)
    if chosen not in ENGINES:
        raise UsageError(f"unknown layout engine {chosen!r} (known: auto, {', '.join(ENGINES)})")
    notes = list(view.notes)
    if engine == "auto" and chosen != "dot" and fmt in ("dot", "svg"):
        notes.append(f"laid out with {chosen}: {len(view.nodes):,} nodes are too many for dot to finish quickly")
    if fmt in ("dot", "svg"):
        text = render_dot(view, DotOptions(engine=chosen, legend=legend, link_base=link_base, title=title))
        if fmt == "svg":
            text = render_svg(text, chosen, timeout=timeout)
    elif fmt == "mermaid":
        text = render_mermaid(view, legend=legend, title=title)
    elif fmt == "graphml":
        text = render_graphml(view)
    else:
        text = render_graph_json(view)
    text = unicode_safe(text)  # a lone surrogate (from a YAML escape) cannot be written as UTF-8
    return Diagram(text=text, format=fmt, view=view, engine=chosen, notes=tuple(notes))


def default_collapse(fmt: str) -> CollapseMode:
    """Pictures collapse when big; data formats (GraphML, JSON) keep every spec unless asked."""
    return "never" if fmt in ("graphml", "json") else "auto"


def diagram(
    graph: SpecGraph,
    config: Config | None = None,
    fmt: str = "dot",
    options: ViewOptions | None = None,
    *,
    engine: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    legend: bool = True,
    link_base: str = "",
    title: str | None = None,
) -> Diagram:
    """The ``graph`` command's use case: select a view, render it, and keep Mermaid within its limits.

    Mermaid refuses text above 50,000 characters or 500 edges by default; when the view may
    collapse, it is collapsed further until it fits, else a note says why GitHub won't draw it.
    """
    config = config if config is not None else Config()
    options = options if options is not None else ViewOptions(collapse=default_collapse(fmt))
    problems = diagram_problems(graph, config)
    view = graph_view(graph, config, options, problems)
    result = render_view(view, fmt, engine=engine, timeout=timeout, legend=legend, link_base=link_base, title=title)
    if fmt != "mermaid":
        return result
    max_nodes = options.max_nodes
    while _mermaid_too_big(result) and options.collapse == "auto" and max_nodes > 8:
        max_nodes = max(8, max_nodes // 2)
        view = build_view(graph, replace(options, max_nodes=max_nodes, collapse="always"), problems, config.vocabulary)
        result = render_view(view, fmt, legend=legend, title=title)
    if _mermaid_too_big(result):
        result = replace(
            result,
            notes=(
                *result.notes,
                f"the Mermaid text has {len(result.text):,} characters and {mermaid_edge_count(view, legend):,} links,"
                f" above Mermaid's defaults ({MERMAID_MAX_TEXT:,} characters, {MERMAID_MAX_EDGES} links):"
                " GitHub will not draw it; focus with --root, filter, or allow --collapse auto",
            ),
        )
    return result


def _mermaid_too_big(result: Diagram) -> bool:
    return len(result.text) > MERMAID_MAX_TEXT or mermaid_edge_count(result.view) > MERMAID_MAX_EDGES


def render_diagram(
    graph: SpecGraph,
    config: Config | None,
    ids: Iterable[str],
    fmt: str = "svg",
    *,
    highlight: Iterable[str] = (),
    kinds: Iterable[LinkKind] = tuple(LinkKind),
    cluster: ClusterMode = "none",
    collapse: CollapseMode = "never",
    legend: bool = True,
    link_base: str = "",
    title: str | None = None,
    engine: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
) -> str:
    """A diagram of exactly ``ids`` (and the links among them), for other commands to embed.

    ``highlight`` ids get a thick violet outline (ids not drawn are ignored, unknown ids
    raise UsageError). Dangling links from these specs show as
    missing nodes; cycle edges are red. Raises UsageError for ids that name no spec, and
    RenderError subclasses (RendererNotFound, RenderTimeout) for ``svg``.
    """
    wanted = frozenset(ids)
    marked = frozenset(highlight)
    _check_ids(graph, sorted(marked), "highlight id")
    options = ViewOptions(only=wanted, highlight=marked, kinds=frozenset(kinds), cluster=cluster, collapse=collapse)
    view = graph_view(graph, config, options)
    return render_view(view, fmt, engine=engine, timeout=timeout, legend=legend, link_base=link_base, title=title).text


def link_base_for(root: Path, output: Path | None) -> str:
    """The prefix that makes a spec's path clickable from where the diagram will be opened.

    Relative from the output file's folder to the repository (or from the current folder
    when writing to stdout), always with forward slashes and a trailing one.
    """
    start = output.resolve().parent if output is not None else Path.cwd()
    try:
        relative = os.path.relpath(root.resolve(), start)
    except ValueError:  # another drive on Windows
        relative = root.resolve().as_posix()
    relative = relative.replace(os.sep, "/")
    return "" if relative == "." else relative.rstrip("/") + "/"


def _check_ids(graph: SpecGraph, ids: Iterable[str], what: str) -> None:
    unknown = [spec_id for spec_id in ids if spec_id not in graph]
    if not unknown:
        return
    suggester = Suggester(graph.specs_by_id)
    first = unknown[0]
    more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
    raise UsageError(f"{what} '{terminal(first)}' names no spec{more}{terminal(did_you_mean(suggester.suggest(first)))}")


def _check_values(graph: SpecGraph, options: ViewOptions) -> None:
    """A filter value no spec has is a typo far more often than a wish for an empty picture."""
    checks = (
        ("--status", options.statuses, lambda spec: [spec.status] if spec.status else []),
        ("--type", options.types, lambda spec: [spec.type] if spec.type else []),
        ("--tag", options.tags, spec_tags),
    )
    for flag, wanted, values_of in checks:
        if not wanted:
            continue
        present = {value for spec in graph.specs() for value in values_of(spec)}
        for value in sorted(wanted):
            if value not in present:
                hint = did_you_mean(Suggester(present).suggest(value))
                raise UsageError(f"{flag} '{terminal(value)}': no spec has this value{terminal(hint)}")


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
    if not hidden:
        return []  # every spec changed within the visible history: nothing was missed
    start = found.shallow
    return [
        f"shallow clone: history starts at {start.short} ({start.date}); {hidden} of {len(graph)} specs "
        f"have not changed since, so a suspect link between two of them cannot be seen "
        f"(fetch the full history: git fetch --unshallow, or fetch-depth: 0 in GitHub Actions)"
    ]


# ---------------------------------------------------------------------------------------
# Graph diff between revisions


@dataclass(frozen=True)
class RevisionComparison:
    """A graph diff plus both graphs it was computed from (for diagrams of the change)."""

    diff: changes.GraphDiff
    before: SpecGraph
    after: SpecGraph
    config: Config


def diff(
    path: Path,
    rev_a: str,
    rev_b: str | None = None,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> changes.GraphDiff:
    """How the graph of folder ``path`` changed from git revision ``rev_a`` to ``rev_b`` (see :func:`compare_revisions`)."""
    return compare_revisions(path, rev_a, rev_b, config, select, ignore).diff


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
    """The graph of folder ``path`` at git revision ``rev_a`` compared with ``rev_b``.

    ``rev_b`` None means the working tree. Both revisions are read straight from git objects
    into temporary folders (the working tree, index and HEAD are never touched) and both
    are judged with the same configuration and rule selection (today's, found from
    ``path``), so every difference comes from the specs themselves. ``jobs`` as for
    :func:`load`; ``cache_dir`` serves the working tree only (temporary folders are not kept).
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
    with contextlib.ExitStack() as stack:
        folder_a = stack.enter_context(gitsource.materialize(location.root, commit_a, location.prefix, suffixes=(".md",)))
        folder_b = root
        if commit_b is not None:
            folder_b = stack.enter_context(gitsource.materialize(location.root, commit_b, location.prefix, suffixes=(".md",)))
        before = load(folder_a, config, jobs=jobs)
        after = load(folder_b, config, jobs=jobs, cache_dir=cache_dir if commit_b is None else None)
        before_result = check(before, config, select, ignore)
        after_result = check(after, config, select, ignore)
        touched = gitsource.changed_paths(location.root, commit_a, commit_b, location.prefix)
        bodies = _body_changes(before, after, folder_a, folder_b, touched, history.Normaliser.for_config(config))
    result = changes.compare(
        before,
        after,
        before_result,
        after_result,
        changes.Side(rev_a, commit_a, len(before)),
        changes.Side(rev_b if rev_b is not None else "working tree", commit_b, len(after)),
        body_changed=bodies,
        ignore_fields=(*config.history.ignore_fields, *history.TOOL_KEYS),
    )
    return RevisionComparison(result, before, after, config)


def is_revision(path: Path, rev: str) -> bool:
    """Whether ``rev`` names a commit of the git repository around folder ``path`` (False outside git)."""
    try:
        return bool(gitsource.resolve(gitsource.locate(path).root, rev))
    except UsageError:
        return False


def diff_diagram(comparison: RevisionComparison, fmt: str, link_base: str = "") -> str:
    """The changed neighbourhood as the ``graph`` exporter draws it (``dot``, ``svg``, ``mermaid``).

    It draws the newer side: added and changed specs are highlighted, specs linked from
    them are shown for context; removed specs and links exist only on the older side and
    are left to the text (``export.diff_mermaid`` draws both sides).
    """
    diff = comparison.diff
    after = comparison.after
    shown = [node.id for node in diff.nodes if node.id in after]
    marked = [node.id for node in diff.nodes if node.state in ("added", "changed") and node.id in after]
    title = f"{diff.before.label} -> {diff.after.label}: {len(marked)} specs added or changed"
    return render_diagram(after, comparison.config, shown, fmt, highlight=marked, title=title, link_base=link_base)


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


@dataclass(frozen=True)
class InitResult:
    """What ``init`` proposes for a repository, and what ``check`` says with it."""

    proposal: Proposal
    toml: str
    check: CheckResult
    links_resolved: int
    written: Path | None = None


def init(
    path: Path | str,
    *,
    preset: str | None = None,
    write: bool = True,
    force: bool = False,
    target: Path | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> InitResult:
    """Survey a repository, propose a configuration, check with it, and write it when asked.

    Writes nothing but ``target`` (default ``PATH/.speckit-graph.toml``), and refuses to
    replace an existing one unless ``force``. The proposal is verified by parsing the
    rendered file back. ``jobs`` and ``cache_dir`` as for :func:`load`.
    """
    root = Path(path)
    if not root.exists():
        raise UsageError(f"path does not exist: {root}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    target = target if target is not None else root / CONFIG_FILENAME
    if write and not force and (target.exists() or target.is_symlink()):
        raise UsageError(f"{target} already exists; use --force to replace it, or --dry-run to only print the proposal")
    if preset is not None and canonical_preset_name(preset) is None:
        raise UsageError(f"unknown preset {preset!r} (known: {', '.join(preset_names())})")
    proposal = survey.propose(root, preset=canonical_preset_name(preset) if preset else None)
    text = render_toml(proposal)
    config = replace(parse_config(tomllib.loads(text), str(target)), source=str(target))
    graph = load(root, config, jobs=jobs, cache_dir=cache_dir)
    result = check(graph, config)
    links = sum(1 for _ in graph.links())
    written = None
    if write:
        _write_atomically(target, text)
        written = target
    return InitResult(proposal, text, result, links, written)


def _write_atomically(target: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a crash never leaves half a file."""
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=".speckit-graph-", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
        os.replace(handle.name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None


# ---------------------------------------------------------------------------------------
# Release views: report, impact, order

#: Above this many specs a scope's diagram is left out of the HTML report (unreadable, slow).
MAX_DIAGRAM_SPECS = 400


def resolve_scope(
    graph: SpecGraph,
    config: Config,
    roots: Sequence[str] = (),
    tags: Sequence[str] = (),
    release: str | None = None,
) -> Scope:
    """The specs a report or build order covers; unknown roots, tags or releases raise UsageError."""
    return scope_module.resolve_scope(graph, config, ScopeRequest(tuple(roots), tuple(tags), release))


def resolve_target(config: Config, target: str | None, scope: Scope | None = None) -> str:
    """The status specs must reach: the option, else the release's, else the last lifecycle stage."""
    chosen = target or (scope.target if scope is not None else None) or default_target(config.vocabulary)
    if chosen not in config.vocabulary.lifecycle:
        known = ", ".join(config.vocabulary.lifecycle)
        raise UsageError(f"unknown target status {chosen!r} (expected one of the lifecycle statuses: {known})")
    return chosen


def report_date(value: str | None = None) -> dt.date:
    """``--date`` when given, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"invalid --date {value!r} (expected YYYY-MM-DD)") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"invalid SOURCE_DATE_EPOCH {epoch!r} (expected seconds since 1970)") from None
    return dt.date.today()


def readiness_report(
    graph: SpecGraph,
    config: Config,
    scope: Scope,
    target: str | None = None,
    today: dt.date | None = None,
) -> ReadinessReport:
    """Judge whether ``scope`` has reached ``target``, using the findings of ``check`` as configured."""
    result = check(graph, config)
    return readiness(
        graph,
        config.vocabulary,
        scope,
        result.findings,
        resolve_target(config, target, scope),
        today if today is not None else report_date(),
    )


def render_report(
    report: ReadinessReport,
    output_format: str,
    graph: SpecGraph | None = None,
    config: Config | None = None,
    limit: int | None = DEFAULT_LIMIT,
    output: Path | None = None,
) -> str:
    """The report as ``md`` (tables capped at ``limit`` rows), ``html`` (the scope's diagram
    embedded when Graphviz can draw it; ``output`` makes its links relative to the file) or ``json``."""
    if output_format == "md":
        return render_report_md(report, limit)
    if output_format == "json":
        return render_report_json(report)
    if output_format == "html":
        link_base = link_base_for(Path(graph.root), output) if graph is not None else ""
        diagram, note = report_diagram(report, graph, config, link_base)
        return render_report_html(report, diagram, note)
    raise UsageError(f"unknown report format {output_format!r} (expected md, html or json)")


def report_diagram(
    report: ReadinessReport, graph: SpecGraph | None, config: Config | None = None, link_base: str = ""
) -> tuple[str | None, str | None]:
    """The scope's diagram as SVG with the blockers highlighted, or (None, why there is none)."""
    if graph is None:
        return None, "No diagram: the report was rendered without its graph."
    if len(report.specs) > MAX_DIAGRAM_SPECS:
        return None, (
            f"No diagram: the scope holds {len(report.specs):,} specs, more than the {MAX_DIAGRAM_SPECS} "
            "a readable diagram can show. Narrow it with --root, --tag or --release, or draw it with "
            "speckit-graph graph."
        )
    try:
        svg = render_diagram(
            graph,
            config,
            [row.id for row in report.specs],
            "svg",
            highlight=[blocker.id for blocker in report.blockers],
            link_base=link_base,
        )
    except RendererNotFound:
        return None, (
            "No diagram: drawing it needs Graphviz, and none was found. Install it so that dot is on PATH "
            "(apt-get install graphviz, brew install graphviz) or pip install 'speckit-graph[svg]', then "
            "run the report again."
        )
    except RenderError as exc:
        return None, f"No diagram: Graphviz could not draw this scope ({exc})."
    return svg, None


def impact(graph: SpecGraph, spec_id: str) -> Impact:
    """What depends on ``spec_id`` or descends from it, transitively, with distances."""
    if spec_id not in graph:
        hint = did_you_mean(Suggester(graph.ids()).suggest(spec_id))
        raise UsageError(f"unknown spec id '{spec_id}'{hint}")
    return impact_module.impact(graph, spec_id)


def impact_diagram(graph: SpecGraph, config: Config | None, result: Impact, fmt: str, link_base: str = "") -> str:
    """The changed spec (highlighted) and everything it affects, as ``dot``, ``mermaid`` or ``svg``."""
    return render_diagram(graph, config, [result.id, *result.ids], fmt, highlight=[result.id], link_base=link_base)


def build_order(graph: SpecGraph, config: Config, scope: Scope, target: str | None = None) -> BuildOrder:
    """The unfinished specs of ``scope`` as topological waves, cycles apart."""
    return order_module.build_order(graph, config.vocabulary, scope, resolve_target(config, target, scope))


# ---------------------------------------------------------------------------------------
# One spec's neighbourhood


def spec_tree(
    graph: SpecGraph,
    spec_id: str,
    direction: str = "both",
    depth: int | None = None,
    kinds: Collection[LinkKind] | None = None,
) -> SpecTree:
    """Ancestors, children, dependencies, dependents and related specs of ``spec_id`` as trees.

    ``direction`` is deps, dependents or both (the old all, up, down and related still work);
    ``kinds`` narrows the link kinds followed (None: all). UsageError (exit 2) for an id no
    spec has, with the closest ids as suggestions.
    """
    if direction in LEGACY_DIRECTIONS:
        direction, legacy_kinds = LEGACY_DIRECTIONS[direction]
        kinds = legacy_kinds if kinds is None else legacy_kinds & set(kinds)
    if direction not in DIRECTIONS:
        raise UsageError(f"unknown direction {direction!r} (known: {', '.join(DIRECTIONS)})")
    if depth is not None and depth < 1:
        raise UsageError("--depth must be at least 1")
    if spec_id not in graph:
        hint = did_you_mean(Suggester(graph.specs_by_id).suggest(spec_id))
        raise UsageError(f"no spec has the id '{terminal(spec_id)}'{terminal(hint)}")
    return build_tree(graph, spec_id, direction, depth, tuple(LinkKind) if kinds is None else kinds)  # type: ignore[arg-type]
