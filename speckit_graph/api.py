"""The public use cases: what the CLI, and any script, calls."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from speckit_graph import analysis, gitsource, survey
from speckit_graph.baseline import Baseline, apply_baseline, dump_baseline, parse_baseline
from speckit_graph.config import CONFIG_FILENAME, Config, load_config, parse_config
from speckit_graph.errors import UsageError
from speckit_graph.export.init_report import render_toml
from speckit_graph.findings import CheckResult
from speckit_graph.graph import SpecGraph, build_graph
from speckit_graph.loader import load_specs
from speckit_graph.presets import canonical_preset_name, preset_names
from speckit_graph.rules import Rule, all_rules
from speckit_graph.survey import Proposal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


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


@dataclass(frozen=True)
class InitResult:
    """What ``init`` proposes for a repository, and what ``check`` says with it."""

    proposal: Proposal
    toml: str
    check: CheckResult
    links_resolved: int
    written: Path | None = None


def init(path: Path | str, *, preset: str | None = None, write: bool = True, force: bool = False) -> InitResult:
    """Survey a repository, propose a configuration, check with it, and write it when asked.

    Writes nothing but ``PATH/.speckit-graph.toml``, and refuses to replace an existing one
    unless ``force``. The proposal is verified by parsing the rendered file back.
    """
    root = Path(path)
    if not root.exists():
        raise UsageError(f"path does not exist: {root}")
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    target = root / CONFIG_FILENAME
    if write and not force and (target.exists() or target.is_symlink()):
        raise UsageError(f"{target} already exists; use --force to replace it, or --dry-run to only print the proposal")
    if preset is not None and canonical_preset_name(preset) is None:
        raise UsageError(f"unknown preset {preset!r} (known: {', '.join(preset_names())})")
    proposal = survey.propose(root, preset=canonical_preset_name(preset) if preset else None)
    text = render_toml(proposal)
    config = replace(parse_config(tomllib.loads(text), str(target)), source=str(target))
    graph = load(root, config)
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
