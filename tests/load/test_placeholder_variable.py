"""SG403's ``variable`` form: a template's ``$SNIP_ID`` or ``$DISCUSSION_LINK`` left as the whole value."""

from __future__ import annotations

import json
from pathlib import Path

from speckit_graph.load.placeholders import may_hold_placeholder, placeholder_form
from tests.conftest import run_cli, write_repo


def test_a_shell_style_variable_in_capitals_is_template_text() -> None:
    assert placeholder_form("$DISCUSSION_LINK") == "variable" and placeholder_form("${SNIP_ID}") == "variable"
    for text in ("$5", "$lower", "cost: $100", "$A B", "a$B", "$"):
        assert placeholder_form(text) is None, text
    assert placeholder_form("$SNIP_ID", ("braces", "todo")) is None  # the form can be turned off
    assert may_hold_placeholder("snip: $SNIP_ID\n")


def test_the_unfilled_discussion_link_is_sg403_at_its_line(tmp_path: Path) -> None:
    text = "---\nid: SNIP-64\ntitle: Custom Errors\nstatus: Review\ndiscussions-to: $DISCUSSION_LINK\n---\n"
    root = write_repo(tmp_path, {"snip-64.md": text})
    run = run_cli("check", root, "--format", "json", "--no-cache")
    hits = [(f["path"], f["line"], f["message"]) for f in json.loads(run.stdout)["findings"] if f["code"] == "SG403"]
    assert hits == [("snip-64.md", 5, "'discussions-to' still holds a template placeholder")]


def test_an_id_of_xs_where_ids_are_numbers_is_an_unassigned_number(tmp_path: Path) -> None:
    config = 'preset = "improvement-proposals"\n[aliases]\nid = ["snip"]\n[ids]\nnumber-template = "SNIP-{}"\n'
    draft = "---\nsnip: X\ntitle: Pluggable Signer\nstatus: Draft\n---\n"
    root = write_repo(tmp_path, {".speckit-graph.toml": config, "snip-x.md": draft,
                                 "snip-5.md": "---\nsnip: 5\ntitle: A\nstatus: Draft\n---\n"})  # fmt: skip
    run = run_cli("check", root, "--format", "json", "--no-cache")
    hits = [(f["path"], f["line"], f["message"]) for f in json.loads(run.stdout)["findings"] if f["code"] == "SG403"]
    assert hits == [("snip-x.md", 2, "'snip' still holds a template placeholder")]


def test_an_x_id_is_an_ordinary_id_where_ids_are_not_numbers(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {"x.md": "---\nid: X\ntitle: The X service\nstatus: draft\n---\n"})
    run = run_cli("check", root, "--format", "json", "--no-cache")
    assert [f for f in json.loads(run.stdout)["findings"] if f["code"] == "SG403"] == []
