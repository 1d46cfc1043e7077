"""Renaming a mapping key in place (``reviewed: {OLD-ID: 3f2a91c0de}`` -> ``{NEW-ID: ...}``).

An addition for ``rename`` beside the Document edits: only the key's characters change, in
the quoting it was written in; its value, comments and the other keys stay as they are.
"""

from __future__ import annotations

import yaml

from speckit_graph.core.fixes import TextEdit
from speckit_graph.edit.document import Document, EditError, KeyPath
from speckit_graph.edit.scalars import render_scalar


def rename_key(doc: Document, mapping: KeyPath, old: str, new: str) -> tuple[TextEdit, ...]:
    """The edit that renames key ``old`` of the mapping at ``mapping`` to ``new``; EditError when it cannot."""
    node = doc.node(mapping)
    if not isinstance(node, yaml.MappingNode):
        raise EditError(f"{doc.path}: {'.'.join(map(str, mapping))} is not a mapping")
    found = [k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == old]
    if not found:
        raise EditError(f"{doc.path}: no key {old!r} under {'.'.join(map(str, mapping))}")
    if any(isinstance(k, yaml.ScalarNode) and k.value == new for k, _ in node.value):
        raise EditError(f"{doc.path}: {'.'.join(map(str, mapping))} already has a key {new!r}")
    key = found[-1]  # a duplicated key: the last one is the one YAML reads
    if key.style in ("|", ">"):
        raise EditError(f"{doc.path}: the key {old!r} is a block scalar")
    text = render_scalar(new, key.style or "", flow=bool(node.flow_style))
    start, end = key.start_mark.index, key.end_mark.index
    return (TextEdit(doc.path, doc.byte(start), doc.byte(end), text),)
