"""The project's own rules in the configuration: the type hierarchy (``[types.<name>]``),
required fields per status (``[statuses.<name>]``), ``[hierarchy] max-depth``, declarative
``[[rules]]`` and the plugin rules it names (``plugins``).

:func:`parse_project` validates all of it against the vocabulary and the link kinds, appending
every problem to the parser's error list (expression errors with their line and column in
the configuration file, see :mod:`speckit_graph.config.locate`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from speckit_graph.config.locate import Locator
from speckit_graph.core.findings import Severity
from speckit_graph.core.model import LinkKind, Spec

if TYPE_CHECKING:  # the expression language is imported when a configuration has something to parse with it
    from speckit_graph.config import expr

#: Link kinds every configuration knows, True when parent-like (usable as a path hop).
BASE_KINDS: Mapping[str, bool] = {
    "parent": True,
    "dependencies": False,
    "depends_on": False,
    "related": False,
    "children": False,  # reverse of parent
    "dependents": False,  # reverse of dependencies
}
#: Value types of the canonical fields an expression may read.
FIELD_TYPES: Mapping[str, expr.ValueType] = {
    "id": "str", "title": "str", "type": "str", "category": "str", "author": "str", "version": "str",
    "status": "str", "priority": "str", "createdAt": "any", "updatedAt": "any",
    "estimatedEffort": "num", "actualEffort": "num", "reviewers": "list", "approvers": "list", "tags": "list",
}  # fmt: skip
_TYPE_KEYS = {"parents", "children", "requires", "depends-on-types", "required-fields", "statuses"}
_STATUS_KEYS = {"required-fields"}
_HIERARCHY_KEYS = {"max-depth", "type-from-id"}
_RULE_KEYS = {"code", "name", "severity", "when", "require", "message", "url"}
_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}[0-9]{1,6}$")
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
_PLUGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
MAX_DEPTH_LIMIT = 1000


@dataclass(frozen=True)
class TypeRule:
    """``[types.<name>]``: where a type sits in the hierarchy and what each spec of it must carry.

    ``parents``/``children`` None means unconstrained; ``parents == ()`` makes a root type.
    ``status_fields`` maps a status to the fields a spec of this type needs in that status.
    """

    name: str
    parents: tuple[str, ...] | None = None
    children: tuple[str, ...] | None = None
    requires: tuple[str, ...] = ()
    depends_on_types: tuple[str, ...] = ()
    required_fields: tuple[str, ...] = ()
    status_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class DeclaredRule:
    """One ``[[rules]]`` entry, parsed and type-checked: fires on a spec where ``when`` holds and ``require`` does not."""

    code: str
    name: str
    severity: Severity
    message: str
    when: expr.Node | None
    require: expr.Node | None
    url: str | None = None


@dataclass(frozen=True)
class ProjectSettings:
    """The project's own model; empty by default (no type constraints, no extra rules)."""

    types: Mapping[str, TypeRule] = field(default_factory=dict)
    status_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_depth: int | None = None
    rules: tuple[DeclaredRule, ...] = ()
    plugins: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    #: A regular expression with a ``type`` group: a spec without a ``type`` field takes its type from its id.
    type_from_id: str | None = None

    @functools.cached_property
    def _type_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.type_from_id) if self.type_from_id else None

    def type_of(self, spec: Spec) -> str | None:
        """The spec's type: its ``type`` field, else the ``type`` group of ``type-from-id`` in its id."""
        written = spec.type
        if written or self._type_pattern is None:
            return written or None
        match = self._type_pattern.search(spec.id)
        return match.group("type") if match is not None and match.group("type") else None


Error = Callable[[str, str], None]


def kind_names(links: tuple[Any, ...]) -> dict[str, bool]:
    """Every link kind name an expression or ``requires`` may use (base, reverse and named kinds)."""
    kinds = dict(BASE_KINDS)
    for spec in links:
        if spec.label is not None:
            kinds[spec.label] = spec.kind is LinkKind.PARENT
    return kinds


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
    known: dict[str, expr.ValueType] = dict(FIELD_TYPES)
    for name in extra_fields:
        known.setdefault(name, "any")
    for rule in types.values():
        for name in (*rule.required_fields, *(f for fs in rule.status_fields.values() for f in fs)):
            known.setdefault(name, "any")
    for names in statuses.values():
        for name in names:
            known.setdefault(name, "any")
    vocabularies = {name: getattr(vocabulary, name) for name in ("status", "type", "category", "priority")}
    from speckit_graph.config import expr

    schema = expr.Schema(known, reader.kinds, vocabularies)
    rules = _Rules(error, schema, text).read(data)
    return ProjectSettings(types, statuses, max_depth, rules, plugins, extra_fields, type_from_id)


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
                hint = _suggest(value, dict.fromkeys(allowed))
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
                    self.error(f"{where}.requires", f"unknown link kind {kind!r}{_suggest(kind, self.kinds)}")
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


class _Rules:
    """The ``[[rules]]`` (or ``[[project-rules]]``) array: each entry parsed and type-checked."""

    def __init__(self, error: Error, schema: expr.Schema, text: str | None) -> None:
        self.error = error
        self.schema = schema
        self.locator = Locator(text) if text is not None else None

    def read(self, data: Mapping[str, Any]) -> tuple[DeclaredRule, ...]:
        result: list[DeclaredRule] = []
        codes: set[str] = set()
        names: set[str] = set()
        for table_name in ("rules", "project-rules"):
            entries = data.get(table_name)
            if table_name == "rules" and not isinstance(entries, list):
                continue  # [rules] as a table holds per-rule settings (parse.py reads it)
            if entries is None:
                continue
            if not isinstance(entries, list):
                self.error(table_name, f"expected an array of [[{table_name}]] tables, got {_describe(entries)}")
                continue
            for index, entry in enumerate(entries):
                rule = self.entry(table_name, index, entry, codes, names)
                if rule is not None:
                    result.append(rule)
        return tuple(result)

    def entry(self, table_name: str, index: int, entry: Any, codes: set[str], names: set[str]) -> DeclaredRule | None:
        where = f"{table_name}[{index + 1}]"
        if not isinstance(entry, dict):
            self.error(where, f"expected a table, got {_describe(entry)}")
            return None
        for key in sorted(set(entry) - _RULE_KEYS):
            self.error(f"{where}.{key}", f"unknown key (known: {', '.join(sorted(_RULE_KEYS))})")
        code = entry.get("code")
        ok = True
        if not isinstance(code, str) or not _CODE.match(code) or code.startswith("SG"):
            self.error(f"{where}.code", f"expected a code like 'X001' (letters then digits, not SG...), got {_describe(code)}")
            ok = False
        elif code in codes:
            self.error(f"{where}.code", f"{code!r} is used by another rule")
            ok = False
        name = entry.get("name", code.lower() if isinstance(code, str) else "")
        if not isinstance(name, str) or not _NAME.match(name):
            self.error(f"{where}.name", f"expected a lower-case name like 'api-needs-model', got {_describe(name)}")
            ok = False
        elif name in names:
            self.error(f"{where}.name", f"{name!r} is used by another rule")
            ok = False
        severity = entry.get("severity", "warning")
        if severity not in ("error", "warning", "info"):
            self.error(f"{where}.severity", f"expected one of error, warning, info, got {_describe(severity)}")
            ok = False
        message = entry.get("message")
        if not isinstance(message, str) or not message.strip():
            self.error(f"{where}.message", f"expected a non-empty string, got {_describe(message)}")
            ok = False
        url = entry.get("url")
        if url is not None and (not isinstance(url, str) or "://" not in url):
            self.error(f"{where}.url", f"expected a URL, got {_describe(url)}")
            ok = False
        when = self.expression(table_name, index, entry, "when")
        require = self.expression(table_name, index, entry, "require")
        if "when" not in entry and "require" not in entry:
            self.error(where, "needs 'when', 'require' or both")
            ok = False
        if not ok or when is False or require is False:
            return None
        codes.add(str(code))
        names.add(str(name))
        return DeclaredRule(str(code), str(name), Severity(severity), str(message).strip(), _node(when), _node(require), url)

    def expression(self, table_name: str, index: int, entry: Mapping[str, Any], key: str) -> expr.Node | None | bool:
        """The parsed, checked expression; None when absent, False after reporting its errors."""
        if key not in entry:
            return None
        where = f"{table_name}[{index + 1}].{key}"
        text = entry[key]
        if not isinstance(text, str):
            self.error(where, f"expected an expression string, got {_describe(text)}")
            return False
        from speckit_graph.config import expr

        try:
            node = expr.parse(text)
        except expr.ExprError as exc:
            self.error(self.position(where, table_name, index, key, text, exc.offset), exc.message)
            return False
        problems = expr.check(node, self.schema)
        for problem in problems:
            self.error(self.position(where, table_name, index, key, text, problem.offset), problem.message)
        return False if problems else node

    def position(self, where: str, table_name: str, index: int, key: str, text: str, offset: int) -> str:
        found = self.locator.locate(table_name, index, key, offset) if self.locator is not None else None
        if found is None:
            return f"{where} (at character {offset + 1})"
        return f"line {found[0]}, column {found[1]}: {where}"


def _node(value: expr.Node | None | bool) -> expr.Node | None:
    return None if value is None or isinstance(value, bool) else value


def _suggest(value: str, known: Mapping[str, Any]) -> str:
    from speckit_graph.config import expr

    return expr.suggest(value, known)


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]
