"""Reading declarative ``[[rules]]`` (or ``[[project-rules]]``): each entry parsed and type-checked.

Expressions are parsed with :mod:`speckit_graph.config.expr` and checked against the schema
:func:`~speckit_graph.config.project_parse.parse_project` builds; an error carries its line and
column in the configuration file (see :mod:`speckit_graph.config.locate`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from speckit_graph.config import expr
from speckit_graph.config.locate import Locator
from speckit_graph.config.project import DeclaredRule, Error
from speckit_graph.core.findings import Severity

_RULE_KEYS = {"code", "name", "severity", "when", "require", "message", "url"}
_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}[0-9]{1,6}$")
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


def read_rules(data: Mapping[str, Any], error: Error, schema: expr.Schema, text: str | None) -> tuple[DeclaredRule, ...]:
    """The valid entries of ``[[rules]]`` and ``[[project-rules]]``; every problem goes to ``error``."""
    return _Rules(error, schema, text).read(data)


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
    return value if isinstance(value, expr.Node) else None


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]
