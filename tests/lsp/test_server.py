"""The real server over stdio, driven the way an editor drives it (raw JSON-RPC)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lsp.client import REPO, Client

STORY = "stories/3ds-challenge.md"  # parent on line 19, dependencies on line 20 (1-based)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "examples" / "checkout", root)
    started = Client(root)
    try:
        started.initialize()
        yield started
    finally:
        started.kill()


def _at(uri: str, line: int, character: int) -> dict:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def test_dangling_parent_is_diagnosed_at_its_range_and_cleared_by_the_fix(client: Client) -> None:
    text = (client.root / STORY).read_text(encoding="utf-8")
    broken = text.replace("parent: 'spec-feature-card-payments-001'", "parent: 'spec-feature-card-paymnts-001'")
    uri = client.open(STORY, broken)
    (diagnostic,) = client.diagnostics(uri)
    assert diagnostic["code"] == "SG101"
    assert diagnostic["severity"] == 1
    assert diagnostic["codeDescription"]["href"].endswith("#sg101-dangling-reference")
    assert diagnostic["range"] == {"start": {"line": 18, "character": 8}, "end": {"line": 18, "character": 39}}
    assert "did you mean 'spec-feature-card-payments-001'" in diagnostic["message"]
    client.change(uri, text)
    assert client.diagnostics(uri) == []
    assert client.close() == 0


def test_a_renamed_id_updates_its_dependents_diagnostics(client: Client) -> None:
    target = "stories/pay-by-card.md"
    text = (client.root / target).read_text(encoding="utf-8")
    uri = client.open(target)
    assert client.diagnostics(uri) == []
    client.change(uri, text.replace("id: 'spec-story-pay-by-card-001'", "id: 'spec-story-pay-by-card-002'"))
    dependent = client.diagnostics(client.uri(STORY))
    assert [d["code"] for d in dependent] == ["SG101"]
    client.change(uri, text, version=3)
    assert client.diagnostics(client.uri(STORY)) == []


def test_definition_hover_completion_and_references(client: Client) -> None:
    uri = client.open(STORY)
    client.diagnostics(uri)
    (location,) = client.request("textDocument/definition", _at(uri, 19, 25))
    assert location["uri"] == client.uri("stories/pay-by-card.md")
    assert location["range"]["start"]["line"] == 2  # the id line of the target
    hover = client.request("textDocument/hover", _at(uri, 19, 25))["contents"]["value"]
    assert "**Shopper pays by card**" in hover and "status: review" in hover
    items = client.request("textDocument/completion", _at(uri, 19, 15))["items"]
    titles = {item["label"]: item["detail"] for item in items}
    assert titles["spec-api-checkout-session-001"] == "Checkout Session API"
    assert "spec-story-3ds-challenge-001" not in titles  # itself: a self-dependency
    statuses = client.request("textDocument/completion", _at(uri, 8, 9))["items"]
    assert [i["label"] for i in statuses] == ["draft", "review", "approved", "implemented", "deprecated"]
    target = client.open("stories/pay-by-card.md")
    found = client.request("textDocument/references", {**_at(target, 2, 8), "context": {"includeDeclaration": False}})
    assert {(f["uri"], f["range"]["start"]["line"]) for f in found} >= {(uri, 19)}
    assert client.close() == 0


def test_completion_leaves_out_ids_that_would_close_a_dependency_cycle(client: Client) -> None:
    uri = client.open("stories/pay-by-card.md")
    items = client.request("textDocument/completion", _at(uri, 19, 15))["items"]
    assert "spec-story-3ds-challenge-001" not in {item["label"] for item in items}  # it depends on pay-by-card


def test_a_file_that_does_not_parse_gets_diagnostics_and_the_server_lives_on(client: Client) -> None:
    uri = client.open(STORY, "---\nid: [unclosed\n---\n")
    codes = {d["code"] for d in client.diagnostics(uri)}
    assert codes and codes <= {"SG001", "SG003", "SG401"}
    assert client.request("textDocument/hover", _at(uri, 1, 5)) is None
    symbols = client.request("workspace/symbol", {"query": "card"})
    assert any(s["name"].startswith("spec-story-pay-by-card-001") for s in symbols)
    assert client.close() == 0


def test_the_server_never_writes_to_the_workspace(client: Client) -> None:
    before = {p: p.read_bytes() for p in client.root.rglob("*") if p.is_file()}
    uri = client.open(STORY, "---\nid: spec-x\n---\n")
    client.diagnostics(uri)
    assert client.close() == 0
    assert {p: p.read_bytes() for p in client.root.rglob("*") if p.is_file()} == before
