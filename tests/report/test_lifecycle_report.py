"""``report``, ``order`` and ``check`` follow the repository's lifecycle, not SpeckIt's."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cli

DATE = ("--date", "2026-01-01")


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


def proposals(root: Path) -> Path:
    """Improvement proposals: Final and Living are done, one moved, one superseded, one draft."""
    write(
        root,
        ".speckit-graph.toml",
        'preset = "improvement-proposals"\n[aliases]\nid = ["fip"]\n[ids]\nnumber-template = "FIP-{:04d}"\n',
    )
    write(root, "fip-1.md", "---\nfip: 1\ntitle: Base\nstatus: Final\n---\n")
    write(root, "fip-2.md", "---\nfip: 2\ntitle: Process\nstatus: Living\n---\n")
    write(root, "fip-3.md", "---\nfip: 3\ntitle: Old\nstatus: Superseded by FIP-0001\n---\n")
    write(root, "fip-4.md", "---\nfip: 4\ntitle: Elsewhere\nstatus: Moved\n---\n")
    write(root, "fip-5.md", "---\nfip: 5\ntitle: Built on\nstatus: Final\nrequires: [1, 4]\n---\n")
    write(root, "fip-6.md", "---\nfip: 6\ntitle: Next\nstatus: Draft\nrequires: [3]\n---\n")
    return root


def report(root: Path) -> dict:
    run = run_cli("report", root, "--format", "json", *DATE)
    assert_no_traceback(run)
    assert run.code in (0, 1), run.stderr
    return json.loads(run.stdout)


def test_done_specs_are_not_blockers_and_the_target_is_the_done_set(tmp_path: Path) -> None:
    document = report(proposals(tmp_path))
    assert document["target"] == "Final/Active/Living"
    blockers = {b["id"]: b for b in document["blockers"]}
    assert "FIP-0001" not in blockers and "FIP-0002" not in blockers
    assert "FIP-0005" not in blockers  # Final work that named a since-moved proposal is history
    assert set(blockers) == {"FIP-0006"}
    assert document["progress"]["reached"] == 3


def test_a_dependency_on_a_superseded_spec_is_its_own_reason(tmp_path: Path) -> None:
    document = report(proposals(tmp_path))
    (blocker,) = document["blockers"]
    kinds = {r["kind"]: r["message"] for r in blocker["reasons"]}
    assert kinds["redirected-dependency"] == "depends on FIP-0003, which was moved or superseded (Superseded by FIP-0001)"
    assert "deprecated-dependency" not in kinds
    assert set(document["deprecated"]) == {"FIP-0003", "FIP-0004"}  # terminal specs are listed apart


def test_check_agrees_with_report_on_redirected_dependencies(tmp_path: Path) -> None:
    run = run_cli("check", proposals(tmp_path), "--format", "json", "--select", "SG30")
    assert_no_traceback(run)
    messages = [f["message"] for f in json.loads(run.stdout)["findings"]]
    assert messages == ["'FIP-0006' depends on 'FIP-0003', which was moved or superseded (Superseded by FIP-0001)"]


def test_no_approvers_reason_only_where_check_runs_sg304(tmp_path: Path) -> None:
    write(tmp_path, ".speckit-graph.toml", 'preset = "backlog-md"\n')
    write(tmp_path, "task-1.md", "---\nid: task-1\ntitle: One\nstatus: Done\n---\n")
    write(tmp_path, "task-2.md", "---\nid: task-2\ntitle: Two\nstatus: To Do\n---\n")
    document = report(tmp_path)
    messages = [r["message"] for b in document["blockers"] for r in b["reasons"]]
    assert messages == ["is To Do, needs Done/accepted"]
    check = run_cli("check", tmp_path, "--format", "json", "--select", "SG304")
    assert json.loads(check.stdout)["findings"] == []


def test_speckit_default_still_asks_for_approvers(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\nid: A\ntitle: A\ntype: epic\nstatus: implemented\n---\n")
    messages = [r["message"] for b in report(tmp_path)["blockers"] for r in b["reasons"]]
    assert messages == ["is implemented but names no approvers"]


def test_no_status_field_means_no_lifecycle_one_line_exit_2(tmp_path: Path) -> None:
    write(tmp_path, ".speckit-graph.toml", 'preset = "requiem"\n')
    (tmp_path / "USR").mkdir()
    (tmp_path / "USR" / "REQ").mkdir()
    write(tmp_path / "USR" / "REQ", "001.md", "---\n_version: '1'\n---\n# One\n")
    for command in ("report", "order"):
        run = run_cli(command, tmp_path)
        assert_no_traceback(run)
        assert run.code == 2
        assert "unknown target status" not in run.stderr
        assert "no lifecycle" in run.stderr and "'status' field" in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
