"""A spec file's frontmatter as an editable document: find a node, compute the minimal edit.

Usage::

    doc = Document.parse("stories/a.md", data)          # data: the file's bytes
    edits = doc.replace_scalar(("status",), "draft")    # tuple[TextEdit, ...]
    edits += doc.add_entry(("related",), "spec-b-001")  # in the list's own style
    new_data = apply_edits(data, edits)

Every method returns byte-offset :class:`~speckit_graph.core.fixes.TextEdit` objects for
the file as it was parsed (they do not change the document; parse the new bytes again to
edit further). Nodes are addressed by a :data:`KeyPath`: mapping keys and list indexes from
the top-level mapping, e.g. ``("speckit-graph", "ignore", 0)``. A duplicated key resolves to
its last occurrence, the one YAML (and the loader) uses. Anything the document cannot edit
safely (no frontmatter, invalid YAML, a block scalar, a missing node) raises
:class:`EditError`; callers skip the fix then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from speckit_graph.core.fixes import TextEdit
from speckit_graph.edit.scalars import render_key, render_scalar
from speckit_graph.load.yamlschema import Yaml12Loader

KeyPath = tuple["str | int", ...]

_BOM = b"\xef\xbb\xbf"
_OPENING = re.compile(rb"---[ \t]*\r?\n")
_CLOSING = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


class EditError(ValueError):
    """The document cannot be edited as asked (the message says why)."""


@dataclass(frozen=True, eq=False)
class Document:
    """The first frontmatter block of ``data`` (the bytes of ``path``), composed into YAML nodes.

    ``offset`` is the byte offset of the block's first character in ``data``; ``text`` the
    decoded block (node marks index into it); ``eol`` the line ending the block uses.
    """

    path: str
    data: bytes
    text: str
    offset: int
    root: yaml.MappingNode
    eol: str

    @classmethod
    def parse(cls, path: str, data: bytes) -> Document:
        start = len(_BOM) if data.startswith(_BOM) else 0
        opening = _OPENING.match(data, start)
        if opening is None:
            raise EditError(f"{path} has no frontmatter")
        closing = _CLOSING.search(data, opening.end())
        if closing is None:
            raise EditError(f"{path}: frontmatter is never closed")
        try:
            text = data[opening.end() : closing.start()].decode("utf-8")
            root = yaml.compose(text, Loader=Yaml12Loader)
        except (UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
            raise EditError(f"{path}: frontmatter does not parse ({type(exc).__name__})") from None
        if not isinstance(root, yaml.MappingNode):
            raise EditError(f"{path}: frontmatter is not a mapping")
        eol = "\r\n" if "\r\n" in text else "\n"
        return cls(path, data, text, opening.end(), root, eol)

    # -- positions ----------------------------------------------------------------------

    def byte(self, index: int) -> int:
        """The file byte offset of character ``index`` of the block."""
        if self.text.isascii():
            return self.offset + index
        return self.offset + len(self.text[:index].encode("utf-8"))

    def _edit(self, start: int, end: int, text: str) -> TextEdit:
        return TextEdit(self.path, self.byte(start), self.byte(end), text)

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _line_end(self, index: int) -> int:
        """The index just past the line break of the line holding ``index`` (or the end of the block)."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    # -- lookup -------------------------------------------------------------------------

    def _pair(self, mapping: yaml.MappingNode, key: str) -> tuple[int, Any, Any] | None:
        found = None
        for position, (key_node, value_node) in enumerate(mapping.value):
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found = (position, key_node, value_node)
        return found

    def find(self, keys: KeyPath) -> Any | None:
        """The node at ``keys``, or None when it is absent."""
        node: Any = self.root
        for key in keys:
            if isinstance(key, str) and isinstance(node, yaml.MappingNode):
                pair = self._pair(node, key)
                if pair is None:
                    return None
                node = pair[2]
            elif isinstance(key, int) and isinstance(node, yaml.SequenceNode) and 0 <= key < len(node.value):
                node = node.value[key]
            else:
                return None
        return node

    def node(self, keys: KeyPath) -> Any:
        found = self.find(keys)
        if found is None:
            raise EditError(f"{self.path}: no {_show(keys)} in the frontmatter")
        return found

    def value(self, keys: KeyPath) -> Any:
        """The constructed value at ``keys`` (YAML 1.2 core schema, as the loader reads it)."""
        node = self.node(keys)
        return yaml.load(self.text[node.start_mark.index : node.end_mark.index] or "null", Loader=Yaml12Loader)

    def key_line(self, keys: KeyPath) -> int | None:
        """The file line (1-based) of the key that ends ``keys``, or None when it is absent."""
        parent = self.find(keys[:-1]) if keys else None
        if not keys or not isinstance(keys[-1], str) or not isinstance(parent, yaml.MappingNode):
            return None
        pair = self._pair(parent, keys[-1])
        return None if pair is None else int(pair[1].start_mark.line) + 2

    def locate(self, line: int, column: int) -> KeyPath | None:
        """The key path of the scalar starting at file ``line``/``column`` (1-based, as findings give them)."""
        target = (line - 2, column - 1)  # the block starts on the file's second line

        def walk(node: Any, keys: KeyPath) -> KeyPath | None:
            if isinstance(node, yaml.ScalarNode):
                return keys if (node.start_mark.line, node.start_mark.column) == target else None
            if isinstance(node, yaml.SequenceNode):
                children = [(index, child) for index, child in enumerate(node.value)]
            else:
                children = [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
            for key, child in children:
                if child.start_mark.line <= target[0] <= child.end_mark.line:
                    found = walk(child, (*keys, key))
                    if found is not None:
                        return found
            return None

        return walk(self.root, ())

    # -- edits --------------------------------------------------------------------------

    def replace_scalar(self, keys: KeyPath, value: str) -> tuple[TextEdit, ...]:
        """Set the scalar at ``keys`` to ``value``, keeping its quoting (plain, '...' or "...")."""
        node = self.node(keys)
        if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
            raise EditError(f"{self.path}: {_show(keys)} is not a one-line scalar")
        start, end = node.start_mark.index, node.end_mark.index
        rendered = render_scalar(value, node.style or "", flow=_in_flow(self, keys))
        if start == end and self.text[start - 1 : start] == ":":
            rendered = " " + rendered
        return (self._edit(start, end, rendered),)

    def add_entry(self, keys: KeyPath, value: str) -> tuple[TextEdit, ...]:
        """Append ``value`` to the list at ``keys`` in the style it is written in.

        A block list gains ``- value`` on a new line with the same indentation, a flow list
        ``, value`` before its ``]``; a single scalar becomes a flow list of both; an empty
        value ``[value]``. An absent top-level key is added at the end of the frontmatter,
        as a block list when the file writes its top-level lists that way, else as ``[value]``.
        """
        node = self.find(keys)
        if node is None:
            return self._add_key(keys, value)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar_to_list(keys, node, value)
        if not isinstance(node, yaml.SequenceNode):
            raise EditError(f"{self.path}: {_show(keys)} is a mapping, not a list")
        style = _entry_style(node)
        if node.flow_style:
            rendered = render_scalar(value, style, flow=True)
            if not node.value:
                close = node.end_mark.index - 1
                return (self._edit(close, close, rendered),)
            last = node.value[-1].end_mark.index
            return (self._edit(last, last, _separator(self, node) + rendered),)
        last_entry = node.value[-1]
        dash = self._dash(node.value[-1])
        indent = self.text[self._line_start(dash) : dash]
        if indent.strip():
            raise EditError(f"{self.path}: {_show(keys)} is a list nested on one line; not edited")
        insert = self._line_end(max(_content_end(last_entry) - 1, last_entry.start_mark.index))
        rendered = render_scalar(value, style, flow=False)
        prefix = "" if insert == 0 or self.text[insert - 1] == "\n" else self.eol
        return (self._edit(insert, insert, f"{prefix}{indent}- {rendered}{self.eol}"),)

    def remove_entry(self, keys: KeyPath) -> tuple[TextEdit, ...]:
        """Remove the list entry at ``keys`` (its last element is the index); the last one left leaves ``[]``."""
        if not keys or not isinstance(keys[-1], int):
            raise EditError("remove_entry needs a key path ending in a list index")
        sequence, index = self.node(keys[:-1]), keys[-1]
        if not isinstance(sequence, yaml.SequenceNode) or not 0 <= index < len(sequence.value):
            raise EditError(f"{self.path}: no {_show(keys)} in the frontmatter")
        entries = sequence.value
        if sequence.flow_style:
            spans = [(e.start_mark.index, e.end_mark.index) for e in entries]
            start, end = _flow_cut(spans, index)
            return (self._edit(start, end, ""),)
        start = self._line_start(self._dash(entries[index]))
        end = self._line_end(max(_content_end(entries[index]) - 1, entries[index].start_mark.index))
        if len(entries) > 1:
            return (self._edit(start, end, ""),)
        colon = self._colon_after(keys[:-1])
        return (self._edit(colon, colon, " []"), self._edit(start, end, ""))

    def remove_key(self, keys: KeyPath) -> tuple[TextEdit, ...]:
        """Remove the key at ``keys`` with its value (whole lines in a block mapping)."""
        if not keys or not isinstance(keys[-1], str):
            raise EditError("remove_key needs a key path ending in a key")
        mapping = self.root if len(keys) == 1 else self.node(keys[:-1])
        pair = self._pair(mapping, keys[-1]) if isinstance(mapping, yaml.MappingNode) else None
        if pair is None:
            raise EditError(f"{self.path}: no {_show(keys)} in the frontmatter")
        position, key_node, value_node = pair
        if mapping.flow_style:
            spans = [(k.start_mark.index, _content_end(v)) for k, v in mapping.value]
            start, end = _flow_cut(spans, position)
            return (self._edit(start, end, ""),)
        start = self._line_start(key_node.start_mark.index)
        if self.text[start : key_node.start_mark.index].strip():
            raise EditError(f"{self.path}: {_show(keys)} does not start its line; not edited")
        end = self._line_end(max(_content_end(value_node) - 1, key_node.end_mark.index))
        return (self._edit(start, end, ""),)

    # -- helpers ------------------------------------------------------------------------

    def _dash(self, entry: Any) -> int:
        """The index of the ``-`` that introduces a block list entry."""
        dash = self.text.rfind("-", 0, entry.start_mark.index)
        if dash < 0 or self.text[dash + 1 : entry.start_mark.index].strip():
            raise EditError(f"{self.path}: cannot find the '-' of a list entry")
        return dash

    def _colon_after(self, keys: KeyPath) -> int:
        """The index just past the ``:`` that ends the key at ``keys``."""
        parent = self.root if len(keys) == 1 else self.node(keys[:-1])
        pair = self._pair(parent, str(keys[-1])) if isinstance(parent, yaml.MappingNode) else None
        if pair is None:
            raise EditError(f"{self.path}: no {_show(keys)} in the frontmatter")
        colon = self.text.find(":", pair[1].end_mark.index)
        if colon < 0:
            raise EditError(f"{self.path}: cannot find the ':' after {_show(keys)}")
        return colon + 1

    def _scalar_to_list(self, keys: KeyPath, node: yaml.ScalarNode, value: str) -> tuple[TextEdit, ...]:
        start, end = node.start_mark.index, node.end_mark.index
        rendered = render_scalar(value, node.style or "", flow=True)
        if node.tag == "tag:yaml.org,2002:null" and (start == end or node.style in (None, "")):
            lead = " " if start == end and self.text[start - 1 : start] == ":" else ""
            return (self._edit(start, end, f"{lead}[{rendered}]"),)
        if node.style in ("|", ">"):
            raise EditError(f"{self.path}: {_show(keys)} is a block scalar; not edited")
        old = self.text[start:end]
        return (self._edit(start, end, f"[{old}, {rendered}]"),)

    def _add_key(self, keys: KeyPath, value: str) -> tuple[TextEdit, ...]:
        if len(keys) != 1 or not isinstance(keys[0], str):
            raise EditError(f"{self.path}: no {_show(keys[:-1] or keys)} to add {_show(keys)} under")
        if self.root.flow_style:
            raise EditError(f"{self.path}: the frontmatter is a flow mapping; not edited")
        key = render_key(keys[0])
        block = [v for _, v in self.root.value if isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value]
        end = len(self.text)
        lead = "" if end == 0 or self.text.endswith("\n") else self.eol
        if block:
            dash = self._dash(block[0].value[0])
            indent = " " * (dash - self._line_start(dash))
            style = _entry_style(block[0])
            line = f"{key}:{self.eol}{indent}- {render_scalar(value, style, flow=False)}{self.eol}"
        else:
            flows = [v for _, v in self.root.value if isinstance(v, yaml.SequenceNode) and v.value]
            style = _entry_style(flows[0]) if flows else ""
            line = f"{key}: [{render_scalar(value, style, flow=True)}]{self.eol}"
        return (self._edit(end, end, lead + line),)


def _show(keys: KeyPath) -> str:
    return ".".join(f"[{k}]" if isinstance(k, int) else k for k in keys) or "root"


def _in_flow(doc: Document, keys: KeyPath) -> bool:
    """Whether the node at ``keys`` sits inside a flow collection."""
    return any(getattr(doc.find(keys[:depth]), "flow_style", False) for depth in range(len(keys)))


def _entry_style(sequence: yaml.SequenceNode) -> str:
    """The quoting of the list's scalar entries: ``'``, ``"`` or plain (``""``)."""
    styles = [entry.style or "" for entry in sequence.value if isinstance(entry, yaml.ScalarNode)]
    return styles[-1] if styles and styles[-1] in ("'", '"') else ""


def _separator(doc: Document, sequence: yaml.SequenceNode) -> str:
    """What separates the entries of a flow list (``", "`` unless the file writes ``","``)."""
    if len(sequence.value) < 2:
        return ", "
    between = doc.text[sequence.value[0].end_mark.index : sequence.value[1].start_mark.index]
    return between if between.strip() == "," and "\n" not in between else ", "


def _content_end(node: Any) -> int:
    """The index just past the node's last character (a block collection's last descendant)."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    return _content_end(last[1] if isinstance(last, tuple) else last)


def _flow_cut(spans: list[tuple[int, int]], index: int) -> tuple[int, int]:
    """The characters to delete to drop item ``index`` of a flow collection with its separator."""
    if index + 1 < len(spans):
        return spans[index][0], spans[index + 1][0]
    if index > 0:
        return spans[index - 1][1], spans[index][1]
    return spans[index]
