"""Usage errors as the installed command prints them: one plain line, exit 2."""

from __future__ import annotations

import pytest

from tests.conftest import REPO_ROOT, assert_no_traceback, run_cli


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["check", "--fromat", "json", "examples/checkout"],
            "speckit-graph check: error: no such option --fromat; did you mean --format?",
        ),
        (
            ["graph", "--dept", "2", "examples/checkout"],
            "speckit-graph graph: error: no such option --dept; did you mean --depth?",
        ),
        (["chek", "examples/checkout"], "speckit-graph: error: no such command chek; did you mean check?"),
        (
            ["check", "--format", "xml", "examples/checkout"],
            "speckit-graph check: error: --format: 'xml' is not one of text, json, sarif, github, junit",
        ),
        (["order", "--jobs", "0", "examples/checkout"], "speckit-graph order: error: --jobs: must be at least 1, not 0"),
        (["graph", "--depth", "deep", "examples/checkout"], "speckit-graph graph: error: --depth: expects a whole number"),
        (["tree"], "speckit-graph tree: error: missing argument 'ID'"),
    ],
)
def test_usage_errors_are_one_plain_line(args: list[str], line: str) -> None:
    run = run_cli(*args, cwd=REPO_ROOT)
    assert_no_traceback(run)
    assert run.code == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith(line), run.stderr
    assert run.stdout == ""


def test_no_command_shows_the_overview_and_exits_2() -> None:
    run = run_cli(cwd=REPO_ROOT)
    assert run.code == 2 and "Commands" in run.stdout and "check" in run.stdout
