"""Reading the project's own tables (``[types.<name>]``, ``[statuses.<name>]``, ``[hierarchy]``,
``fields``, ``plugins``, ``[[rules]]``) into :class:`~speckit_graph.config.project.ProjectSettings`.

:func:`parse_project` validates all of it against the vocabulary and the link kinds, appending
every problem to the parser's error list. Declarative ``[[rules]]`` are parsed and type-checked
by :mod:`speckit_graph.config.declared` (expression errors with their line and column in the
configuration file), imported only when the configuration has such rules: the expression
language is start-up every other run would pay for nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from speckit_graph.config.project import MAX_DEPTH_LIMIT, DeclaredRule, Error, ProjectSettings, TypeRule, kind_names

if TYPE_CHECKING:
    from speckit_graph.config import expr

#: Value types of the canonical fields an expression may read.
FIELD_TYPES: Mapping[str, expr.ValueType] = {
    "id": "str", "title": "str", "type": "str", "category": "str", "author": "str", "version": "str",
    "status": "str", "priority": "str", "createdAt": "any", "updatedAt": "any",
    "estimatedEffort": "num", "actualEffort": "num", "reviewers": "list", "approvers": "list", "tags": "list",
}  # fmt: skip
_TYPE_KEYS = {"parents", "children", "requires", "depends-on-types", "required-fields", "statuses"}
_STATUS_KEYS = {"required-fields"}
_HIERARCHY_KEYS = {"max-depth", "type-from-id"}
_PLUGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def parse_project(
    data: Mapping[str, Any],
    error: Error,
    vocabulary: Any,
    links: tuple[Any, ...],
    text: str | None,
    preset_types: bool = False,
) -> ProjectSettings:
    """Read ``types``, ``statuses``, ``hierarchy``, ``fields``, ``plugins`` and the declarative rules.

    ``preset_types``: the type table is the preset's, which a user vocabulary may have narrowed.
    """
    reader = _Reader(error, vocabulary, kind_names(links))
    extra_fields = reader.strings(data, "fields", "fields")
    raw_types = data.get("types")
    if preset_types and isinstance(raw_types, dict) and vocabulary.type:
        raw_types = narrowed(raw_types, vocabulary)
    types = reader.types(raw_types)
    statuses = reader.statuses(data.get("statuses"), "statuses")
    max_depth, type_from_id = reader.hierarchy(data.get("hierarchy"))
    plugins = reader.strings(data, "plugins", "plugins")
    for name in plugins:
        if not _PLUGIN.match(name):
            error("plugins", f"{name!r} is not an entry-point name")
    rules: tuple[DeclaredRule, ...] = ()
    if isinstance(data.get("rules"), list) or data.get("project-rules") is not None:
        from speckit_graph.config import declared, expr  # the expression language: only when there are rules

        vocabularies = {name: getattr(vocabulary, name) for name in ("status", "type", "category", "priority")}
        schema = expr.Schema(_known_fields(extra_fields, types, statuses), reader.kinds, vocabularies)
        rules = declared.read_rules(data, error, schema, text)
    return ProjectSettings(types, statuses, max_depth, rules, plugins, extra_fields, type_from_id)


def _known_fields(
    extra: tuple[str, ...], types: Mapping[str, TypeRule], statuses: Mapping[str, tuple[str, ...]]
) -> dict[str, expr.ValueType]:
    """The fields an expression may read: the canonical ones, ``fields`` and every required field."""
    known: dict[str, expr.ValueType] = dict(FIELD_TYPES)
    for name in extra:
        known.setdefault(name, "any")
    for rule in types.values():
        for name in (*rule.required_fields, *(f for fs in rule.status_fields.values() for f in fs)):
            known.setdefault(name, "any")
    for names in statuses.values():
        for name in names:
            known.setdefault(name, "any")
    return known


def narrowed(types: Mapping[str, Any], vocabulary: Any) -> dict[str, Any]:
    """A preset's hierarchy without the types a user vocabulary dropped.

    An entry whose allowed parents were all dropped goes too: it must not turn into a root type.
    """
    allowed = vocabulary.type
    result: dict[str, Any] = {}
    for name, table in types.items():
        if not vocabulary.allows(allowed, name):
            continue
        parents = table.get("parents")
        if parents:
            kept = [p for p in parents if vocabulary.allows(allowed, p)]
            if not kept:
                continue
            table = {**table, "parents": kept}
        result[name] = table
    return result


class _Reader:
    def __init__(self, error: Error, vocabulary: Any, kinds: Mapping[str, bool]) -> None:
        self.error = error
        self.vocabulary = vocabulary
        self.kinds = kinds

    def strings(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(where, f"expected a list of non-empty strings, got {_describe(value)}")
            return ()
        return tuple(dict.fromkeys(v.strip() for v in value))

    def known(self, values: tuple[str, ...], allowed: tuple[str, ...], where: str, what: str) -> None:
        if not allowed:
            return
        for value in values:
            if not self.vocabulary.allows(allowed, value):
                from speckit_graph.config.expr import suggest  # did-you-mean: only for an unknown value

                hint = suggest(value, dict.fromkeys(allowed))
                hint = hint if hint.startswith(";") else f" ({', '.join(allowed)})"
                self.error(where, f"{value!r} is not a {what} of the vocabulary{hint}")

    def table(self, value: Any, where: str, keys: set[str]) -> Mapping[str, Any] | None:
        if not isinstance(value, dict):
            self.error(where, f"expected a table, got {_describe(value)}")
            return None
        for key in sorted(set(value) - keys):
            self.error(f"{where}.{key}", f"unknown key (known: {', '.join(sorted(keys))})")
        return value

    def types(self, value: Any) -> dict[str, TypeRule]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error("types", f"expected a table of [types.<name>] tables, got {_describe(value)}")
            return {}
        result: dict[str, TypeRule] = {}
        vocabulary_types = self.vocabulary.type
        for name in sorted(value):
            where = f"types.{name}"
            self.known((name,), vocabulary_types, where, "type")
            table = self.table(value[name], where, _TYPE_KEYS)
            if table is None:
                continue
            parents = self.strings(table, "parents", f"{where}.parents") if "parents" in table else None
            children = self.strings(table, "children", f"{where}.children") if "children" in table else None
            depends = self.strings(table, "depends-on-types", f"{where}.depends-on-types")
            for key, values in (("parents", parents or ()), ("children", children or ()), ("depends-on-types", depends)):
                self.known(values, vocabulary_types, f"{where}.{key}", "type")
            requires = self.strings(table, "requires", f"{where}.requires")
            for kind in requires:
                if kind not in self.kinds:
                    from speckit_graph.config.expr import suggest  # did-you-mean: only for an unknown kind

                    self.error(f"{where}.requires", f"unknown link kind {kind!r}{suggest(kind, self.kinds)}")
            required = self.strings(table, "required-fields", f"{where}.required-fields")
            statuses = self.statuses(table.get("statuses"), f"{where}.statuses")
            result[name] = TypeRule(name, parents, children, requires, depends, required, statuses)
        return result

    def statuses(self, value: Any, where: str) -> dict[str, tuple[str, ...]]:
        """``[statuses.<status>] required-fields = [...]`` (top level, or inside a type)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(where, f"expected a table of status tables, got {_describe(value)}")
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for status in sorted(value):
            key = f"{where}.{status}"
            self.known((status,), self.vocabulary.status, key, "status")
            table = self.table(value[status], key, _STATUS_KEYS)
            if table is not None:
                result[status] = self.strings(table, "required-fields", f"{key}.required-fields")
        return result

    def hierarchy(self, value: Any) -> tuple[int | None, str | None]:
        if value is None:
            return None, None
        table = self.table(value, "hierarchy", _HIERARCHY_KEYS)
        if table is None:
            return None, None
        pattern = table.get("type-from-id")
        if pattern is not None:
            try:
                if not isinstance(pattern, str) or "type" not in re.compile(pattern).groupindex:
                    self.error(
                        "hierarchy.type-from-id",
                        f"expected a regular expression with a (?P<type>...) group, got {_describe(pattern)}",
                    )
                    pattern = None
            except re.error as exc:
                self.error("hierarchy.type-from-id", f"not a valid regular expression: {exc}")
                pattern = None
        depth = table.get("max-depth")
        if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH_LIMIT):
            self.error("hierarchy.max-depth", f"expected an integer from 1 to {MAX_DEPTH_LIMIT}, got {_describe(depth)}")
            depth = None
        return depth, pattern


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]
