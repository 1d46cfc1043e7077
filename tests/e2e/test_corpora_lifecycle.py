"""``report`` on the real repositories follows their own lifecycles (issue 13).

Improvement proposals: Final/Living specs are done, not blockers; Backlog.md has no
approvers field, so no "names no approvers" reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import assert_no_traceback, run_cli
from tests.e2e.test_real_repositories import corpus_copy


def init_then_report(name: str, tmp_path: Path) -> dict[str, Any]:
    root = corpus_copy(name, tmp_path)
    init = run_cli("init", root)
    assert init.code == 0, init.stderr
    run = run_cli("report", root, "--format", "json", "--date", "2026-12-01")
    assert_no_traceback(run)
    assert run.code == 1, run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


def reasons(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(b["id"], r["kind"], r["message"]) for b in document["blockers"] for r in b["reasons"]]


def statuses(document: dict[str, Any]) -> dict[str, str | None]:
    return {row["id"]: row["status"] for row in document["specs"]}


def test_filecoin_fips_final_specs_are_done(tmp_path: Path) -> None:
    document = init_then_report("filecoin-fips", tmp_path)
    assert document["target"] == "Final/Active/Living"
    status = statuses(document)
    blockers = {b["id"] for b in document["blockers"]}
    # A Final spec blocks only through an error of check (a dangling link), never by its status.
    done_reasons = {kind for spec, kind, _ in reasons(document) if status[spec] in ("Final", "Active", "Living")}
    assert done_reasons <= {"finding"}
    assert len(blockers) == 32  # was 100, 71 of them "is Final, needs Living"; 6 Final ones have errors (SG101, SG403)
    assert not [r for r in reasons(document) if r[1] == "no-approvers"]
    assert "FIP-0047" in document["deprecated"]  # "Superseded by FIP-0067": redirected, listed apart


def test_aptos_aips_final_specs_are_done(tmp_path: Path) -> None:
    document = init_then_report("aptos-aips", tmp_path)
    status = statuses(document)
    assert not {kind for spec, kind, _ in reasons(document) if status[spec] in ("Final", "Active", "Living")} - {"finding"}
    assert not [r for r in reasons(document) if r[1] == "no-approvers"]
    assert document["progress"]["reached"] == sum(1 for s in status.values() if s in ("Final", "Active", "Living"))


def test_backlog_md_names_no_missing_approvers(tmp_path: Path) -> None:
    document = init_then_report("backlog-md", tmp_path)
    assert not [r for r in reasons(document) if "approvers" in r[2]]
    assert len(document["blockers"]) == 125  # was 651: 547 of them "is Done but names no approvers"
