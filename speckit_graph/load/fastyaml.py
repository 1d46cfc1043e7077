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

from speckit_graph.config.model import Limits

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"
_Scalar = yaml.ScalarNode


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
    # Plain-string scalars (most keys and values) are taken inline: no call per node.
    if isinstance(node, yaml.SequenceNode):
        if tag != _SEQ:
            raise _Unusual
        return [
            child.value if type(child) is _Scalar and child.tag == _STR else _build(loader, child, seen, depth + 1)
            for child in node.value
        ]
    if isinstance(node, yaml.MappingNode) and tag == _MAP:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_tag = key_node.tag
            if key_tag in (_MERGE, _VALUE):
                raise _Unusual
            key = key_node.value if type(key_node) is _Scalar and key_tag == _STR else _build(loader, key_node, seen, depth + 1)
            try:
                if type(value_node) is _Scalar and value_node.tag == _STR:
                    result[key] = value_node.value
                else:
                    result[key] = _build(loader, value_node, seen, depth + 1)
            except TypeError:  # unhashable key: let PyYAML raise its usual error
                raise _Unusual from None
        return result
    raise _Unusual


_EXPAND = "YAML aliases expand to more than the"


def alias_excess(root: yaml.Node, limits: Limits) -> tuple[str, int] | None:
    """Why a node tree is too big once every alias is expanded, with the 0-based line of the culprit; None when it fits.

    Counts nodes (``max-alias-expansion``) and the length of scalar text
    (``max-alias-expansion-bytes``): a 670 KB file can otherwise expand to gigabytes of text
    in under the node limit. Iterative and memoised per node, so a "billion laughs" bomb
    costs only its own size; an alias to one of its own ancestors is refused too. The
    culprit is the smallest subtree over a limit, where the alias that blows up is written.
    """
    max_nodes, max_chars = limits.max_alias_expansion, limits.max_alias_expansion_bytes
    sizes: dict[int, tuple[int, int]] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        children = _children(node)
        if children_done:
            in_progress.discard(key)
            nodes, chars = 1, len(node.value) if isinstance(node, yaml.ScalarNode) else 0
            for child in children:
                child_nodes, child_chars = sizes[id(child)]
                nodes, chars = nodes + child_nodes, chars + child_chars
            if nodes > max_nodes:
                return f"{_EXPAND} max-alias-expansion limit of {max_nodes:,} nodes; not read", _line(node)
            if chars > max_chars:
                return f"{_EXPAND} max-alias-expansion-bytes limit of {max_chars:,} bytes of text; not read", _line(node)
            sizes[key] = (nodes, chars)
            continue
        if key in sizes:
            continue
        in_progress.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in in_progress:
                return "YAML alias refers to a node that contains it (a recursive alias); not read", _line(node)
            if id(child) not in sizes:
                stack.append((child, False))
    return None


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _line(node: Any) -> int:
    return int(node.start_mark.line)
