"""SG4xx: the frontmatter fields themselves: missing, out of vocabulary, malformed."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from speckit_graph.check.rules.registry import rule, spec_rule
from speckit_graph.config.model import Config, Vocabulary
from speckit_graph.core.dates import date_list, field_date
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.fixes import Safety
from speckit_graph.core.model import Spec
from speckit_graph.graph.specgraph import SpecGraph

if TYPE_CHECKING:
    from speckit_graph.graph.suggest import Suggester


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def _field_hit(spec: Spec, name: str, message: str, *, key: str | None = None, severity: Severity | None = None) -> Hit:
    """A finding about field ``name`` of ``spec``, at the line the field is written on."""
    return Hit(
        message, path=spec.path, line=spec.line_of(name), spec=spec.id, key=name if key is None else key, severity=severity
    )


def _is_placeholder(spec: Spec, name: str) -> bool:
    """Whether the field still holds template text: SG403 reports it once, so SG402, SG404 and SG405
    stay silent (``created: <mm/dd/yyyy>`` is unfilled, not a badly written date)."""
    return bool(spec.placeholders) and any(key == spec.key_of(name) for key, _ in spec.placeholders)


@spec_rule("SG401", "missing-field", Severity.ERROR, "A required field is absent or empty.")
def missing_field(spec: Spec, config: Config) -> Iterator[Hit]:
    status = spec.fields.get("status")
    if isinstance(status, str) and config.vocabulary.is_redirect(status):
        return  # a stub that only says where the spec went (Moved, Superseded by X): nothing else to require
    for name in config.required_fields:
        if name == "id" and "id" not in spec.fields:
            continue  # the id came from the file path (ids.from-path): a spec always has one
        if not _is_blank(spec.fields.get(name)):
            continue
        state = "empty" if name in spec.fields else "missing"
        if state == "missing" and spec.unparsed_lines:
            lines = ", ".join(str(n) for n in spec.unparsed_lines[:3])
            state += f" (frontmatter line {lines} does not parse and may hold it: see SG001)"
        yield Hit(
            f"required field '{spec.key_of(name)}' is {state}",
            path=spec.path,
            line=spec.line_of(name) if name in spec.fields else 1,
            spec=spec.id,
            key=name,
        )


class _Vocabulary:
    """The allowed values of each vocabulary field, as sets and did-you-mean indexes (built once per vocabulary)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.allowed = {
            "status": vocabulary.status,
            "type": vocabulary.type,
            "category": vocabulary.category,
            "priority": vocabulary.priority,
        }
        self.known = {name: frozenset(values) for name, values in self.allowed.items()}
        self._suggesters: dict[str, Suggester] = {}

        self._suggestions: dict[tuple[str, str], str] = {}

    def suggester(self, name: str) -> Suggester:
        if name not in self._suggesters:
            from speckit_graph.graph.suggest import Suggester  # did-you-mean: only for a value off the vocabulary

            self._suggesters[name] = Suggester(self.allowed[name])
        return self._suggesters[name]

    def suggestion(self, name: str, value: str) -> str:
        """The "did you mean" of a value outside the vocabulary, computed once per distinct value.

        A repository adopting the tool writes the same few foreign values on thousands of specs
        (``status: Accepted`` where the vocabulary says ``approved``).
        """
        key = (name, value)
        found = self._suggestions.get(key)
        if found is None:
            from speckit_graph.graph.suggest import did_you_mean  # only for a value off the vocabulary

            found = did_you_mean(self.suggester(name).suggest(value, limit=1))
            if len(self._suggestions) < 10_000:  # bounded on a repository of all-different values
                self._suggestions[key] = found
        return found


_VOCABULARIES: list[_Vocabulary] = []


def _indexed(vocabulary: Vocabulary) -> _Vocabulary:
    """The index of ``vocabulary``: the rule runs once per spec, the index is built once per run."""
    for indexed in _VOCABULARIES:
        if indexed.vocabulary is vocabulary:
            return indexed
    _VOCABULARIES[:] = [_Vocabulary(vocabulary)]  # one configuration at a time; keeps no old ones alive
    return _VOCABULARIES[0]


@spec_rule(
    "SG402",
    "invalid-value",
    Severity.ERROR,
    "A status, type, category or priority is outside the vocabulary.",
    fix=Safety.SAFE,
)
def invalid_value(spec: Spec, config: Config) -> Iterator[Hit]:
    vocabulary = config.vocabulary
    indexed = _indexed(vocabulary)
    known = indexed.known
    for name, values in indexed.allowed.items():
        written = spec.fields.get(name)
        if isinstance(written, str) and written.strip() in known[name]:
            continue  # the common case first: one set lookup (an exact match is allowed in every mode)
        if not values or _is_blank(written) or _is_placeholder(spec, name):
            continue
        value = spec.fields[name]
        if isinstance(value, str) and vocabulary.allows(values, value.strip()):
            continue
        if name == "status" and isinstance(value, str) and vocabulary.is_redirect(value):
            continue  # "Superseded by FIP-0067": a [lifecycle] redirect pattern
        if isinstance(value, str):
            shown = f"'{value}'"
            suggestion = indexed.suggestion(name, value.strip())
        else:
            shown, suggestion = f"{value!r} (not a string)", ""
        yield _field_hit(spec, name, f"{spec.key_of(name)} {shown} is not one of: {', '.join(values)}{suggestion}")


@spec_rule("SG403", "unfilled-placeholder", Severity.ERROR, "A spec still carries a {{placeholder}} in its frontmatter.")
def unfilled_placeholder(spec: Spec, config: Config) -> Iterator[Hit]:
    for key, line in spec.placeholders:
        yield Hit(
            f"'{key}' still holds a template placeholder",
            path=spec.path,
            line=line,
            spec=spec.id,
            key=key,
        )


@spec_rule(
    "SG404",
    "invalid-date",
    Severity.WARNING,
    "createdAt/updatedAt is not a date, or updatedAt precedes createdAt.",
    fix=Safety.UNSAFE,
)
def invalid_date(spec: Spec, config: Config) -> Iterator[Hit]:
    dates: dict[str, dt.date] = {}
    for name in ("createdAt", "updatedAt"):
        value = spec.fields.get(name)
        if _is_blank(value) or _is_placeholder(spec, name):
            continue
        several = date_list(value)
        parsed = field_date(value, latest=name == "updatedAt")
        if several is not None and several.bad:
            bad = ", ".join(repr(item) for item in several.bad)
            yield _field_hit(spec, name, f"{spec.key_of(name)} lists several dates and {bad} is not one (expected YYYY-MM-DD)")
        elif parsed is None:
            yield _field_hit(spec, name, f"{spec.key_of(name)} {value!r} is not a date (expected YYYY-MM-DD)")
        else:
            dates[name] = parsed
            if several is not None:
                yield _date_list_hit(spec, name, len(several.dates), parsed)
    if "createdAt" in dates and "updatedAt" in dates and dates["updatedAt"] < dates["createdAt"]:
        yield _field_hit(
            spec,
            "updatedAt",
            f"{spec.key_of('updatedAt')} {dates['updatedAt']} is before {spec.key_of('createdAt')} {dates['createdAt']}",
            key="order",
        )


def _date_list_hit(spec: Spec, name: str, count: int, chosen: dt.date) -> Hit:
    """An info: the field holds several dates and is read as one (so the reader knows which)."""
    which = "latest" if name == "updatedAt" else "earliest"
    return _field_hit(
        spec,
        name,
        f"{spec.key_of(name)} lists {count} dates; read as the {which}, {chosen.isoformat()}",
        key=f"{name}-list",
        severity=Severity.INFO,
    )


@spec_rule("SG405", "invalid-effort", Severity.WARNING, "estimatedEffort/actualEffort is not a non-negative number.")
def invalid_effort(spec: Spec, config: Config) -> Iterator[Hit]:
    for name in ("estimatedEffort", "actualEffort"):
        if name not in spec.fields or spec.fields[name] is None or _is_placeholder(spec, name):
            continue
        value = spec.fields[name]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < math.inf:
            continue
        yield _field_hit(spec, name, f"{spec.key_of(name)} {value!r} is not a non-negative number of hours")


@rule("SG406", "id-format", Severity.WARNING, "An id does not match the configured id-pattern.")
def id_format(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    if config.id_pattern is None:
        return
    pattern = re.compile(config.id_pattern)
    for spec in graph.specs():
        if not pattern.fullmatch(spec.id):
            yield Hit(
                f"id '{spec.id}' does not match the id-pattern /{config.id_pattern}/",
                path=spec.path,
                line=spec.location.line,
                column=spec.location.column,
                spec=spec.id,
            )
