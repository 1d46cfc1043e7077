"""The public use cases: what the CLI, and any script, calls."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from speckit_graph import analysis
from speckit_graph.config import Config, load_config
from speckit_graph.errors import UsageError
from speckit_graph.findings import CheckResult
from speckit_graph.graph import SpecGraph, build_graph
from speckit_graph.loader import load_specs


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
