"""Edit primitives: each edit changes only its span, keeps the style, and leaves valid YAML."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml

from speckit_graph.core.fixes import TextEdit
from speckit_graph.edit import Document, EditError, OutsideRootError, OverlapError, apply_edits, conflicts, write_atomic
from speckit_graph.load.yamlschema import Yaml12Loader

SAMPLE = (
    "\ufeff---\r\n"
    "id: spec-a-001 # the id\r\n"
    "status: 'Draft'\r\n"
    "dependencies:\r\n"
    "  - spec-b-001\r\n"
    '  - "spec-c-001"  # why\r\n'
    "related: [a, b]\r\n"
    "empty:\r\n"
    "speckit-graph: {ignore: [SG203]}\r\n"
    "---\r\n"
    "# Body\r\n"
)
DATA = SAMPLE.encode("utf-8")


def edited(edits: tuple[TextEdit, ...], data: bytes = DATA) -> str:
    return apply_edits(data, edits).decode("utf-8")


def fields(text: str) -> dict[str, object]:
    block = text.lstrip("\ufeff").split("---", 2)[1]
    loaded = yaml.load(block, Loader=Yaml12Loader)
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture
def doc() -> Document:
    return Document.parse("a.md", DATA)


def test_replace_scalar_keeps_quotes_bom_crlf_and_body(doc: Document) -> None:
    out = edited(doc.replace_scalar(("status",), "draft"))
    assert out == SAMPLE.replace("'Draft'", "'draft'")


def test_replace_plain_value_that_needs_quotes_falls_back_to_double_quotes(doc: Document) -> None:
    out = edited(doc.replace_scalar(("id",), "a: b # c"))
    assert 'id: "a: b # c" # the id\r\n' in out
    assert fields(out)["id"] == "a: b # c"


def test_add_entry_to_block_list_uses_its_indent_and_quotes(doc: Document) -> None:
    out = edited(doc.add_entry(("dependencies",), "spec-d-001"))
    assert out == SAMPLE.replace("# why\r\n", '# why\r\n  - "spec-d-001"\r\n')


def test_add_entry_to_flow_list_empty_value_and_absent_key(doc: Document) -> None:
    assert "related: [a, b, c]\r\n" in edited(doc.add_entry(("related",), "c"))
    assert "empty: [x]\r\n" in edited(doc.add_entry(("empty",), "x"))
    out = edited(doc.add_entry(("refines",), "x"))
    assert out.endswith('SG203]}\r\nrefines:\r\n  - "x"\r\n---\r\n# Body\r\n')
    assert fields(out)["refines"] == ["x"]


def test_add_entry_turns_a_single_scalar_into_a_flow_list() -> None:
    data = b"---\nid: a\nrelated: spec-b-001\n---\n"
    out = edited(Document.parse("a.md", data).add_entry(("related",), "spec-c-001"), data)
    assert out == "---\nid: a\nrelated: [spec-b-001, spec-c-001]\n---\n"


def test_absent_key_in_a_file_without_block_lists_is_written_flow() -> None:
    data = b"---\nid: a\nparent: b\n---\nbody"
    out = edited(Document.parse("a.md", data).add_entry(("related",), "c"), data)
    assert out == "---\nid: a\nparent: b\nrelated: [c]\n---\nbody"


@pytest.mark.parametrize(
    ("index", "expected"),
    [(0, '  - "spec-c-001"  # why\r\n'), (1, "  - spec-b-001\r\n")],
)
def test_remove_block_entry_removes_its_line(doc: Document, index: int, expected: str) -> None:
    out = edited(doc.remove_entry(("dependencies", index)))
    assert "dependencies:\r\n" + expected + "related" in out


def test_remove_last_block_entry_leaves_an_empty_list() -> None:
    data = b"---\nid: x\ndeps:  # note\n- a\nnext: 1\n---\n"
    out = edited(Document.parse("a.md", data).remove_entry(("deps", 0)), data)
    assert out == "---\nid: x\ndeps: []  # note\nnext: 1\n---\n"
    assert fields(out)["deps"] == []


@pytest.mark.parametrize(("index", "expected"), [(0, "[b]"), (1, "[a]")])
def test_remove_flow_entry(doc: Document, index: int, expected: str) -> None:
    assert f"related: {expected}\r\n" in edited(doc.remove_entry(("related", index)))


def test_remove_only_flow_entry_and_nested_key(doc: Document) -> None:
    assert "{ignore: []}" in edited(doc.remove_entry(("speckit-graph", "ignore", 0)))
    assert "{}" in edited(doc.remove_key(("speckit-graph", "ignore")))
    out = edited(doc.remove_key(("speckit-graph",)))
    assert out == SAMPLE.replace("speckit-graph: {ignore: [SG203]}\r\n", "")


def test_remove_block_key_takes_its_whole_value(doc: Document) -> None:
    out = edited(doc.remove_key(("dependencies",)))
    assert out == SAMPLE.replace('dependencies:\r\n  - spec-b-001\r\n  - "spec-c-001"  # why\r\n', "")


def test_locate_finds_the_scalar_a_finding_points_at(doc: Document) -> None:
    assert doc.locate(6, 5) == ("dependencies", 1)
    assert doc.locate(2, 5) == ("id",)
    assert doc.locate(7, 14) == ("related", 1)
    assert doc.locate(4, 1) is None


def test_non_ascii_offsets_are_bytes() -> None:
    data = "---\ntitle: héllo wörld\nstatus: Draft\n---\n".encode()
    doc = Document.parse("a.md", data)
    (edit,) = doc.replace_scalar(("status",), "draft")
    assert data[edit.start : edit.end] == b"Draft"


def test_unparseable_or_missing_things_raise_edit_error(doc: Document) -> None:
    with pytest.raises(EditError):
        Document.parse("a.md", b"no frontmatter")
    with pytest.raises(EditError):
        Document.parse("a.md", b"---\nid: [\n---\n")
    with pytest.raises(EditError):
        doc.replace_scalar(("nope",), "x")
    with pytest.raises(EditError):
        doc.remove_entry(("related", 5))


def test_apply_edits_rejects_overlaps_and_orders_itself() -> None:
    a, b = TextEdit("f", 0, 2, "X"), TextEdit("f", 1, 3, "Y")
    with pytest.raises(OverlapError):
        apply_edits(b"abcd", [a, b])
    with pytest.raises(OverlapError):
        apply_edits(b"abcd", [TextEdit("f", 1, 1, "x"), TextEdit("f", 1, 1, "y")])
    assert apply_edits(b"abcd", [TextEdit("f", 3, 4, "D"), TextEdit("f", 0, 1, "A")]) == b"AbcD"
    assert conflicts([a], [b]) and not conflicts([a], [TextEdit("f", 2, 3, "")])


def test_write_atomic_keeps_mode_and_refuses_outside(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    spec = root / "a.md"
    spec.write_bytes(b"old")
    spec.chmod(0o640)
    write_atomic(root, "a.md", b"new")
    assert spec.read_bytes() == b"new" and stat.S_IMODE(spec.stat().st_mode) == 0o640
    assert sorted(p.name for p in root.iterdir()) == ["a.md"]
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"secret")
    (root / "link.md").symlink_to(outside)
    for bad in ("link.md", "../outside.md", str(outside), "missing.md"):
        with pytest.raises(OutsideRootError):
            write_atomic(root, bad, b"x")
    assert outside.read_bytes() == b"secret"
    (root / "inner.md").symlink_to(spec)
    write_atomic(root, "inner.md", b"via link")
    assert spec.read_bytes() == b"via link" and os.path.islink(root / "inner.md")
