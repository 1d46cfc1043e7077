"""Build Python values from a composed YAML node tree, faster than PyYAML's constructor.

PyYAML's ``construct_document`` is pure Python and general (recursive structures, merge
keys, custom tags, a generator per collection); on typical frontmatter it costs as much as
libyaml's parsing itself. Frontmatter is almost always plain mappings, sequences and
scalars, so :func:`construct` builds those directly with the *same* safe constructors for
every scalar tag, and hands anything unusual (aliases of collections, ``<<`` merge keys,
``!!set``/``!!omap`` and other tags, unhashable keys) to PyYAML untouched. The result is
identical either way; tests compare the two on tricky documents.
"""

from __future__ import annotations

from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"


class _Unusual(Exception):
    """Raised inside the fast path to fall back to PyYAML's general constructor."""


def construct(loader: Any, node: yaml.Node) -> Any:
    """The value of ``node`` as ``loader.construct_document(node)`` would build it."""
    try:
        return _build(loader, node, set(), 0)
    except _Unusual:
        return loader.construct_document(node)


#: Deeper documents go to PyYAML, whose construction of nested values is not recursive.
_MAX_DEPTH = 64


def _build(loader: Any, node: yaml.Node, seen: set[int], depth: int) -> Any:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR:
            return node.value
        constructor = loader.yaml_constructors.get(tag)
        if constructor is None:
            raise _Unusual
        return constructor(loader, node)
    # A collection reached twice is an alias (possibly recursive): PyYAML shares one object.
    if id(node) in seen or depth > _MAX_DEPTH:
        raise _Unusual
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        if tag != _SEQ:
            raise _Unusual
        return [_build(loader, child, seen, depth + 1) for child in node.value]
    if isinstance(node, yaml.MappingNode) and tag == _MAP:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag in (_MERGE, _VALUE):
                raise _Unusual
            key = _build(loader, key_node, seen, depth + 1)
            try:
                result[key] = _build(loader, value_node, seen, depth + 1)
            except TypeError:  # unhashable key: let PyYAML raise its usual error
                raise _Unusual from None
        return result
    raise _Unusual
