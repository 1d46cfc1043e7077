"""``report``, ``order`` and ``impact`` end to end, run in-process through the console-script entry point."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from speckit_graph.render.report.render_json import schema
from tests.conftest import EXAMPLES, REPO_ROOT, assert_no_traceback, run_cli

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
EDGE = "tests/report_fixtures/edge"
DATE = ("--date", "2024-03-15")


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDENS=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDENS"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDENS=1"
    assert actual == path.read_text(encoding="utf-8")


# -- report ---------------------------------------------------------------------------------


def test_not_ready_release_exits_1_and_matches_the_golden_markdown() -> None:
    run = run_cli("report", "examples/checkout", "--tag", "release-2.1", *DATE, cwd=REPO_ROOT)
    assert_no_traceback(run)
    assert run.code == 1, run.stderr
    assert run.stdout.startswith("# \u274c NOT READY: tag release-2.1\n")
    golden("report-checkout-release-2.1.md", run.stdout)


def test_whole_repository_markdown_golden() -> None:
    run = run_cli("report", "examples/checkout", *DATE, cwd=REPO_ROOT)
    assert run.code == 1
    golden("report-checkout.md", run.stdout)


def test_ready_scope_exits_0() -> None:
    run = run_cli("report", "examples/checkout", "--root", "spec-epic-order-confirmation-001", *DATE, cwd=REPO_ROOT)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("# \u2705 READY: root spec-epic-order-confirmation-001\n")
    assert "spec-ui-legacy-receipt-page-001" in run.stdout.split("## Deprecated specs in scope", 1)[1]


def test_release_from_configuration_and_target_override() -> None:
    assert run_cli("report", EDGE, "--release", "done", *DATE, cwd=REPO_ROOT).code == 0
    run = run_cli("report", EDGE, "--release", "done", "--target", "implemented", "-f", "json", *DATE, cwd=REPO_ROOT)
    assert run.code == 1
    document = json.loads(run.stdout)
    assert document["target"] == "implemented" and [b["id"] for b in document["blockers"]] == ["spec-story-done-001"]


def test_json_report_is_valid_deterministic_and_written_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    run = run_cli("report", "examples/checkout", "--tag", "release-2.1", "-f", "json", "-o", out, *DATE, cwd=REPO_ROOT)
    assert run.code == 1 and run.stdout == ""
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema("report"), format_checker=jsonschema.FormatChecker())
    assert document["verdict"] == "NOT READY" and document["scope"]["by_reason"] == {"dependency": 3, "tag": 13}
    again = run_cli("report", "examples/checkout", "--tag", "release-2.1", "-f", "json", *DATE, cwd=REPO_ROOT)
    assert again.stdout == out.read_text(encoding="utf-8")
    golden("report-checkout-release-2.1.json", again.stdout)


def test_source_date_epoch_sets_the_date() -> None:
    run = run_cli("report", "examples/checkout", "-f", "json", cwd=REPO_ROOT, env={"SOURCE_DATE_EPOCH": "1710460800"})
    assert json.loads(run.stdout)["date"] == "2024-03-15"


def test_html_report_is_one_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    run = run_cli("report", EDGE, "--release", "r1", "-f", "html", "-o", out, *DATE, cwd=REPO_ROOT)
    assert run.code == 1, run.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html
    again = run_cli("report", EDGE, "--release", "r1", "-f", "html", "-o", out, *DATE, cwd=REPO_ROOT)
    assert again.code == 1 and out.read_text(encoding="utf-8") == html  # same repository, same bytes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--release", "nope"), "unknown release 'nope' in "),
        (("--root", "spec-epic-shop"), "--root: no spec has the id 'spec-epic-shop'; did you mean 'spec-epic-shop-001'"),
        (("--tag", "r3"), "no spec carries the tag 'r3'"),
        (("--target", "shipped"), "unknown target status 'shipped'"),
        (("--date", "15/03/2024"), "invalid --date '15/03/2024' (expected YYYY-MM-DD)"),
        (("--format", "pdf"), "--format: 'pdf' is not one of md, html, json"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    run = run_cli("report", EDGE, *args, cwd=REPO_ROOT)
    assert_no_traceback(run)
    assert run.code == 2 and message in run.stderr, run.stderr
    assert run.stdout == ""


def test_invalid_release_configuration_exits_2(tmp_path: Path) -> None:
    (tmp_path / ".speckit-graph.toml").write_text('[releases.x]\nroots = "a"\ntarget = 3\n[releases.y]\n')
    run = run_cli("report", tmp_path)
    assert run.code == 2
    assert "releases.x.target: expected a string" in run.stderr and "releases.y: needs a non-empty" in run.stderr


def test_missing_path_exits_2() -> None:
    run = run_cli("report", "no/such/folder", cwd=REPO_ROOT)
    assert run.code == 2 and "path does not exist" in run.stderr


# -- order ----------------------------------------------------------------------------------


def test_order_markdown_golden_and_exit_0() -> None:
    run = run_cli("order", "examples/checkout", "--format", "md", cwd=REPO_ROOT)
    assert run.code == 0, run.stderr
    golden("order-checkout.md", run.stdout)


def test_order_text_lists_cycles_apart_and_exits_1() -> None:
    run = run_cli("order", EDGE, "--release", "r2", cwd=REPO_ROOT)
    assert run.code == 1
    assert (
        "Dependency cycles (cannot be ordered until broken):\n  spec-story-a-001 -> spec-story-b-001 -> spec-story-a-001"
        in run.stdout
    )
    assert "Waiting on a cycle:\n  spec-story-c-001" in run.stdout
    golden("order-edge-r2.txt", run.stdout)


def test_order_json_is_valid() -> None:
    run = run_cli("order", "examples/checkout", "--tag", "release-2.1", "-f", "json", cwd=REPO_ROOT)
    document = json.loads(run.stdout)
    jsonschema.validate(document, schema("order"))
    assert [len(w["specs"]) for w in document["waves"]] == [4, 6, 2, 1]


# -- impact ---------------------------------------------------------------------------------


def test_impact_text_and_json() -> None:
    run = run_cli("impact", "spec-data-payment-001", "examples/checkout", cwd=REPO_ROOT)
    assert run.code == 0, run.stderr
    golden("impact-checkout-payment.txt", run.stdout)
    run = run_cli("impact", "spec-data-payment-001", "examples/checkout", "-f", "json", cwd=REPO_ROOT)
    document = json.loads(run.stdout)
    jsonschema.validate(document, schema("impact"))
    assert document["summary"] == {"affected": 10, "max_distance": 3, "by_relation": {"depends_on": 9, "parent": 1}}


def test_impact_of_an_unknown_id_exits_2() -> None:
    run = run_cli("impact", "spec-data-paymnt-001", str(EXAMPLES / "checkout"))
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.startswith(
        "speckit-graph: error: no spec has the id 'spec-data-paymnt-001'; did you mean 'spec-data-payment-001'"
    )
    assert run.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["report", "order"])
def test_a_folder_without_specs_is_an_error_not_a_pass(tmp_path: Path, command: str) -> None:
    (tmp_path / "notes.md").write_text("# Just notes\n", encoding="utf-8")
    run = run_cli(command, tmp_path)
    assert run.code == 2 and "no specs found under" in run.stderr and run.stdout == ""


def test_impact_as_a_diagram() -> None:
    run = run_cli("impact", "spec-service-core-001", EDGE, "--format", "mermaid", cwd=REPO_ROOT)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith(("flowchart", "---", "%%"))
    for spec_id in ("spec-service-core-001", "spec-feature-pay-001", "spec-story-pipe-001", "spec-story-xss-001"):
        assert spec_id.replace("-", "_") in run.stdout or spec_id in run.stdout
    assert "spec-epic-shop-001" not in run.stdout  # not affected
    dot = run_cli("impact", "spec-service-core-001", EDGE, "--format", "dot", cwd=REPO_ROOT)
    assert dot.code == 0 and dot.stdout.lstrip().startswith(("digraph", "strict digraph", "//"))
    assert "spec-story-xss-001" in dot.stdout and "spec-epic-shop-001" not in dot.stdout
