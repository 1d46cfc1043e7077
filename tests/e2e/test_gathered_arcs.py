"""Algorand ARCs (tests/fixtures/corpora/algorand-arcs): init, check, report, graph on a copy.

A style the other gathered corpora lack: `requires` written as numbers, as `ARC-4` and as a YAML
list, an `author` list, `Last Call` with its deadline keys, and a value YAML reads as a comment.
Accounting for every Markdown file is asserted for every gathered corpus in test_gathered_corpora.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cli
from tests.e2e.test_gathered_corpora import codes, init_then_check, where

#: What each ARC's `requires` says, in the file's own words, read as ARC numbers.
WRITTEN = {"ARC-0020": {"ARC-4", "ARC-22"}, "ARC-18": {"ARC-4"}, "ARC-22": {"ARC-4"}, "ARC-28": {"ARC-4"},
           "ARC-32": {"ARC-4", "ARC-21"}, "ARC-56": {"ARC-4", "ARC-22", "ARC-28"}}  # fmt: skip


def test_algorand_arcs(tmp_path: Path) -> None:
    root, document, config = init_then_check("algorand-arcs", tmp_path)
    assert config["preset"] == "improvement-proposals" and config["aliases"]["id"] == ["arc"]
    assert config["ids"]["number-template"] == "ARC-{}"
    assert document["summary"]["specs"] == 12 and document["summary"]["files_scanned"] == 13  # and SOURCE.md
    assert codes(document) == {"SG403": 2, "SG101": 1, "SG009": 1, "SG008": 1}
    # Real: `discussions-to: <URL>` is the template's text, left in ARC-18 and ARC-20.
    assert where(document, "SG403") == [("ARCs/arc-0018.md", 6), ("ARCs/arc-0020.md", 9)]
    # Real: ARC-32 requires ARC-21, which this copy does not hold.
    assert where(document, "SG101") == [("ARCs/arc-0032.md", 12)]
    # Real: `discussions-to: #arcs in Algorand Discord` is a YAML comment; the field is empty.
    assert where(document, "SG009") == [("ARCs/arc-0019.md", 6)]


def test_algorand_arcs_links_are_what_the_files_say(tmp_path: Path) -> None:
    root, _, _ = init_then_check("algorand-arcs", tmp_path)
    run = run_cli("graph", root, "--format", "json")
    assert_no_traceback(run)
    edges: dict[str, set[str]] = {}
    for edge in json.loads(run.stdout)["edges"]:
        edges.setdefault(edge["source"], set()).add(edge["target"])
    assert edges == WRITTEN  # `4, 21`, `ARC-4` and `- ARC-22` each name what they say
    mermaid = run_cli("graph", root, "--format", "mermaid")
    assert_no_traceback(mermaid)
    assert mermaid.code == 0 and 'm_ARC_21["missing<br/>ARC-21"]' in mermaid.stdout


def test_algorand_arcs_report(tmp_path: Path) -> None:
    root, _, _ = init_then_check("algorand-arcs", tmp_path)
    report = run_cli("report", root, "--date", "2026-12-01", "--limit", "0")
    assert_no_traceback(report)
    assert report.code == 1 and "10 blockers" in report.stdout and "2/12 live specs Final/Active/Living" in report.stdout
    top = report.stdout.split("## Progress")[0]
    # ARC-4 is in Last Call and six ARCs require it: first blocker; ARC-3 (Final) and ARC-69 (Living) never block.
    assert "| 1 | ARC-4 |" in top and "| ARC-3 |" not in top and "| ARC-69 |" not in top
    # `author:` as a YAML list is three names, not "not set".
    assert "Cosimo Bassi \\(@\u200bcusma\\), Adriano Di Luzio" in report.stdout
    # With no estimate anywhere the critical path is the longest chain, not ARC-0 alone.
    path = report.stdout.split("## Critical path")[1].split("##")[0]
    assert "1. **ARC-4**" in path and "2. **ARC-22**" in path and "3. **" in path


def test_the_pasted_arcs_excerpt_is_real_output(tmp_path: Path) -> None:
    from tests.e2e.test_readiness_docs import test_the_pasted_excerpt_is_real_output

    test_the_pasted_excerpt_is_real_output("algorand-arcs", tmp_path)
