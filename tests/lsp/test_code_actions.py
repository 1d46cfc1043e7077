"""Over stdio: quick fixes for findings, computed on the editor's buffer, applied by the client only."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.lsp.client import REPO, Client

STORY = "stories/3ds-challenge.md"  # dependencies on line 20 (1-based)


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


def _apply(text: str, edits: list[dict[str, Any]]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(position: dict[str, int]) -> int:
        return offsets[position["line"]] + position["character"]  # ASCII text: code points == UTF-16 units

    for edit in sorted(edits, key=lambda e: at(e["range"]["start"]), reverse=True):
        text = text[: at(edit["range"]["start"])] + edit["newText"] + text[at(edit["range"]["end"]) :]
    return text


def test_a_duplicated_link_gets_a_quick_fix_computed_on_the_buffer(client: Client) -> None:
    on_disk = (client.root / STORY).read_text(encoding="utf-8")
    twice = "dependencies: ['spec-story-pay-by-card-001', 'spec-story-pay-by-card-001']"
    broken = on_disk.replace("dependencies: ['spec-story-pay-by-card-001']", twice)
    broken = broken.replace("\n# Traceability", "\n# a line only the buffer has\n# Traceability")  # the disk differs
    uri = client.open(STORY, broken)
    (diagnostic,) = client.diagnostics(uri)
    assert diagnostic["code"] == "SG105" and diagnostic["range"]["start"]["line"] == 20
    empty = {"textDocument": {"uri": uri}, "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}}
    assert client.request("textDocument/codeAction", {**empty, "context": {"diagnostics": []}}) == []
    params = {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}
    (action,) = client.request("textDocument/codeAction", params)
    assert action["kind"] == "quickfix"
    assert "SG105" in action["title"] and action["isPreferred"] is True
    assert action["diagnostics"] == [diagnostic]
    edits = action["edit"]["changes"][uri]
    fixed = _apply(broken, edits)
    assert "dependencies: ['spec-story-pay-by-card-001']" in fixed
    assert fixed.replace("\n# a line only the buffer has", "") == on_disk
    assert (client.root / STORY).read_text(encoding="utf-8") == on_disk  # nothing written
    client.change(uri, fixed)
    assert client.diagnostics(uri) == []
    assert client.close() == 0


def test_an_ambiguous_did_you_mean_offers_no_fix(client: Client) -> None:
    text = (client.root / STORY).read_text(encoding="utf-8")
    broken = text.replace("parent: 'spec-feature-card-payments-001'", "parent: 'spec-feature-card-paymnts-001'")
    uri = client.open(STORY, broken)
    (diagnostic,) = client.diagnostics(uri)  # card-payments and wallet-payments are both near: no single fix
    params = {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}
    assert client.request("textDocument/codeAction", params) == []
    assert client.close() == 0
