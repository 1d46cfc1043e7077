"""SG009: ``key: #text`` gives the key no value; the text YAML drops as a comment is named."""

from __future__ import annotations

from pathlib import Path

from speckit_graph.load.loader import load_specs
from speckit_graph.usecases.load import resolve_config
from tests.conftest import write_repo
from tests.support.timing import assert_grows_linearly


def sg009(root: Path) -> list[tuple[str, int | None, int | None, str]]:
    result = load_specs(root, resolve_config(root))
    return [(h.path or "", h.line, h.column, h.message) for h in result.issues if h.code == "SG009"]


def test_a_value_that_is_a_comment_is_reported_at_the_hash(tmp_path: Path) -> None:
    text = "---\nid: ARC-19\nstatus: Draft\ndiscussions-to: #arcs in Algorand Discord\n---\n"
    hits = sg009(write_repo(tmp_path, {"arc-0019.md": text}))
    assert hits == [("arc-0019.md", 4, 17, "discussions-to is empty: YAML reads '#arcs in Algorand Discord' as a "
                     "comment; quote it (discussions-to: \"#arcs in Algorand Discord\") if it is the value")]  # fmt: skip


def test_a_comment_after_a_value_an_empty_key_and_a_quoted_hash_are_not_reported(tmp_path: Path) -> None:
    text = ('---\nid: A-1\nstatus: Draft # until review\nnotes:\nchannel: "#arcs"\ntags: [a] # x\n'
            "# a comment line\nowner: ~ # nobody yet\n---\n")  # fmt: skip
    assert sg009(write_repo(tmp_path, {"a.md": text})) == []


def test_the_spec_is_still_read_and_the_key_is_empty(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"b.md": "---\nid: B-1\ntitle:\t#Heading\n---\n"})
    result = load_specs(root, resolve_config(root))
    assert [s.id for s in result.specs] == ["B-1"] and result.specs[0].fields.get("title") is None
    assert [h.line for h in result.issues if h.code == "SG009"] == [3]


def test_a_long_run_of_blanks_after_the_hash_stays_linear(tmp_path: Path) -> None:
    def load(blanks: int) -> None:
        text = "---\nid: A-1\nchannel: #" + " " * blanks + "x  \n---\n"
        hits = sg009(write_repo(tmp_path / str(blanks), {"a.md": text}))
        assert len(hits) == 1 and hits[0][1:3] == (3, 10)

    assert_grows_linearly(lambda: load(20_000), lambda: load(160_000), factor=8, what="blanks after '#'")
