"""Finding the scalar a link entry names, when the entry is a mapping (``- {hrid: CORE-USR-006, uuid: ...}``).

An addition for ``rename`` and ``move`` beside :meth:`Document.locate`, which finds scalars only:
the loader reports a mapping entry at the mapping's own position, and the id sits under one of
the configured ``references.mapping-keys``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from speckit_graph.edit.document import Document, KeyPath


def locate_entry(doc: Document, line: int, column: int, mapping_keys: Sequence[str]) -> KeyPath | None:
    """The key path of the scalar at file ``line``/``column``, or of the id inside the mapping that starts there."""
    found = doc.locate(line, column)
    if found is not None:
        return found
    target = (line - 2, column - 1)  # the block starts on the file's second line, as in Document.locate
    stack: list[tuple[Any, KeyPath]] = [(doc.root, ())]
    while stack:
        node, keys = stack.pop()
        if isinstance(node, yaml.MappingNode):
            if (node.start_mark.line, node.start_mark.column) == target and keys:
                for key in mapping_keys:
                    value = doc.find((*keys, key))
                    if isinstance(value, yaml.ScalarNode):
                        return (*keys, key)
                return None
            stack.extend((v, (*keys, k.value)) for k, v in node.value if isinstance(k, yaml.ScalarNode))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*keys, index)) for index, child in enumerate(node.value))
    return None
