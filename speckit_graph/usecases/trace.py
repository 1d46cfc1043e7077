"""Code and test mentions on a graph (rules SG5xx, the matrix): scan them, attach them, say what was skipped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from speckit_graph.config.discover import repository_top
from speckit_graph.config.model import Config
from speckit_graph.config.trace import TraceSettings
from speckit_graph.core.trace import TraceIndex
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.trace.collect import collect
from speckit_graph.trace.defaults import default_trace, describe
from speckit_graph.trace.shapes import IdShapes
from speckit_graph.usecases.common import LoadOptions


def trace_root(config: Config, spec_root: Path) -> Path:
    """Where ``[trace]`` globs start: the folder of the configuration file, else the spec folder."""
    if config.source:
        source = Path(config.source)
        if source.is_file():
            return source.parent
    return spec_root


@dataclass(frozen=True)
class Tracing:
    """What to scan and from where: ``[trace]``, or the conventional folders when it names no files."""

    settings: TraceSettings
    root: Path
    defaulted: bool = False

    def note(self) -> list[str]:
        """Says which globs were used when they were not configured (they can be pasted into ``[trace]``)."""
        if not self.defaulted:
            return []
        return [f"trace: no [trace] in the configuration; read the usual folders of {self.root}: {describe(self.settings)}"]


def tracing(config: Config, spec_root: Path, defaults: bool = False) -> Tracing:
    """``[trace]`` as configured; with ``defaults``, the repository's conventional folders when it names none.

    Without a configuration file the defaults start at the repository top (the folder with
    ``.git``): the spec folder rarely holds the code.
    """
    if config.trace.enabled or not defaults:
        return Tracing(config.trace, trace_root(config, spec_root))
    root = trace_root(config, spec_root) if config.source and Path(config.source).is_file() else repository_top(spec_root)
    return Tracing(default_trace(root, config.trace), root, defaulted=True)


def scan_trace(graph: SpecGraph, config: Config, options: LoadOptions, how: Tracing | None = None) -> TraceIndex:
    """Scan the files ``[trace]`` (or ``how``) names for mentions of the ids ``graph`` has (and ids shaped like them)."""
    from speckit_graph import __version__

    spec_root = Path(graph.root)
    how = how if how is not None else tracing(config, spec_root)
    ids = list(graph.specs_by_id)
    shapes = IdShapes.of(ids, config.id_pattern)
    return collect(
        how.root,
        spec_root,
        how.settings,
        shapes,
        results_limit=config.limits.max_file_size,
        jobs=options.jobs,
        cache_dir=options.cache_dir,
        version=__version__,
    )


def with_trace(graph: SpecGraph, config: Config, options: LoadOptions, notes: list[str], defaults: bool = False) -> SpecGraph:
    """``graph`` with its code and test mentions attached when ``[trace]`` is configured; else as is.

    ``defaults``: without ``[trace]``, trace the repository's conventional folders (``graph --with-code``).
    """
    how = tracing(config, Path(graph.root), defaults)
    if not how.settings.enabled:
        return graph
    index = scan_trace(graph, config, options, how)
    notes.extend(how.note())
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
