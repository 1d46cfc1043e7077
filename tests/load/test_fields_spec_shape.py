"""The loader builds Spec objects positionally, without the frozen ``__init__`` (load/fields.py):
a field added to or moved in ``Spec`` must not silently land in the wrong slot."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from speckit_graph.config.model import Config
from speckit_graph.core.model import Location, Spec
from speckit_graph.load.loader import read_spec_file


def test_spec_fields_are_in_the_order_the_loader_builds_them() -> None:
    assert [f.name for f in dataclasses.fields(Spec)] == [
        "id", "path", "location", "fields", "field_lines", "field_keys", "links", "bad_links", "duplicate_links",
        "placeholders", "references", "unresolved_references", "loose_references", "unparsed_lines",
    ]  # fmt: skip


def test_a_read_spec_equals_the_same_spec_built_by_keyword(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\nid: A-1\ntitle: One\nstatus: draft\nparent: A-0\n---\nbody\n", encoding="utf-8")
    spec = read_spec_file(tmp_path, "a.md", Config()).spec
    assert spec is not None and type(spec) is Spec
    expected = Spec(
        id="A-1",
        path="a.md",
        location=Location("a.md", 2, 1),
        fields={"id": "A-1", "title": "One", "status": "draft", "parent": "A-0"},
        field_lines={"id": 2, "title": 3, "status": 4, "parent": 5},
        field_keys={"id": "id", "title": "title", "status": "status", "parent": "parent"},
        references=spec.references,
    )
    assert spec == expected
    assert [ref.value for ref in spec.references] == ["A-0"]
    assert spec.references[0].location == Location("a.md", 5, 9)
    assert hash(spec.location) == hash(Location("a.md", 2, 1))
