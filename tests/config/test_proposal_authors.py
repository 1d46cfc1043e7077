"""The improvement-proposals preset reads every spelling of the author key its repositories use.

EIP-1 writes `author`, but FIP-0031 writes `authors` and NEP-1 `Authors`: `report` showed them
without an author although their headers name one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speckit_graph.config.parse import parse_config
from tests.conftest import run_cli, write_repo


@pytest.mark.parametrize("key", ["author", "authors", "Author", "Authors"])
def test_each_spelling_is_the_author(key: str, tmp_path: Path) -> None:
    assert key in parse_config({"preset": "improvement-proposals"}).keys_for("author")
    files = {
        "fip-0001.md": f"---\nfip: 1\ntitle: One\nstatus: Draft\n{key}: Ann (@ann)\n---\n",
        "fip-0002.md": "---\nfip: 2\ntitle: Two\nstatus: Draft\n---\n",
        ".speckit-graph.toml": 'preset = "improvement-proposals"\n',
    }
    root = write_repo(tmp_path / "repo", files)
    run = run_cli("report", root, "--format", "json", "--date", "2024-01-01")
    authors = {spec["id"]: spec["author"] for spec in json.loads(run.stdout)["specs"]}
    assert authors == {"FIP-1": "Ann (@ann)", "FIP-2": None}
