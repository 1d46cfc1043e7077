"""``init`` proposes a lifecycle from the statuses it sees, never slotting unknown ones into the order."""

from __future__ import annotations

import sys
from pathlib import Path

from speckit_graph.config.parse import parse_config
from tests.conftest import assert_no_traceback, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_init_places_statuses_by_name_and_lists_the_rest_as_unordered(tmp_path: Path) -> None:
    statuses = ["draft"] * 4 + ["completed"] * 4 + ["cancelled"] * 4 + ["parked"] * 4 + ["Superseded by S-1"]
    for n, status in enumerate(statuses, start=1):
        text = f"---\nid: S-{n}\ntitle: Spec {n}\ntype: epic\nstatus: {status}\n---\n"
        (tmp_path / f"s{n}.md").write_text(text, encoding="utf-8")
    run = run_cli("init", tmp_path)
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    text = (tmp_path / ".speckit-graph.toml").read_text(encoding="utf-8")
    lifecycle = tomllib.loads(text)["lifecycle"]
    assert lifecycle["done"] == ["implemented", "completed"]
    assert lifecycle["abandoned"] == ["cancelled"]
    assert lifecycle["redirect"] == ["Superseded by *"]
    assert lifecycle["unordered"] == ["parked"]
    assert "cannot place" in text and "parked" in text
    vocabulary = parse_config(tomllib.loads(text)).vocabulary
    assert "parked" not in vocabulary.lifecycle and "cancelled" not in vocabulary.lifecycle
    assert vocabulary.is_done("completed") and vocabulary.is_redirect("Superseded by S-1")
    check = run_cli("check", tmp_path, "--select", "SG402")
    assert "Superseded" not in check.stdout and "parked" not in check.stdout
