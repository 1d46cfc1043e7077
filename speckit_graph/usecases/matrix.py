"""``matrix``: one row per spec of a scope with the code that implements it, its tests and their last result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from speckit_graph.core.errors import UsageError
from speckit_graph.report import scope as scope_module
from speckit_graph.report.scope import ScopeRequest
from speckit_graph.trace.matrix import Matrix, matrix_rows
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session
from speckit_graph.usecases.trace import scan_trace, trace_notes, tracing


@dataclass(frozen=True)
class MatrixRequest:
    load: LoadOptions = field(default_factory=LoadOptions)
    scope: ScopeRequest = field(default_factory=ScopeRequest)


@dataclass(frozen=True)
class MatrixOutcome(Outcome):
    matrix: Matrix


def run_matrix(request: MatrixRequest) -> MatrixOutcome:
    """The matrix of the scope; without ``[trace]``, of the repository's conventional code and test folders.

    A usage error (exit 2) when there is neither: every row would say "not implemented, not
    tested", which is not what the repository says, so that is refused rather than printed.
    """
    with session(request.load) as loader:
        graph = loader.load()
    config = loader.config
    how = tracing(config, Path(graph.root), defaults=True)
    if not how.settings.enabled:
        raise UsageError(
            f"nothing to trace: no [trace] section in the configuration and none of the usual code or test folders "
            f"(src/, lib/, tests/...) in {how.root}; set trace.code, trace.tests and/or trace.results "
            "(globs relative to the configuration file) so the matrix knows which files to read; see docs/trace.md"
        )
    notes = list(loader.notes)
    index = scan_trace(graph, config, request.load, how)
    notes.extend(how.note())
    notes.extend(trace_notes(index))
    scope = scope_module.resolve_scope(graph, config, request.scope)
    members = scope.members
    specs = [spec for spec in graph.specs() if scope.whole_repository or spec.id in members]
    matrix = Matrix(tuple(matrix_rows(specs, index)), scope.label, index.files_scanned)
    return MatrixOutcome(matrix=matrix, notes=tuple(notes))
