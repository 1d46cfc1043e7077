"""``matrix``: one row per spec of a scope with the code that implements it, its tests and their last result."""

from __future__ import annotations

from dataclasses import dataclass, field

from speckit_graph.core.errors import UsageError
from speckit_graph.report import scope as scope_module
from speckit_graph.report.scope import ScopeRequest
from speckit_graph.trace.matrix import Matrix, matrix_rows
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session
from speckit_graph.usecases.trace import scan_trace, trace_notes


@dataclass(frozen=True)
class MatrixRequest:
    load: LoadOptions = field(default_factory=LoadOptions)
    scope: ScopeRequest = field(default_factory=ScopeRequest)


@dataclass(frozen=True)
class MatrixOutcome(Outcome):
    matrix: Matrix


def run_matrix(request: MatrixRequest) -> MatrixOutcome:
    """The matrix of the scope; a usage error (exit 2) when ``[trace]`` names no files.

    Without ``[trace]`` every row would say "not implemented, not tested", which is not
    what the repository says: that is refused rather than printed.
    """
    with session(request.load) as loader:
        graph = loader.load()
    config = loader.config
    if not config.trace.enabled:
        raise UsageError(
            "no [trace] section in the configuration: set trace.code, trace.tests and/or trace.results "
            "(globs relative to the configuration file) so the matrix knows which files to read; see docs/trace.md"
        )
    notes = list(loader.notes)
    index = scan_trace(graph, config, request.load)
    notes.extend(trace_notes(index))
    scope = scope_module.resolve_scope(graph, config, request.scope)
    members = scope.members
    specs = [spec for spec in graph.specs() if scope.whole_repository or spec.id in members]
    matrix = Matrix(tuple(matrix_rows(specs, index)), scope.label, index.files_scanned)
    return MatrixOutcome(matrix=matrix, notes=tuple(notes))
