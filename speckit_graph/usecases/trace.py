"""Code and test mentions on a graph (rules SG5xx, the matrix): scan them, attach them, say what was skipped."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

from speckit_graph.config.model import Config
from speckit_graph.core.trace import TraceIndex
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.trace.collect import collect
from speckit_graph.trace.shapes import IdShapes
from speckit_graph.usecases.common import LoadOptions


def trace_root(config: Config, spec_root: Path) -> Path:
    """Where ``[trace]`` globs start: the folder of the configuration file, else the spec folder."""
    if config.source:
        source = Path(config.source)
        if source.is_file():
            return source.parent
    return spec_root


def scan_trace(graph: SpecGraph, config: Config, options: LoadOptions) -> TraceIndex:
    """Scan the files ``[trace]`` names for mentions of the ids ``graph`` has (and ids shaped like them)."""
    from speckit_graph import __version__

    spec_root = Path(graph.root)
    ids = list(graph.specs_by_id)
    shapes = IdShapes.of(ids, config.id_pattern)
    return collect(
        trace_root(config, spec_root),
        spec_root,
        config.trace,
        shapes,
        results_limit=config.limits.max_file_size,
        jobs=options.jobs,
        cache_dir=options.cache_dir,
        version=__version__,
    )


def with_trace(graph: SpecGraph, config: Config, options: LoadOptions, notes: list[str]) -> SpecGraph:
    """``graph`` with its code and test mentions attached when ``[trace]`` is configured; else as is."""
    if not config.trace.enabled:
        return graph
    index = scan_trace(graph, config, options)
    notes.extend(trace_notes(index))
    return replace(graph, trace=index, _kind_views={})


def trace_notes(index: TraceIndex) -> list[str]:
    """What the user must know about a scan: the files it skipped, by reason."""
    if not index.skipped:
        return []
    reasons = Counter(reason.split(" (", 1)[0].split(":", 1)[0] for _, reason in index.skipped)
    summary = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
    first_path, first_reason = index.skipped[0]
    return [f"trace: {len(index.skipped)} file(s) not scanned ({summary}); first: {first_path}: {first_reason}"]
