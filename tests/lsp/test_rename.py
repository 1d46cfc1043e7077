"""Over stdio: prepareRename and rename of an id through the rename use case; the client applies, the server never writes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.lsp.client import REPO, Client

STORY = "stories/3ds-challenge.md"  # dependencies on line 20 (1-based): ['spec-story-pay-by-card-001']
TARGET = "stories/pay-by-card.md"


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


def _at(uri: str, line: int, character: int, **more: Any) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}, **more}


def test_prepare_and_rename_an_id_everywhere(client: Client) -> None:
    before = {p: p.read_bytes() for p in client.root.rglob("*.md")}
    uri = client.open(STORY)
    client.diagnostics(uri)
    prepared = client.request("textDocument/prepareRename", _at(uri, 19, 25))
    assert prepared["placeholder"] == "spec-story-pay-by-card-001"
    assert prepared["range"] == {"start": {"line": 19, "character": 16}, "end": {"line": 19, "character": 42}}
    assert client.request("textDocument/prepareRename", _at(uri, 25, 0)) is None  # prose: nothing to rename
    edit = client.request("textDocument/rename", _at(uri, 19, 25, newName="spec-story-card-payment-001"))
    changes = edit["changes"]
    assert client.uri(TARGET) in changes and uri in changes
    for target, (whole,) in changes.items():
        path = Path(target.removeprefix("file://"))
        assert whole["range"]["start"] == {"line": 0, "character": 0}
        assert "spec-story-pay-by-card-001" not in whole["newText"]
        assert whole["newText"].replace("spec-story-card-payment-001", "spec-story-pay-by-card-001") == path.read_text()
    assert {p: p.read_bytes() for p in client.root.rglob("*.md")} == before  # the server wrote nothing
    assert client.close() == 0


def test_a_rename_is_refused_with_the_use_cases_message(client: Client) -> None:
    uri = client.open(STORY)
    client.diagnostics(uri)
    taken = client.raw_request("textDocument/rename", _at(uri, 19, 25, newName="spec-story-3ds-challenge-001"))
    assert taken["error"]["code"] == -32803 and "spec-story-3ds-challenge-001" in taken["error"]["message"]
    text = (client.root / STORY).read_text(encoding="utf-8")
    client.change(uri, text + "\nunsaved words\n")  # the buffer changes at once; the re-check waits
    dirty = client.raw_request("textDocument/rename", _at(uri, 19, 25, newName="spec-story-card-payment-001"))
    assert dirty["error"]["code"] == -32803 and "save stories/3ds-challenge.md first" in dirty["error"]["message"]
    assert client.close() == 0
