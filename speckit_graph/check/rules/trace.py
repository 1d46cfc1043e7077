"""SG5xx: specs traced into code and tests (``[trace]``): unimplemented, untested, unknown, failing.

These rules judge ``SpecGraph.trace``, which the use cases fill only when ``[trace]`` names
files; without it they do not run and are not listed as run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from speckit_graph.check.rules.registry import rule
from speckit_graph.config.model import Config, Vocabulary
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.model import Spec
from speckit_graph.core.trace import CODE, ERROR, FAILED, TraceIndex
from speckit_graph.graph.specgraph import SpecGraph

if TYPE_CHECKING:
    pass

#: At most this many failing tests are named in one SG504 message; the rest are counted.
MAX_NAMED_TESTS = 3


def code_threshold(config: Config) -> str | None:
    """``trace.code-status``, else ``implemented`` when the lifecycle has it, else its last stage."""
    vocabulary = config.vocabulary
    if config.trace.code_status:
        return config.trace.code_status
    if "implemented" in vocabulary.lifecycle:
        return "implemented"
    return vocabulary.lifecycle[-1] if vocabulary.lifecycle else None


def test_threshold(config: Config) -> str | None:
    """``trace.test-status``, else the approval status (``approved``)."""
    return config.trace.test_status or config.vocabulary.approval_status


def at_or_past(vocabulary: Vocabulary, status: str | None, threshold: str | None) -> bool:
    if threshold is None or vocabulary.is_retired(status):
        return False
    stage, limit = vocabulary.stage(status), vocabulary.stage(threshold)
    return stage is not None and limit is not None and stage >= limit


def _status_hit(spec: Spec, message: str) -> Hit:
    key = spec.key_of("status")
    return Hit(message, path=spec.path, line=spec.line_of(key), spec=spec.id)


def _trace(graph: SpecGraph) -> TraceIndex:
    """The graph's trace; an empty one when nobody scanned (the analysis skips these rules then)."""
    return graph.trace if graph.trace is not None else _NO_TRACE


_NO_TRACE = TraceIndex()


@rule(
    "SG501",
    "no-code-mention",
    Severity.WARNING,
    "A spec at or past `implemented` is mentioned by no code file.",
    needs_trace=True,
)
def no_code_mention(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    trace, threshold = _trace(graph), code_threshold(config)
    if not config.trace.code or graph.trace is None:
        return  # no code globs: nothing could have mentioned it
    for spec in graph.specs():
        if at_or_past(config.vocabulary, spec.status, threshold) and not trace.is_implemented(spec.id):
            yield _status_hit(spec, f"'{spec.id}' is {spec.status} but no code file mentions it")


@rule(
    "SG502",
    "no-test-mention",
    Severity.WARNING,
    "A spec at or past `approved` is mentioned by no test (test file or JUnit result).",
    needs_trace=True,
)
def no_test_mention(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    trace, threshold = _trace(graph), test_threshold(config)
    if not (config.trace.tests or config.trace.results) or graph.trace is None:
        return
    for spec in graph.specs():
        if at_or_past(config.vocabulary, spec.status, threshold) and not trace.is_tested(spec.id):
            yield _status_hit(spec, f"'{spec.id}' is {spec.status} but no test mentions it")


@rule(
    "SG503",
    "unknown-spec-mention",
    Severity.ERROR,
    "Code, a test or a JUnit result mentions an id that no spec has.",
    needs_trace=True,
)
def unknown_spec_mention(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for mention in _trace(graph).mentions:
        if mention.id in graph.specs_by_id:
            continue
        from speckit_graph.graph.suggest import did_you_mean  # did-you-mean: only for an unknown id

        hint = did_you_mean(graph.suggester().suggest(mention.id))  # the graph's id index, built once
        yield Hit(
            f"{mention.role} mentions '{mention.id}' ({mention.kind}), which no spec has{hint}",
            path=mention.path,
            line=mention.line,
            column=mention.column,
            key=mention.id,
        )


@rule(
    "SG504",
    "failing-spec-tests",
    Severity.ERROR,
    "A test that names a spec failed in the JUnit results.",
    needs_trace=True,
)
def failing_spec_tests(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for spec_id, results in sorted(_trace(graph).results_by_id.items()):
        spec = graph.specs_by_id.get(spec_id)
        failed = [r for r in results if r.outcome in (FAILED, ERROR)]
        if spec is None or not failed:
            continue
        named = ", ".join(f"{r.test} ({r.path}:{r.line})" if r.line else f"{r.test} ({r.path})" for r in failed[:MAX_NAMED_TESTS])
        more = f" and {len(failed) - MAX_NAMED_TESTS} more" if len(failed) > MAX_NAMED_TESTS else ""
        yield Hit(
            f"{len(failed)} of {len(results)} test{'s' if len(results) != 1 else ''} of '{spec_id}' failed: {named}{more}",
            path=spec.path,
            line=spec.location.line,
            spec=spec_id,
        )


@rule(
    "SG505",
    "retired-spec-in-code",
    Severity.WARNING,
    "Code still mentions a deprecated (or otherwise retired) spec.",
    needs_trace=True,
)
def retired_spec_in_code(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    vocabulary = config.vocabulary
    for mention in _trace(graph).mentions:
        spec = graph.specs_by_id.get(mention.id)
        if spec is None or mention.role != CODE or not vocabulary.is_retired(spec.status):
            continue
        yield Hit(
            f"code still mentions '{spec.id}', which is {spec.status}",
            path=mention.path,
            line=mention.line,
            column=mention.column,
            spec=spec.id,
            key=f"{mention.path}:{mention.line}",
        )
