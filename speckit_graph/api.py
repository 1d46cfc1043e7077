"""The public use cases: what the CLI, and any script, calls."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from speckit_graph import analysis, gitsource
from speckit_graph.baseline import Baseline, apply_baseline, dump_baseline, parse_baseline
from speckit_graph.config import Config, load_config
from speckit_graph.errors import UsageError
from speckit_graph.findings import CheckResult
from speckit_graph.graph import SpecGraph, build_graph
from speckit_graph.loader import load_specs
from speckit_graph.report import impact as impact_module
from speckit_graph.report import order as order_module
from speckit_graph.report import scope as scope_module
from speckit_graph.report.impact import Impact
from speckit_graph.report.order import BuildOrder
from speckit_graph.report.readiness import ReadinessReport, readiness
from speckit_graph.report.render_html import render_report_html
from speckit_graph.report.render_json import render_report_json
from speckit_graph.report.render_md import DEFAULT_LIMIT, render_report_md
from speckit_graph.report.scope import Scope, ScopeRequest, default_target
from speckit_graph.rules import Rule, all_rules
from speckit_graph.rules.suggest import Suggester, did_you_mean


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
) -> str:
    """The report as ``md`` (tables capped at ``limit`` rows), ``html`` (diagram embedded when it
    can be drawn) or ``json``."""
    if output_format == "md":
        return render_report_md(report, limit)
    if output_format == "json":
        return render_report_json(report)
    if output_format == "html":
        diagram, note = report_diagram(report, graph, config)
        return render_report_html(report, diagram, note)
    raise UsageError(f"unknown report format {output_format!r} (expected md, html or json)")


def report_diagram(
    report: ReadinessReport, graph: SpecGraph | None, config: Config | None = None
) -> tuple[str | None, str | None]:
    """The scope's diagram as SVG with blockers highlighted, or (None, why not)."""
    if graph is None:
        return None, "No diagram: the report was rendered without its graph."
    if len(report.specs) > MAX_DIAGRAM_SPECS:
        return None, (
            f"No diagram: the scope holds {len(report.specs):,} specs, more than the {MAX_DIAGRAM_SPECS} "
            "a readable diagram can show. Narrow it with --root, --tag or --release."
        )
    return None, (
        "No diagram: this version of speckit-graph has no SVG diagram exporter yet "
        "(it needs Graphviz's dot program on PATH)."
    )


def impact(graph: SpecGraph, spec_id: str) -> Impact:
    """What depends on ``spec_id`` or descends from it, transitively, with distances."""
    if spec_id not in graph:
        hint = did_you_mean(Suggester(graph.ids()).suggest(spec_id))
        raise UsageError(f"unknown spec id '{spec_id}'{hint}")
    return impact_module.impact(graph, spec_id)


def build_order(graph: SpecGraph, config: Config, scope: Scope, target: str | None = None) -> BuildOrder:
    """The unfinished specs of ``scope`` as topological waves, cycles apart."""
    return order_module.build_order(graph, config.vocabulary, scope, resolve_target(config, target, scope))
