"""Where specs are mentioned outside the specs: code, tests and test results (see ``speckit_graph.trace``).

Plain data the trace scanner produces and the SG5xx rules, the matrix and the reports read.
Paths are relative to the scanned spec folder (``SpecGraph.root``), like ``Spec.path``; they may
start with ``../`` when the code lives beside the specs rather than under them.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass

#: ``Mention.role``: the file matched a ``[trace] code`` glob or a ``tests`` glob.
CODE = "code"
TEST = "test"
#: ``Mention.kind``: after a marker (``@spec``, ``Implements:``), in ``@pytest.mark.spec(...)``,
#: a bare id in a comment, a JUnit ``spec`` property or an id in a JUnit test name.
MARKER = "marker"
PYTEST = "pytest"
COMMENT = "comment"
PROPERTY = "property"
TEST_NAME = "test-name"
#: ``CaseResult.outcome`` values, worst first.
FAILED = "failed"
ERROR = "error"
SKIPPED = "skipped"
PASSED = "passed"
_RANK = {FAILED: 0, ERROR: 1, SKIPPED: 2, PASSED: 3}


class TraceLinkKind(str, enum.Enum):
    """A file -> spec link (``graph --with-code``): not a spec link, so not a :class:`LinkKind`.

    Directed from the file to the spec it names: code ``implements`` it, a test ``verifies`` it.
    """

    IMPLEMENTS = "implements"
    VERIFIES = "verifies"

    def __str__(self) -> str:
        return self.value


#: The link kind of a file's mentions, by the file's role.
TRACE_LINK_KINDS = {CODE: TraceLinkKind.IMPLEMENTS, TEST: TraceLinkKind.VERIFIES}


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """One id written in a code or test file (``line``/``column`` 1-based, column in characters)."""

    path: str
    line: int
    column: int
    id: str
    role: str
    kind: str


@dataclass(frozen=True, slots=True, order=True)
class CaseResult:
    """One JUnit test case that names a spec (by a ``spec`` property or in its name)."""

    id: str
    test: str
    outcome: str
    path: str
    line: int | None = None
    message: str = ""


@dataclass(frozen=True)
class TraceIndex:
    """Every mention and test result found, plus what was skipped and why (sorted, deterministic)."""

    mentions: tuple[Mention, ...] = ()
    results: tuple[CaseResult, ...] = ()
    files_scanned: int = 0
    #: (path, reason) of files not scanned: too large, binary, unreadable, not XML.
    skipped: tuple[tuple[str, str], ...] = ()

    @functools.cached_property
    def by_id(self) -> Mapping[str, tuple[Mention, ...]]:
        grouped: dict[str, list[Mention]] = {}
        for mention in self.mentions:
            grouped.setdefault(mention.id, []).append(mention)
        return {key: tuple(value) for key, value in grouped.items()}

    @functools.cached_property
    def results_by_id(self) -> Mapping[str, tuple[CaseResult, ...]]:
        grouped: dict[str, list[CaseResult]] = {}
        for result in self.results:
            grouped.setdefault(result.id, []).append(result)
        return {key: tuple(value) for key, value in grouped.items()}

    def code_mentions(self, spec_id: str) -> tuple[Mention, ...]:
        return tuple(m for m in self.by_id.get(spec_id, ()) if m.role == CODE)

    def test_mentions(self, spec_id: str) -> tuple[Mention, ...]:
        return tuple(m for m in self.by_id.get(spec_id, ()) if m.role == TEST)

    def last_result(self, spec_id: str) -> str | None:
        """The worst outcome of the spec's test cases (failed before error before skipped before passed)."""
        results = self.results_by_id.get(spec_id, ())
        return min((r.outcome for r in results), key=_RANK.__getitem__, default=None)

    def is_tested(self, spec_id: str) -> bool:
        return bool(self.test_mentions(spec_id)) or spec_id in self.results_by_id

    def is_implemented(self, spec_id: str) -> bool:
        return bool(self.code_mentions(spec_id))
