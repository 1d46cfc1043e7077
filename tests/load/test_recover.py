"""A bad value never drops a spec: the fields that parse alone load, each bad line is an SG001 at its place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from speckit_graph.config.model import Config, Limits
from speckit_graph.load.loader import load_specs
from speckit_graph.load.recover import pieces, recover
from tests.conftest import check_repo

Repo = Callable[..., Path]

BAD = (
    "---\n"
    "id: spec-a-001\n"  # line 2
    "title: A\n"
    "type: epic\n"
    "assignee: @alice\n"  # line 5: '@' cannot start a plain scalar
    "status: draft\n"
    "dependencies:\n"
    "  - spec-b-001\n"
    "---\nBody\n"
)
OTHER = "---\nid: spec-b-001\ntitle: B\ntype: epic\nstatus: draft\ndependencies: [spec-a-001]\n---\n"


def test_one_bad_value_leaves_the_spec_and_its_links(repo: Repo) -> None:
    result = check_repo(repo({"a.md": BAD, "b.md": OTHER}))
    sg001 = [f for f in result.findings if f.code == "SG001"]
    assert [(f.path, f.line, f.column) for f in sg001] == [("a.md", 5, 11)]
    assert "cannot start any token" in sg001[0].message and "read line by line" in sg001[0].message
    assert sg001[0].spec == "spec-a-001"
    assert result.specs == 2
    assert not [f for f in result.findings if f.code == "SG101"]  # b's link to a is not dangling
    assert "SG201" in {f.code for f in result.findings}  # a's own dependency was read: the cycle is seen


def test_the_recovered_spec_is_marked_partial_with_right_lines(repo: Repo) -> None:
    loaded = load_specs(repo({"a.md": BAD, "b.md": OTHER}), Config())
    spec_a = next(spec for spec in loaded.specs if spec.id == "spec-a-001")
    assert spec_a.partial and spec_a.unparsed_lines == (5,)
    assert "assignee" not in spec_a.fields
    assert spec_a.field_lines["status"] == 6 and spec_a.field_lines["dependencies"] == 7
    assert spec_a.references[0].location.line == 8
    assert not next(spec for spec in loaded.specs if spec.id == "spec-b-001").partial


def test_each_bad_line_is_its_own_finding(repo: Repo) -> None:
    text = BAD.replace("status: draft\n", "reporter: @bob\nstatus: draft\n")
    result = check_repo(repo({"a.md": text}))
    assert [(f.code, f.line) for f in result.findings if f.code == "SG001"] == [("SG001", 5), ("SG001", 6)]
    assert result.specs == 1


def test_an_unclosed_quote_is_not_guessed_at(repo: Repo) -> None:
    """The lines after an unclosed quote may be the rest of the value: the file stays one SG001."""
    text = '---\nid: spec-a-001\ntitle: "never closed\ntype: epic\n---\n'
    result = check_repo(repo({"a.md": text}))
    assert [f.code for f in result.findings] == ["SG001"]
    assert result.specs == 0


def test_pieces_keep_continuations_with_their_key() -> None:
    text = "id: x\n# note\nlist:\n- a\n  - b\nmap:\n  k: v\n? explicit\n: value\n"
    assert [(start, piece.split(":")[0]) for start, piece in pieces(text)] == [
        (0, "id"),
        (2, "list"),
        (5, "map"),
        (7, "? explicit\n"),
    ]


def test_nothing_to_recover_gives_none() -> None:
    assert recover("id: @x\n", Limits()) is None  # a single piece: nothing else to keep
    assert recover("a: @x\nb: @y\n", Limits()) is None  # no piece parses
