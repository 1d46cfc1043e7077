"""GitHub Actions output: workflow commands escaped as the runner expects, and the job summary."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from speckit_graph.core.findings import CheckResult, Finding, Severity
from speckit_graph.render.escape import github_data, github_property
from speckit_graph.render.findings.github import SUMMARY_ROWS, annotation, step_summary
from tests.conftest import Run, run_cli

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
HOSTILE = "50% done: a, b\r\nc\n::error::forged%0A,x=1\x1b[31m"
COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def run(*args: str, cwd: Path | None = None, env: dict[str, str | None] | None = None) -> Run:
    """The command in-process; ``env`` adds to the environment (None removes a variable)."""
    return run_cli(*args, cwd=cwd, env=env)


def runner_unescape_data(text: str) -> str:
    """What the Actions runner does to a command's message (ActionCommand.Unescape)."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def runner_unescape_property(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {k: runner_unescape_property(v) for k, v in properties.items()}, runner_unescape_data(match.group(3))


def make_finding(message: str = HOSTILE, path: str | None = "dir, x/a:b%.md", **changes: Any) -> Finding:
    values: dict[str, Any] = dict(
        code="SG101", rule="dangling-reference", severity=Severity.ERROR, message=message, path=path,
        line=3, column=7, spec="spec-a-001", related=(), fingerprint="f" * 20,
    )  # fmt: skip
    values.update(changes)
    return Finding(**values)


def write_spec(root: Path, relpath: str, **fields: Any) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)}---\n", encoding="utf-8")


@pytest.mark.parametrize("text", ["plain", "100%", "a\nb", "a\r\nb", "%0A literal", "a:b,c", "::error::x", "%25%3A"])
def test_escaping_round_trips_through_the_runner(text: str) -> None:
    assert runner_unescape_data(github_data(text)) == text
    assert runner_unescape_property(github_property(text)) == text
    for escaped in (github_data(text), github_property(text)):
        assert "\n" not in escaped and "\r" not in escaped
    assert ":" not in github_property(text) and "," not in github_property(text)


def test_control_characters_cannot_recolour_the_log() -> None:
    assert "\x1b" not in github_data("red \x1b[31m alert \u202e") and "\\x1b" in github_data("\x1b")


def test_hostile_annotation_stays_one_command() -> None:
    line = annotation(make_finding(), "specs")
    assert "\n" not in line and "\r" not in line
    command, properties, message = parse(line)
    assert command == "error"
    assert properties == {"file": "specs/dir, x/a:b%.md", "line": "3", "col": "7", "title": "SG101 dangling-reference"}
    assert message == HOSTILE.replace("\x1b", "\\x1b")


@pytest.mark.parametrize(
    ("severity", "command"), [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")]
)
def test_severity_mapping(severity: Severity, command: str) -> None:
    assert parse(annotation(make_finding("m", severity=severity), ""))[0] == command


def test_unknown_positions_are_left_out() -> None:
    assert parse(annotation(make_finding("m", column=None), ""))[1].keys() == {"file", "line", "title"}
    assert parse(annotation(make_finding("m", line=None), ""))[1].keys() == {"file", "title"}
    assert parse(annotation(make_finding("m", path=None), ""))[1].keys() == {"title"}


def test_end_to_end_with_hostile_specs(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_spec(repo, "dir, x/a:b%.md", id="spec-a-001", title="A", type="epic", status="draft",
               dependencies=["spec-b-001\n::warning::forged,50%", "spec-c:001, d"])  # fmt: skip
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n", encoding="utf-8")
    env: dict[str, str | None] = {"GITHUB_STEP_SUMMARY": str(summary)}
    done = run("check", "repo", "--format", "github", cwd=tmp_path, env=env)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    commands = [parse(line) for line in lines if line.startswith("::")]
    assert len(commands) == 2 and len(lines) == 3 and lines[-1].startswith("Checked 1 spec")
    assert {c[1]["file"] for c in commands} == {"repo/dir, x/a:b%.md"}
    assert any("'spec-b-001\n::warning::forged,50%'" in message for _, _, message in commands)
    assert any("'spec-c:001, d'" in message for _, _, message in commands)
    # The job summary is appended, never overwrites earlier steps, and escapes user text.
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("previous step\n### speckit-graph check")
    assert ":x: **failed**" in text and "2 errors" in text
    rows = [row for row in text.splitlines() if row.startswith("| error")]
    assert len(rows) == 2 and all(row.count(" | ") == 3 for row in rows)
    assert "spec-b-001 ::warning::forged" in text  # the newline became a space (the summary is no workflow command)


def test_no_summary_file_outside_actions(tmp_path: Path) -> None:
    env: dict[str, str | None] = {"GITHUB_STEP_SUMMARY": None}
    done = run("check", str(EXAMPLES / "checkout"), "--format", "github", cwd=tmp_path, env=env)
    assert done.returncode == 0 and done.stdout.startswith("Checked 32 specs")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_summary_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    env: dict[str, str | None] = {"GITHUB_STEP_SUMMARY": str(tmp_path / "missing-dir" / "summary.md")}
    done = run("check", str(EXAMPLES / "broken"), "--format", "github", env=env)
    assert done.returncode == 1
    assert "warning: cannot write the job summary" in done.stderr and "Traceback" not in done.stderr


def test_step_summary_is_short_and_worst_first() -> None:
    findings = tuple(
        make_finding(f"message {i}", severity=Severity.INFO if i % 2 else Severity.ERROR, path=f"f{i:03}.md")
        for i in range(SUMMARY_ROWS + 10)
    )
    result = CheckResult(findings=findings, specs=3, files_scanned=4, files_skipped=0, suppressed=2, baselined=5)
    text = step_summary(result, "", Severity.WARNING)
    rows = [row for row in text.splitlines() if row.startswith("| error") or row.startswith("| info")]
    assert len(rows) == SUMMARY_ROWS
    assert rows[0].startswith("| error") and rows[-1].startswith("| info")
    assert f"{SUMMARY_ROWS} of {SUMMARY_ROWS + 10} findings shown" in text
    assert "2 suppressed" in text and "5 already known" in text
    clean = CheckResult(findings=(), specs=3, files_scanned=4, files_skipped=0)
    assert ":white_check_mark: **passed**" in step_summary(clean, "", Severity.ERROR)
