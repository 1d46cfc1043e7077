"""The YAML loader: PyYAML's safe loader with the YAML 1.2 core schema instead of YAML 1.1.

YAML 1.1 reads ``0054`` as the octal number 44, ``0x1F`` as 31, ``1:30`` as 90 (base 60),
``1_000`` as 1000 and ``on``/``no``/``yes`` as booleans: an id or a link written that way
silently named another spec. Under the 1.2 core schema, which every current YAML library
follows, only ``[-+]?[0-9]+``, ``0o..`` and ``0x..`` are integers, only ``true``/``false``
are booleans and only ``~``/``null``/nothing is null. Ids and link values keep their
source text on top of that (:mod:`speckit_graph.load.fields`), so ``0054`` stays ``0054``.

Dates keep YAML 1.1's timestamp form (``created: 2024-01-31`` is a date, as the rules
expect); one that is not a real date (``2021-26-02``) stays a string instead of making the
whole file unreadable.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

try:  # PyYAML's libyaml binding is several times faster; fall back when it is missing.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_MERGE = re.compile(r"^(?:<<)$")
_DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_TIMESTAMP = re.compile(
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?
    :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    re.X,
)


_ScalarNode = yaml.ScalarNode
_SequenceNode = yaml.SequenceNode


class Yaml12Loader(_SafeLoader):
    """Safe loading (no tag ever runs code) with YAML 1.2 core-schema scalars.

    It has no path resolvers and no wildcard implicit resolver (both refused below), which
    lets :meth:`resolve` skip PyYAML's general lookup and lets the hooks libyaml calls around
    every node do nothing at C speed: together a fifth of the time it takes to compose a
    typical frontmatter block.
    """

    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    # PyYAML's versions return at once when there are no path resolvers; these builtins take
    # the same arguments and do nothing, without the cost of a Python call per node.
    descend_resolver = staticmethod(slice)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]

    @classmethod
    def add_path_resolver(cls, *args: Any, **kwargs: Any) -> None:
        raise TypeError("Yaml12Loader has no path resolvers (its descend/ascend hooks do nothing)")

    @classmethod
    def add_implicit_resolver(cls, tag: Any, regexp: Any, first: Any) -> None:
        if first is None or None in first:
            raise TypeError("Yaml12Loader takes no wildcard implicit resolver (resolve looks up by first character)")
        super().add_implicit_resolver(tag, regexp, first)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The tag of a node, as PyYAML's ``BaseResolver.resolve`` finds it, in fewer steps.

        libyaml calls this once per node (a third of the Python work of parsing frontmatter);
        PyYAML's version concatenates two resolver lists and checks path resolvers each time.
        With no wildcard or path resolver (refused above) the answer is the same.
        """
        if kind is _ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _DEFAULT_SCALAR_TAG
        return _DEFAULT_SEQUENCE_TAG if kind is _SequenceNode else _DEFAULT_MAPPING_TAG


_DEFAULT_SCALAR_TAG = Yaml12Loader.DEFAULT_SCALAR_TAG
_DEFAULT_SEQUENCE_TAG = Yaml12Loader.DEFAULT_SEQUENCE_TAG
_DEFAULT_MAPPING_TAG = Yaml12Loader.DEFAULT_MAPPING_TAG


# Integers first: "123" also matches the float pattern, and the first match wins.
for _tag, _pattern, _first in (
    ("bool", _BOOL, "tTfF"),
    ("null", _NULL, "~nN"),
    ("int", _INT, "-+0123456789"),
    ("float", _FLOAT, "-+.0123456789"),
    ("merge", _MERGE, "<"),
    ("timestamp", _TIMESTAMP, "0123456789"),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", _pattern, list(_first))
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, [""])


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    """``0054`` is 54 (decimal), ``0o17`` 15, ``0x1F`` 31; explicit ``!!int`` in other forms as YAML 1.1 reads it."""
    text = str(node.value)
    if _INT.match(text) is None:
        return int(yaml.SafeLoader.construct_yaml_int(loader, node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date or datetime; the text itself when it names no real day (``2021-26-02``)."""
    text = node.value
    if type(text) is str and _DATE_ONLY.match(text):  # the common case, 4x faster than PyYAML's general reading
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return str(node.value)


def _refusing_malformed(construct: Any, kind: str) -> Any:
    """``construct`` that says "not a KIND" at the value when an explicit tag names text of another shape.

    PyYAML's readers of ``!!bool``, ``!!int``, ``!!float`` and ``!!timestamp`` assume the text
    already matched their pattern, as it does when the tag was resolved from it; an explicit tag
    on other text (``!!bool abc``, ``!!int ""``, ``!!timestamp soon``) made them fail with a
    KeyError, IndexError or AttributeError that no caller expects, which stopped the whole run.
    """

    def refusing(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (KeyError, IndexError, AttributeError):
            text = str(node.value)[:40]
            raise yaml.constructor.ConstructorError(None, None, f"'{text}' is not a {kind}", node.start_mark) from None

    return refusing


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _refusing_malformed(_construct_int, "number"))
Yaml12Loader.add_constructor("tag:yaml.org,2002:timestamp", _refusing_malformed(_construct_timestamp, "date"))
Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", _refusing_malformed(_SafeLoader.construct_yaml_bool, "boolean"))
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _refusing_malformed(_SafeLoader.construct_yaml_float, "number"))
