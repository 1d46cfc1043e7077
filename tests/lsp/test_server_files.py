"""Over stdio: files created, deleted and changed on disk; document links; unknown requests; UTF-16 positions."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.lsp.client import REPO, Client

STORY = "stories/3ds-challenge.md"  # dependencies on line 20 (1-based): ['spec-story-pay-by-card-001']
TARGET = "stories/pay-by-card.md"
WATCHING = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "examples" / "checkout", root)
    return root


@pytest.fixture
def client(repo: Path) -> Iterator[Client]:
    started = Client(repo)
    try:
        yield started
    finally:
        started.kill()


def _at(uri: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def _watched(client: Client, *changes: tuple[str, int]) -> None:
    events = [{"uri": client.uri(relpath), "type": kind} for relpath, kind in changes]
    client.notify("workspace/didChangeWatchedFiles", {"changes": events})


def test_files_created_deleted_and_changed_on_disk_are_picked_up(client: Client) -> None:
    client.initialize(WATCHING)
    registration = client.server_request("client/registerCapability")
    (entry,) = registration["params"]["registrations"]
    assert entry["method"] == "workspace/didChangeWatchedFiles"
    assert entry["registerOptions"]["watchers"] == [{"globPattern": "**/*.md"}]
    client.respond(registration["id"])
    fresh = "stories/new-story.md"
    (client.root / fresh).write_text(
        "---\nid: spec-story-new-001\ntitle: New\nstatus: draft\ntype: user_story\nparent: 'spec-nowhere-001'\n---\nBody.\n",
        encoding="utf-8",
    )
    _watched(client, (fresh, 1))  # created
    assert [d["code"] for d in client.diagnostics(client.uri(fresh))] == ["SG101"]
    (client.root / TARGET).unlink()
    _watched(client, (TARGET, 3))  # deleted: the story that depends on it now dangles
    assert "SG101" in [d["code"] for d in client.diagnostics(client.uri(STORY))]
    fixed = (client.root / fresh).read_text().replace("spec-nowhere-001", "spec-feature-card-payments-001")
    (client.root / fresh).write_text(fixed)
    _watched(client, (fresh, 2))  # changed, and not open in the editor: read from the disk
    assert client.diagnostics(client.uri(fresh)) == []
    assert client.close() == 0


def test_no_registration_without_the_client_capability(client: Client) -> None:
    client.initialize()
    uri = client.open(STORY)
    client.diagnostics(uri)
    assert not [m for m in client.pending if m.get("method") == "client/registerCapability"]
    assert client.close() == 0


def test_document_links_lead_to_the_file_of_a_path_reference(client: Client) -> None:
    client.initialize()
    text = (client.root / STORY).read_text(encoding="utf-8")
    uri = client.open(STORY, text.replace("dependencies: ['spec-story-pay-by-card-001'", "dependencies: ['./pay-by-card.md'"))
    assert client.diagnostics(uri) == []
    (link,) = client.request("textDocument/documentLink", {"textDocument": {"uri": uri}})
    assert link["target"] == client.uri(TARGET)
    assert link["range"] == {"start": {"line": 19, "character": 16}, "end": {"line": 19, "character": 32}}
    assert link["tooltip"] == "spec-story-pay-by-card-001"
    assert client.close() == 0


def test_an_unknown_request_is_answered_method_not_found_and_the_server_goes_on(client: Client) -> None:
    client.initialize()
    answer = client.raw_request("speckit/noSuchThing", {"x": 1})
    assert answer["error"]["code"] == -32601
    client.notify("speckit/noSuchNotification", {})  # ignored, no answer
    uri = client.open(STORY)
    assert client.diagnostics(uri) == []
    assert client.close() == 0


EMOJI = "\U0001f600"  # outside the Basic Multilingual Plane: 2 UTF-16 code units, 1 code point


def _emoji_story(client: Client) -> tuple[str, str]:
    text = (client.root / STORY).read_text(encoding="utf-8")
    text = text.replace("dependencies: ['spec-story-pay-by-card-001'", f"dependencies: ['{EMOJI}{EMOJI}-nope-001'")
    body = f"{EMOJI * 4} spec-story-pay-by-card-001 and more"
    return text + "\n" + body + "\n", body


@pytest.mark.parametrize("encoding,width", [(None, 2), (["utf-16"], 2), (["utf-32", "utf-16"], 1), (["utf-8"], 4)])
def test_positions_are_counted_in_the_negotiated_encoding(client: Client, encoding: list[str] | None, width: int) -> None:
    result = client.initialize({"general": {"positionEncodings": encoding}} if encoding else {})
    assert result["capabilities"].get("positionEncoding", "utf-16") == (encoding or ["utf-16"])[0]
    text, body = _emoji_story(client)
    uri = client.open(STORY, text)
    (diagnostic,) = client.diagnostics(uri)
    assert diagnostic["code"] == "SG101"
    written = f"'{EMOJI}{EMOJI}-nope-001'"
    assert diagnostic["range"]["start"] == {"line": 19, "character": 15}
    assert diagnostic["range"]["end"] == {"line": 19, "character": 15 + len(written) + 2 * (width - 1)}
    line = text.split("\n").index(body)
    last = body.index("spec-story") + len("spec-story-pay-by-card-001") - 1  # the id's last character, in code points
    hover = client.request("textDocument/hover", _at(uri, line, last + 4 * (width - 1)))
    assert hover is not None and "Shopper pays by card" in hover["contents"]["value"]
    (location,) = client.request("textDocument/definition", _at(uri, line, last + 4 * (width - 1)))
    assert location["uri"] == client.uri(TARGET)
    assert client.close() == 0
