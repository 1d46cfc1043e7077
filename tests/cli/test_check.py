"""``speckit-graph check`` end to end, run in-process through the console-script entry point."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from speckit_graph.check.rules import all_rules
from tests.conftest import EXAMPLES, REPO_ROOT, assert_no_traceback, run_cli, spec_text

Repo = Callable[..., Path]
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDENS=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDENS"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDENS=1"
    assert actual == path.read_text(encoding="utf-8")


def test_clean_example_passes() -> None:
    run = run_cli("check", "examples/checkout", cwd=REPO_ROOT)
    assert run.code == 0, run.stdout
    assert run.stdout == "Checked 32 specs in 33 Markdown files (1 not specs): 0 errors, 0 warnings, 0 infos.\n"


def test_broken_example_triggers_every_rule_and_matches_golden() -> None:
    run = run_cli("check", "examples/broken", cwd=REPO_ROOT)
    assert_no_traceback(run)
    assert run.code == 1
    fired = {line.split(": ", 1)[1].split(" ", 1)[0] for line in run.stdout.splitlines() if ": SG" in line}
    # rules that judge git history (SG305) need `check --history` in a repository with history;
    # rules that judge code and tests (SG5xx) need [trace] (tests/trace plants every one of them)
    assert fired == {rule.code for rule in all_rules() if not rule.needs_history and not rule.needs_trace}
    golden("check-broken.txt", run.stdout)


def test_json_output_is_documented_shape_and_golden() -> None:
    run = run_cli("check", "examples/broken", "--format", "json", cwd=REPO_ROOT)
    assert run.code == 1
    document = json.loads(run.stdout)
    assert document["version"] == 1 and document["root"] == "examples/broken"
    assert document["summary"]["error"] == sum(f["severity"] == "error" for f in document["findings"])
    finding = next(f for f in document["findings"] if f["code"] == "SG201")
    assert set(finding) >= {"code", "rule", "severity", "message", "path", "line", "column", "spec", "cycle"}
    assert finding["cycle"][0] == finding["cycle"][-1]
    assert all("\\" not in (f["path"] or "") and not (f["path"] or "").startswith("/") for f in document["findings"])
    golden("check-broken.json", run.stdout)


def test_output_is_byte_identical_across_runs() -> None:
    first = run_cli("check", "examples/broken", "--format", "json", cwd=REPO_ROOT)
    second = run_cli("check", str(EXAMPLES / "broken"), "--format", "json", cwd=REPO_ROOT / "tests")
    assert first.stdout == second.stdout.replace(json.dumps(str(EXAMPLES / "broken")), '"examples/broken"')


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "SG4"], 1),
        (["--select", "SG2,SG3", "--ignore", "SG201,SG202,immature-dependency"], 0),
        (["--select", "orphan"], 0),
        (["--select", "orphan", "--fail-on", "warning"], 1),
        (["--select", "SG004"], 0),
        (["--select", "SG004", "--fail-on", "info"], 1),
        (["--ignore", "SG0,SG1,SG2,SG3,SG4,SG6"], 0),
    ],
)
def test_selection_and_threshold_decide_the_exit_code(args: list[str], expected: int) -> None:
    run = run_cli("check", "examples/broken", *args, cwd=REPO_ROOT)
    assert run.code == expected, run.stdout


def test_select_limits_output_to_those_rules() -> None:
    run = run_cli("check", "examples/broken", "--select", "SG201", "--select", "SG203", cwd=REPO_ROOT)
    codes = {line.split(": ", 1)[1].split(" ")[0] for line in run.stdout.splitlines() if ": SG" in line}
    assert codes == {"SG201", "SG203"}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--select", "SG999"], "'SG999' matches no rule"),
        (["--ignore", "no-such-rule"], "'no-such-rule' matches no rule"),
        (["does/not/exist"], "path does not exist"),
        (["--config", "missing.toml"], "file not found"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], fragment: str) -> None:
    run = run_cli("check", *(a if a != "does/not/exist" else a for a in args), cwd=REPO_ROOT)
    assert run.code == 2
    assert fragment in run.stderr
    assert_no_traceback(run)
    assert len(run.stderr.strip().splitlines()) == 1


def test_unknown_option_and_format_exit_2() -> None:
    assert run_cli("check", "--frobnicate").code == 2
    assert run_cli("check", "--format", "xml").code == 2


def test_bad_configuration_exits_2_listing_every_problem(repo: Repo) -> None:
    root = repo({".speckit-graph.toml": 'fail-on = "sometimes"\nunknown = 1\n', "a.md": spec_text(id="x")})
    run = run_cli("check", root)
    assert run.code == 2
    assert "fail-on" in run.stderr and "unknown: unknown key" in run.stderr
    assert_no_traceback(run)


def test_configuration_sets_the_threshold_and_rules(repo: Repo) -> None:
    files = {
        ".speckit-graph.toml": 'fail-on = "warning"\n[rules]\norphan = "error"\n',
        "a.md": spec_text(id="spec-a-001", title="A", type="user_story", status="draft"),
    }
    run = run_cli("check", repo(files))
    assert run.code == 1
    assert "SG203 [error]" in run.stdout


def test_output_file_and_plain_text_without_escapes(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    run = run_cli("check", "examples/broken", "--format", "json", "-o", out, cwd=REPO_ROOT)
    assert run.code == 1 and run.stdout == ""
    assert json.loads(out.read_text())["specs"] > 0
    text = run_cli("check", "examples/broken", cwd=REPO_ROOT).stdout
    assert "\x1b[" not in text


def test_terminal_escapes_in_spec_content_are_neutralised(repo: Repo) -> None:
    hostile = "spec-\x1b[31mred\x1b[0m-001"
    root = repo({"a.md": spec_text(id=hostile, title="t", type="user_story", status="draft")})
    run = run_cli("check", root)
    assert "\x1b" not in run.stdout
    assert "\\x1b[31mred" in run.stdout


def test_version_and_help() -> None:
    run = run_cli("--version")
    assert run.code == 0 and run.stdout.startswith("speckit-graph ")
    assert "check" in run_cli("--help").stdout


def test_python_api_applies_the_repository_configuration() -> None:
    import speckit_graph

    graph = speckit_graph.load_graph(EXAMPLES / "broken")
    via_api = speckit_graph.check_graph(graph)
    run = run_cli("check", "examples/broken", "--format", "json", cwd=REPO_ROOT)
    assert [f.fingerprint for f in via_api.findings] == [f["fingerprint"] for f in json.loads(run.stdout)["findings"]]
