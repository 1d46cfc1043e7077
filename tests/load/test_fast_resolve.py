"""The loader's quick tag resolution and inline string building change no value, tag or position.

``Yaml12Loader.resolve`` replaces PyYAML's ``BaseResolver.resolve`` (called by libyaml once
per node) and ``fastyaml.construct`` builds plain strings inline. Both are compared with
PyYAML's own code: on every frontmatter block of every corpus (examples, fixtures, shared
corpora) and on generated scalars that look like numbers, dates, booleans and nulls.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.resolver import BaseResolver

from speckit_graph.load.fastyaml import construct
from speckit_graph.load.yamlschema import Yaml12Loader
from tests.conftest import REPO_ROOT, SHARED


class _ReferenceLoader(Yaml12Loader):
    """The same schema, resolved by PyYAML's general ``BaseResolver.resolve``."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        return BaseResolver.resolve(self, kind, value, implicit)


def _corpus_roots() -> list[Path]:
    """Every corpus, one by one so that each test stays short: examples, fixtures, shared corpora."""
    parents = [REPO_ROOT / "examples", REPO_ROOT / "tests" / "fixtures" / "corpora", SHARED / "corpora"]
    return sorted(child for parent in parents if parent.is_dir() for child in parent.iterdir() if child.is_dir())


def _first_block(path: Path) -> str | None:
    text = path.read_bytes().decode("utf-8", "replace")
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    return text[3:end] if end > 0 else None


def _shape(node: Any) -> Any:
    """Everything the loader reads off a node tree: kind, tag, style, value and both marks."""
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.style, node.value, marks)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, [_shape(child) for child in node.value], marks)
    return ("map", node.tag, [(_shape(k), _shape(v)) for k, v in node.value], marks)


def _read(text: str, loader_class: type[Yaml12Loader]) -> tuple[Any, Any] | str:
    """The node tree's shape and the built value (fast builder for ours, PyYAML's for the reference); or the error."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return "empty"
        shape = _shape(node)
        value = construct(loader, node) if loader_class is Yaml12Loader else loader.construct_document(node)
        return shape, repr(value)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        loader.dispose()


@pytest.mark.parametrize("root", _corpus_roots(), ids=lambda root: f"{root.parent.name}/{root.name}")
def test_every_corpus_block_reads_the_same_as_with_pyyaml_resolution(root: Path) -> None:
    blocks = [(path, _first_block(path)) for path in sorted(root.rglob("*.md"))]
    compared = [(path, block) for path, block in blocks if block is not None]
    assert compared or root.parent.name == "examples"  # every corpus has frontmatter to compare
    for path, block in compared:
        assert _read(block, Yaml12Loader) == _read(block, _ReferenceLoader), path


_LOOKALIKES = [
    "", "0", "0054", "0o17", "0x1F", "1_000", "1:30", "-1", "+1", "1.5", "1e3", ".5", ".inf", "-.Inf", ".nan",
    "true", "True", "FALSE", "yes", "on", "No", "~", "null", "NULL", "Null", "2024-01-31", "2021-26-02",
    "2024-1-2 3:04:05", "2024-01-31T10:00:00Z", "<<", "=", "spec-001", "é", "a b",
]  # fmt: skip
_SCALAR = st.one_of(st.sampled_from(_LOOKALIKES), st.text(alphabet="0123456789-+.:_eExoTtFfNnuYy~ <=aé", max_size=12))


@given(value=_SCALAR)
@settings(max_examples=120, deadline=None)
def test_quick_resolution_names_the_tag_pyyaml_names(value: str) -> None:
    loader = Yaml12Loader("")
    try:
        for kind, implicit in itertools.product(
            (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode), itertools.product((True, False), repeat=2)
        ):
            assert loader.resolve(kind, value, implicit) == BaseResolver.resolve(loader, kind, value, implicit)
    finally:
        loader.dispose()


def _quote(text: str, style: str) -> str:
    if style == "'":
        return "'" + text.replace("'", "''") + "'"
    if style == '"':
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


@given(
    items=st.lists(st.tuples(_SCALAR, st.sampled_from(["", "'", '"'])), min_size=1, max_size=6),
    layout=st.sampled_from(["scalars", "flow", "block"]),
)
@settings(max_examples=50, deadline=None)
def test_generated_frontmatter_reads_the_same_as_with_pyyaml(items: list[tuple[str, str]], layout: str) -> None:
    written = [_quote(text, style) for text, style in items]
    if layout == "scalars":
        block = "".join(f"k{index}: {value}  # note\n" for index, value in enumerate(written))
    elif layout == "flow":
        block = "id: x\nlinks: [" + ", ".join(written) + "]\n"
    else:
        block = "id: x\nlinks:\n" + "".join(f"  - {value}\n" for value in written)
    assert _read(block, Yaml12Loader) == _read(block, _ReferenceLoader)


@pytest.mark.parametrize(
    "block",
    [
        "a: !!str 1\nb: !!int '7'\nc: !!set {x, y}\n",
        "base: &b {x: 1}\nuse: *b\nlist: [*b, *b]\n",
        "<<: {x: 1}\ny: 2\n",
        "? [a, b]\n: c\n",
        "a: !custom x\n",
        "seq: !!str [a]\n",
    ],
)
def test_unusual_documents_read_the_same_as_with_pyyaml(block: str) -> None:
    assert _read(block, Yaml12Loader) == _read(block, _ReferenceLoader)
