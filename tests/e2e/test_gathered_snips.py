"""Starknet SNIPs (tests/fixtures/corpora/starknet-snips): init, check, report, graph on a copy.

A style the other gathered corpora lack: drafts without a number (`snip: X`, `snip: $SNIP_ID`),
`author` and `authors` side by side, `requires` by name with one item holding a comma inside
parentheses, and a shell-style placeholder (`discussions-to: $DISCUSSION_LINK`).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cli
from tests.e2e.test_gathered_corpora import codes, init_then_check, where

SESSION = "Session Keys SNIP (starknet-io/SNIPs#163, `SNIPS/snip-x.md`)"
#: What each SNIP's `requires` says, item by item, in the file's own words.
WRITTEN = {"SNIP-17": {"SNIP-2", "SNIP-5", "SNIP-6", "SNIP-64"}, "SNIP-64": {"SNIP-2", "SNIP-3"},
           "X": {"SNIP-5", "SNIP-6", "SNIP-9", "SNIP-12", SESSION}}  # fmt: skip


def test_starknet_snips(tmp_path: Path) -> None:
    root, document, config = init_then_check("starknet-snips", tmp_path)
    assert config["preset"] == "improvement-proposals" and config["aliases"]["id"] == ["snip"]
    assert config["ids"]["number-template"] == "SNIP-{}"
    assert document["summary"]["specs"] == 12 and document["summary"]["files_scanned"] == 13  # and SOURCE.md
    assert codes(document) == {"SG403": 3, "SG101": 1}
    # Real: `$DISCUSSION_LINK` and `$SNIP_ID` are the template's variables, never filled in, and `snip: X`
    # is the pluggable-signer draft still waiting for its number.
    assert where(document, "SG403") == [("SNIPS/snip-64.md", 5), ("SNIPS/snip-pluggable-signer.md", 2), ("SNIPS/snip-x.md", 2)]
    # Real: the Session Keys SNIP is named by title and PR, with its comma inside the parentheses: one dangling
    # reference, as written (it used to be two, each naming half of the text).
    messages = [f["message"] for f in document["findings"] if f["code"] == "SG101"]
    assert messages == [f"requires names '{SESSION}', which no spec has"]
    assert where(document, "SG101") == [("SNIPS/snip-pluggable-signer.md", 11)]


def test_starknet_snips_links_are_what_the_files_say(tmp_path: Path) -> None:
    root, _, _ = init_then_check("starknet-snips", tmp_path)
    run = run_cli("graph", root, "--format", "json")
    assert_no_traceback(run)
    edges: dict[str, set[str]] = {}
    for edge in json.loads(run.stdout)["edges"]:
        edges.setdefault(edge["source"], set()).add(edge["target"])
    assert edges == WRITTEN
    mermaid = run_cli("graph", root, "--format", "mermaid")
    assert_no_traceback(mermaid)
    assert mermaid.code == 0


def test_starknet_snips_report(tmp_path: Path) -> None:
    root, _, _ = init_then_check("starknet-snips", tmp_path)
    report = run_cli("report", root, "--date", "2026-12-01", "--limit", "0")
    assert_no_traceback(report)
    assert report.code == 1 and "11 blockers" in report.stdout
    top = report.stdout.split("## Progress")[0]
    # SNIP-1 is Living: never a blocker. SNIP-2, required by SNIP-17 and SNIP-64, comes first.
    assert "| SNIP-1 |" not in top and "| 1 | SNIP-2 |" in top
    # `authors:` (SNIP-6, SNIP-9, SNIP-12) is read as the author, as `author:` is elsewhere.
    assert "Argent Labs" in report.stdout


def test_the_pasted_snips_excerpt_is_real_output(tmp_path: Path) -> None:
    from tests.e2e.test_readiness_docs import test_the_pasted_excerpt_is_real_output

    test_the_pasted_excerpt_is_real_output("starknet-snips", tmp_path)
