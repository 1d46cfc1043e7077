"""Baselines: record findings, report only new ones, and say what no longer occurs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from speckit_graph.check.baseline import Baseline, apply_baseline, dump_baseline, parse_baseline
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult, Finding, Severity
from tests.conftest import Run, run_cli

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"


def run(*args: str) -> Run:
    """Run the command in-process (tests/support/cli.py)."""
    return run_cli(*args)


def write_spec(root: Path, relpath: str, comment_lines: int = 0, **fields: Any) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    padding = "# padding\n" * comment_lines
    path.write_text(f"---\n{padding}{yaml.safe_dump(fields, sort_keys=False)}---\n", encoding="utf-8")


def story(spec_id: str, **changes: Any) -> dict[str, Any]:
    fields = {"id": spec_id, "title": spec_id, "type": "user_story", "status": "draft", "parent": "spec-epic-001"}
    fields.update(changes)
    return fields


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "specs"
    write_spec(root, "epic.md", id="spec-epic-001", title="Epic", type="epic", status="draft")
    write_spec(root, "a.md", **story("spec-a-001", dependencies=["spec-gone-001"]))
    write_spec(root, "b.md", **story("spec-b-001", parent="spec-nowhere-001"))
    return root


def findings_of(done: Run) -> list[dict[str, Any]]:
    return list(json.loads(done.stdout)["findings"])


def test_write_then_read_hides_everything(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    written = run("check", str(repo), "--write-baseline", str(baseline), "--format", "json")
    assert written.returncode == 0, "writing a baseline accepts today's findings"
    assert f"wrote 2 findings to baseline {baseline}" in written.stderr
    assert len(findings_of(written)) == 2  # the report still shows them
    document = json.loads(baseline.read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["tool"] == "speckit-graph"
    assert list(document["findings"]) == sorted(document["findings"])
    assert all("line" not in entry and entry["count"] == 1 for entry in document["findings"].values())
    assert {e["code"] for e in document["findings"].values()} == {"SG101"}

    again = run("check", str(repo), "--baseline", str(baseline), "--format", "json")
    assert again.returncode == 0 and findings_of(again) == []
    summary = json.loads(again.stdout)["summary"]
    assert summary["baselined"] == 2 and summary["baseline_stale"] == 0
    assert "2 known findings hidden, 0 entries no longer occur" in again.stderr


def test_new_findings_fail_and_fixed_ones_shrink(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    run("check", str(repo), "--write-baseline", str(baseline))
    write_spec(repo, "b.md", **story("spec-b-001"))  # fixed
    write_spec(repo, "c.md", **story("spec-c-001", dependencies=["spec-new-001"]))  # new
    done = run("check", str(repo), "--baseline", str(baseline))
    assert done.returncode == 1
    assert "c.md:" in done.stdout and "spec-new-001" in done.stdout and "spec-gone-001" not in done.stdout
    assert "1 entry no longer occurs (shrink it with --write-baseline" in done.stderr
    assert done.stdout.rstrip().endswith("1 baselined.")
    # Shrinking: rewriting records only what still occurs.
    run("check", str(repo), "--write-baseline", str(baseline))
    codes = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert sorted(e["spec"] for e in codes.values()) == ["spec-a-001", "spec-c-001"]


def test_matching_survives_moved_lines_and_files(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    run("check", str(repo), "--write-baseline", str(baseline))
    (repo / "a.md").unlink()
    write_spec(repo, "moved/elsewhere.md", comment_lines=7, **story("spec-a-001", dependencies=["spec-gone-001"]))
    done = run("check", str(repo), "--baseline", str(baseline), "--format", "json")
    assert done.returncode == 0 and findings_of(done) == [], done.stdout


def test_baseline_file_is_deterministic(repo: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    run("check", str(repo), "--write-baseline", str(first))
    run("check", str(repo), "--write-baseline", str(second))
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "baseline file not found"),
        ("{", "is not a speckit-graph baseline: invalid JSON at line 1"),
        ("[]", 'expected an object with "version" and "findings"'),
        ('{"version": 2, "findings": {}}', "version 2; this speckit-graph reads version 1"),
        ('{"version": 1, "findings": []}', '"findings" must be an object'),
        ('{"version": 1, "findings": {"abc": {"count": 0}}}', "positive integer count"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_missing_or_corrupt_baseline_is_a_one_line_error(
    repo: Path, tmp_path: Path, content: str | bytes | None, expected: str
) -> None:
    baseline = tmp_path / "baseline.json"
    if isinstance(content, bytes):
        baseline.write_bytes(content)
    elif content is not None:
        baseline.write_text(content, encoding="utf-8")
    done = run("check", str(repo), "--baseline", str(baseline))
    assert done.returncode == 2
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("speckit-graph: error: ") and expected in done.stderr


def test_unwritable_baseline_is_exit_2(repo: Path, tmp_path: Path) -> None:
    done = run("check", str(repo), "--write-baseline", str(tmp_path / "no-such-dir" / "b.json"))
    assert done.returncode == 2 and "cannot write baseline" in done.stderr and "Traceback" not in done.stderr


def test_baseline_and_diff_base_do_not_combine(repo: Path, tmp_path: Path) -> None:
    done = run("check", str(repo), "--baseline", "x.json", "--diff-base", "HEAD")
    assert done.returncode == 2 and "cannot be combined" in done.stderr


def test_broken_example_round_trip(tmp_path: Path) -> None:
    repo = tmp_path / "broken"
    shutil.copytree(EXAMPLES / "broken", repo)
    baseline = tmp_path / "b.json"
    assert run("check", str(repo), "--write-baseline", str(baseline)).returncode == 0
    done = run("check", str(repo), "--baseline", str(baseline), "--fail-on", "info")
    assert done.returncode == 0, done.stdout


def finding(code: str, spec: str, fingerprint: str) -> Finding:
    return Finding(code, "rule", Severity.ERROR, "m", "p.md", 1, None, spec, (), fingerprint)


def test_multiplicity_is_respected() -> None:
    twice = (finding("SG401", "s", "aaa"), finding("SG401", "s", "aaa"))
    known = parse_baseline(dump_baseline(twice[:1]), "b.json")
    assert known.counts == {"aaa": 1} and len(known) == 1
    result = apply_baseline(CheckResult(twice, 1, 1, 0), known)
    assert len(result.findings) == 1 and result.baselined == 1 and result.baseline_stale == 0
    stale = apply_baseline(CheckResult((), 1, 1, 0), Baseline.of(twice))
    assert stale.baseline_stale == 2


def test_parse_errors_name_the_file() -> None:
    with pytest.raises(UsageError, match="^old.json is not a speckit-graph baseline"):
        parse_baseline('{"findings": {}}', "old.json")
