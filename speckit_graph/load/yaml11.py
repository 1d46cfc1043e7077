"""Values YAML 1.1 would read differently: said once, so a user who relied on it learns.

speckit-graph reads YAML with the 1.2 core schema (:mod:`speckit_graph.load.yamlschema`)
and keeps ids and link values as written. Older tools, and PyYAML's default loader, read
the same text the YAML 1.1 way: ``0054`` is 44, ``1:30`` is 90, ``1_000`` is 1000, ``on``
and ``no`` are booleans, ``2021-26-02`` makes the whole file fail. Where the two readings
differ on a top-level value (or an item of a top-level list), the file gets an SG008 info
hit per kind of trap; :func:`first_per_kind` keeps the first in the repository.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import yaml
from yaml.resolver import BaseResolver, Resolver

from speckit_graph.core.findings import Hit
from speckit_graph.load.issues import YAML11_DIFFERENCE
from speckit_graph.load.yamlschema import Yaml12Loader

#: A plain scalar can only resolve to something else than a string if it starts with one of these.
_CANDIDATE_START = frozenset("0123456789+-.yYnNoOtTfF~")
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_DECIMAL = re.compile(r"^(?:0|-?[1-9][0-9]*)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
#: Tags whose value cannot differ between the versions once both resolve to them.
_ALIKE = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "float", "bool", "null"))


class _Resolver12(BaseResolver):
    yaml_implicit_resolvers = Yaml12Loader.yaml_implicit_resolvers


_RESOLVE_11 = Resolver()
_RESOLVE_12 = _Resolver12()


def yaml11_hits(node: Any, relpath: str, spec_id: str, text_keys: Collection[str]) -> list[Hit]:
    """One hit per kind of trap in this file (its first), top-level values and list items only.

    ``text_keys`` are the keys read as text (ids, links): there a number keeps its digits.
    """
    if not isinstance(node, yaml.MappingNode):
        return []
    seen: dict[str, Hit] = {}
    for key, scalar in _plain_scalars(node):
        found = _trap(key, scalar.value, key in text_keys)
        if found is None or found[0] in seen:
            continue
        kind, message = found
        line = scalar.start_mark.line + 2
        seen[kind] = Hit(message, path=relpath, line=line, column=scalar.start_mark.column + 1, spec=spec_id, key=kind,
                         code=YAML11_DIFFERENCE)  # fmt: skip
    return list(seen.values())


def first_per_kind(hits: Iterable[Hit]) -> list[Hit]:
    """Of SG008 hits from every file, the first of each kind by path and line: the user learns once."""
    first: dict[str, Hit] = {}
    for hit in sorted(hits, key=lambda h: (h.path or "", h.line or 0, h.column or 0)):
        first.setdefault(hit.key, hit)
    return list(first.values())


def _plain_scalars(node: yaml.MappingNode) -> Iterator[tuple[str, yaml.ScalarNode]]:
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        values = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for value in values:
            if isinstance(value, yaml.ScalarNode) and not value.style and value.value[:1] in _CANDIDATE_START:
                yield key, value


def _trap(key: str, text: str, as_text: bool) -> tuple[str, str] | None:
    """(kind, message) when YAML 1.1 reads ``text`` differently from speckit-graph, else None."""
    if _DECIMAL.match(text) or (_DATE.match(text) and _same_either_way(_TIMESTAMP, text)):
        return None  # the common values, decided without the resolvers
    tag11 = _RESOLVE_11.resolve(yaml.ScalarNode, text, (True, False))
    tag12 = _RESOLVE_12.resolve(yaml.ScalarNode, text, (True, False))
    if tag11 == tag12 and _same_either_way(tag11, text):
        return None
    ours = _load(text, Yaml12Loader)
    if as_text and isinstance(ours, (int, float)) and not isinstance(ours, bool) and str(ours) != text:
        ours = text
    try:
        theirs = _load(text, yaml.SafeLoader)
    except (yaml.YAMLError, ValueError, OverflowError):
        kind = "date" if tag11.endswith(":timestamp") else "number"
        return kind, (
            f"{key} '{text}' is read as the text '{text}', but YAML 1.1 (PyYAML's default and older tools) "
            "cannot read it at all and would reject the whole frontmatter"
        )
    if type(ours) is type(theirs) and ours == theirs:
        return None
    kind = _kind(text, tag11)
    return kind, (
        f"{key} {text} is read as {_show(ours)}; YAML 1.1 (PyYAML's default and older tools) reads it as "
        f"{_show(theirs)}; quote it if other tools read this file"
    )


def _same_either_way(tag: str, text: str) -> bool:
    """Whether both versions surely read ``text`` alike, without constructing it (loading is slow)."""
    if tag in _ALIKE:
        return True
    if tag == _INT:
        return _DECIMAL.match(text) is not None  # 42 is 42 everywhere and keeps its digits
    if tag == _TIMESTAMP and len(text) == 10:
        try:
            dt.date.fromisoformat(text)  # a real day: a date in both
        except ValueError:
            return False
        return True
    return False


def _kind(text: str, tag11: str) -> str:
    if tag11.endswith(":bool"):
        return "boolean"
    if ":" in text:
        return "base-60"
    if "_" in text:
        return "underscore"
    if text.lstrip("+-").startswith(("0b", "0x")):
        return "binary-or-hex"
    if _OCTAL.match(text):
        return "octal"
    return "number"


def _load(text: str, loader: Any) -> Any:
    return yaml.load(text, Loader=loader)  # noqa: S506 - both loaders are safe loaders


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "null"
    return f"the text '{value}'"
