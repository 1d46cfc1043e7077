"""The traceability matrix: one row per spec with where it is implemented and tested, and how its tests ended.

Computation only (renderers in ``speckit_graph.render.matrix`` format the rows). Each file
appears once per row with the lines that mention the spec, in path order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from speckit_graph.core.model import LinkKind, Spec
from speckit_graph.core.trace import PROPERTY, TEST_NAME, Mention, TraceIndex

#: The matrix's columns, in order: the header row of every table format.
COLUMNS = ("ID", "Title", "Status", "Parent", "Implemented in", "Tests", "Last result")


@dataclass(frozen=True)
class FileLines:
    """One file and the lines in it that mention a spec."""

    path: str
    lines: tuple[int, ...]

    def text(self) -> str:
        return f"{self.path}:{','.join(str(n) for n in self.lines)}"


@dataclass(frozen=True)
class MatrixRow:
    id: str
    title: str
    status: str
    parent: str
    code: tuple[FileLines, ...]
    tests: tuple[FileLines, ...]
    result: str  # failed, error, skipped, passed, or "" when no JUnit result names the spec
    results: int  # how many JUnit test cases name the spec

    def cells(self) -> tuple[str, ...]:
        """The row as seven strings, multi-valued cells joined with ``"; "`` (CSV and XLSX)."""
        return (
            self.id,
            self.title,
            self.status,
            self.parent,
            "; ".join(f.text() for f in self.code),
            "; ".join(f.text() for f in self.tests),
            self.result,
        )


@dataclass(frozen=True)
class Matrix:
    rows: tuple[MatrixRow, ...]
    scope: str
    files_scanned: int

    @property
    def implemented(self) -> int:
        return sum(1 for row in self.rows if row.code)

    @property
    def tested(self) -> int:
        return sum(1 for row in self.rows if row.tests or row.results)


def file_lines(mentions: Iterable[Mention]) -> tuple[FileLines, ...]:
    """Each file once, with the lines that mention the spec, in path order."""
    lines: dict[str, set[int]] = {}
    for mention in mentions:
        lines.setdefault(mention.path, set()).add(mention.line)
    return tuple(FileLines(path, tuple(sorted(found))) for path, found in sorted(lines.items()))


def matrix_rows(specs: Iterable[Spec], index: TraceIndex) -> list[MatrixRow]:
    """One row per spec, in the order given; JUnit-only namings count as results, not test files."""
    rows = []
    for spec in specs:
        parent = next((link.target for link in spec.links if link.kind is LinkKind.PARENT), "")
        mentions = index.by_id.get(spec.id, ())
        tests = [m for m in mentions if m.role == "test" and m.kind not in (PROPERTY, TEST_NAME)]
        rows.append(
            MatrixRow(
                id=spec.id,
                title=spec.title,
                status=spec.status or "",
                parent=parent,
                code=file_lines(m for m in mentions if m.role == "code"),
                tests=file_lines(tests),
                result=index.last_result(spec.id) or "",
                results=len(index.results_by_id.get(spec.id, ())),
            )
        )
    return rows


@dataclass(frozen=True)
class SpecFiles:
    """One spec's code and test files with their lines, and its last JUnit result ("" when none)."""

    code: tuple[FileLines, ...]
    tests: tuple[FileLines, ...]
    result: str


def spec_files(spec_id: str, index: TraceIndex) -> SpecFiles:
    """Where ``spec_id`` is implemented and tested (``tree``): the matrix row's files, for one spec."""
    return SpecFiles(
        file_lines(index.code_mentions(spec_id)), file_lines(index.test_mentions(spec_id)), index.last_result(spec_id) or ""
    )
