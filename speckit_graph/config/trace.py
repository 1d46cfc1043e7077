"""``[trace]``: which code, test and JUnit files mention specs, and how a mention is written.

Kept apart from :mod:`speckit_graph.config.parse` (which calls :func:`parse_trace`) so the
tracing settings and their validation live in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: Literal strings after which the ids of a list count as mentions (case-insensitive).
DEFAULT_MARKERS = ("@spec", "Implements:", "Verifies:", "spec:", "@pytest.mark.spec(")
#: Literal strings that open a comment; a bare id after one on the same line counts.
DEFAULT_COMMENTS = ("#", "//", "/*", "*", "--", ";", "<!--")
DEFAULT_MAX_FILE_SIZE = 1024 * 1024
MAX_MARKER_LENGTH = 64
_KEYS = {"code", "tests", "results", "markers", "comments", "max-file-size", "code-status", "test-status", "patterns"}
_PATTERN_KEYS = {"markers", "comments"}


@dataclass(frozen=True)
class TraceProfile:
    """How mentions are written in the files one glob matches (``[trace.patterns."GLOB"]``)."""

    glob: str
    markers: tuple[str, ...] = DEFAULT_MARKERS
    comments: tuple[str, ...] = DEFAULT_COMMENTS


@dataclass(frozen=True)
class TraceSettings:
    """Tracing specs into code and tests; ``enabled`` only when ``code``, ``tests`` or ``results`` is set.

    ``code-status``: a spec at or past it must be mentioned by code (SG501); ``test-status``:
    at or past it, by a test (SG502). None: ``implemented`` / the approval status.
    """

    code: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    results: tuple[str, ...] = ()
    markers: tuple[str, ...] = DEFAULT_MARKERS
    comments: tuple[str, ...] = DEFAULT_COMMENTS
    patterns: tuple[TraceProfile, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    code_status: str | None = None
    test_status: str | None = None
    #: ``comments`` not set: each file gets its language's openers (:mod:`speckit_graph.trace.languages`).
    comments_by_language: bool = True

    @property
    def enabled(self) -> bool:
        return bool(self.code or self.tests or self.results)


Report = Callable[[str, str], None]


def parse_trace(value: Any, lifecycle: tuple[str, ...], error: Report) -> TraceSettings:
    """The ``[trace]`` table, every problem passed to ``error(key, message)``."""
    default = TraceSettings()
    if value is None:
        return default
    if not isinstance(value, dict):
        error("trace", f"expected a table, got {_describe(value)}")
        return default
    for key in sorted(set(value) - _KEYS):
        error(f"trace.{key}", f"unknown key (known: {', '.join(sorted(_KEYS))})")
    globs = {name: _strings(value, name, (), error) for name in ("code", "tests", "results")}
    markers = _literals(value, "markers", DEFAULT_MARKERS, error, "trace")
    comments = _literals(value, "comments", DEFAULT_COMMENTS, error, "trace")
    size = value.get("max-file-size", default.max_file_size)
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 1 << 30:
        error("trace.max-file-size", f"expected an integer from 1 to {1 << 30:,}, got {_describe(size)}")
        size = default.max_file_size
    statuses = {}
    for key in ("code-status", "test-status"):
        status = value.get(key)
        if status is not None and (not isinstance(status, str) or status not in lifecycle):
            error(f"trace.{key}", f"expected one of the lifecycle stages ({', '.join(lifecycle)}), got {_describe(status)}")
            status = None
        statuses[key] = status
    return TraceSettings(
        code=globs["code"],
        tests=globs["tests"],
        results=globs["results"],
        markers=markers,
        comments=comments,
        patterns=_patterns(value.get("patterns"), markers, comments, error),
        max_file_size=size,
        code_status=statuses["code-status"],
        test_status=statuses["test-status"],
        comments_by_language="comments" not in value,
    )


def _patterns(value: Any, markers: tuple[str, ...], comments: tuple[str, ...], error: Report) -> tuple[TraceProfile, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        error("trace.patterns", f'expected a table of [trace.patterns."GLOB"] tables, got {_describe(value)}')
        return ()
    result = []
    for glob, table in value.items():
        key = f"trace.patterns.{glob}"
        if not glob.strip():
            error(key, "the glob must not be empty")
            continue
        if not isinstance(table, dict):
            error(key, f"expected a table with markers and/or comments, got {_describe(table)}")
            continue
        for unknown in sorted(set(table) - _PATTERN_KEYS):
            error(f"{key}.{unknown}", f"unknown key (known: {', '.join(sorted(_PATTERN_KEYS))})")
        result.append(
            TraceProfile(
                glob, _literals(table, "markers", markers, error, key), _literals(table, "comments", comments, error, key)
            )
        )
    return tuple(result)


def _strings(data: Mapping[str, Any], key: str, default: tuple[str, ...], error: Report) -> tuple[str, ...]:
    if key not in data:
        return default
    raw = data[key]
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        error(f"trace.{key}", f"expected a list of non-empty glob strings, got {_describe(raw)}")
        return default
    return tuple(v.strip() for v in raw)


def _literals(data: Mapping[str, Any], key: str, default: tuple[str, ...], error: Report, prefix: str) -> tuple[str, ...]:
    """Markers and comment openers: literal text (never regular expressions), short, printable ASCII."""
    if key not in data:
        return default
    raw = data[key]
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        error(f"{prefix}.{key}", f"expected a list of strings, got {_describe(raw)}")
        return default
    kept = []
    for text in raw:
        if not text or len(text) > MAX_MARKER_LENGTH or not text.isascii() or not text.isprintable() or text != text.strip():
            error(f"{prefix}.{key}", f"{text!r} must be 1 to {MAX_MARKER_LENGTH} printable ASCII characters without outer spaces")
            continue
        kept.append(text)
    return tuple(kept)


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]
