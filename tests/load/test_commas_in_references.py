"""A comma inside brackets or backticks is part of one reference, not a separator between two."""

from __future__ import annotations

from pathlib import Path

from speckit_graph.load.commas import top_level_pieces
from speckit_graph.load.loader import load_specs
from speckit_graph.load.references import split_parts
from speckit_graph.usecases.load import resolve_config
from tests.conftest import write_repo

SESSION = "Session Keys SNIP (starknet-io/SNIPs#163, `SNIPS/snip-x.md`)"


def test_a_parenthesised_comma_stays_inside_its_reference() -> None:
    assert split_parts(f"SNIP-5, SNIP-12, {SESSION}") == ["SNIP-5", "SNIP-12", SESSION]
    assert split_parts("A-1, `a, b`, [x, y], B-2") == ["A-1", "`a, b`", "[x, y]", "B-2"]


def test_unclosed_brackets_do_not_swallow_the_rest() -> None:
    assert top_level_pieces("A-1 (x, B-2") == ["A-1 (x", " B-2"]
    assert top_level_pieces("A-1 `x, B-2") == ["A-1 `x", " B-2"]
    assert top_level_pieces("A-1) x, B-2") == ["A-1) x", " B-2"]


def test_the_dangling_reference_names_what_the_file_wrote(tmp_path: Path) -> None:
    config = 'preset = "improvement-proposals"\n[aliases]\nid = ["snip"]\n[ids]\nnumber-template = "SNIP-{}"\n'
    signer = f"---\nsnip: 99\ntitle: Signer\nstatus: Draft\nrequires: SNIP-5, {SESSION}\n---\n"
    root = write_repo(tmp_path, {".speckit-graph.toml": config, "snip-5.md": "---\nsnip: 5\ntitle: A\nstatus: Draft\n---\n",
                                 "snip-99.md": signer})  # fmt: skip
    result = load_specs(root, resolve_config(root))
    spec = next(s for s in result.specs if s.id == "SNIP-99")
    assert [link.target for link in spec.links] == ["SNIP-5", SESSION]  # one dangling link, as written
