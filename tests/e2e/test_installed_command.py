"""The installed ``speckit-graph`` program, each test in its own process, as users and CI run it.

Every other CLI test runs the command in-process (tests/support/cli.py) for speed; these few
prove that what pip installs behaves the same: the console script starts, exit codes reach
the shell, output reaches the pipes, and nothing waits for a standard input that is closed.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO_ROOT, assert_no_traceback, run_installed


def test_clean_repository_exits_0() -> None:
    run = run_installed("check", "examples/checkout", cwd=REPO_ROOT)
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    assert "Checked 32 specs" in run.stdout


def test_findings_exit_1_with_json_on_stdout() -> None:
    run = run_installed("check", EXAMPLES / "broken", "--format", "json")
    assert_no_traceback(run)
    assert run.code == 1, run.stderr
    document = json.loads(run.stdout)
    assert document["summary"]["error"] > 0 and {"SG101", "SG201"} <= {f["code"] for f in document["findings"]}


def test_bad_option_exits_2_in_one_line_without_traceback() -> None:
    run = run_installed("check", "--frobnicate")
    assert_no_traceback(run)
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.startswith("speckit-graph check: error: ") and len(run.stderr.strip().splitlines()) == 1


def test_missing_folder_exits_2() -> None:
    run = run_installed("check", "no/such/folder", cwd=REPO_ROOT)
    assert_no_traceback(run)
    assert run.code == 2 and "speckit-graph: error:" in run.stderr


@pytest.mark.skipif(
    shutil.which("dot") is None and shutil.which("graphviz-pure") is None,
    reason="no Graphviz renderer (apt-get install graphviz, or pip install 'speckit-graph[svg]')",
)
def test_graph_writes_an_svg_file(tmp_path: Path) -> None:
    out = tmp_path / "checkout.svg"
    run = run_installed("graph", EXAMPLES / "checkout", "-o", out)
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    root = ET.fromstring(out.read_bytes())
    titles = {element.text for element in root.iter("{http://www.w3.org/2000/svg}title")}
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and "spec-epic-checkout-001" in titles


def test_closed_stdin_changes_nothing(tmp_path: Path) -> None:
    """CI runs with no standard input at all: the command must not read, wait on or trip over it."""
    closed = run_installed("check", EXAMPLES / "broken", closed_stdin=True)
    devnull = run_installed("check", EXAMPLES / "broken")
    assert closed.code == devnull.code == 1
    assert closed.stdout == devnull.stdout and closed.stderr == devnull.stderr == ""


def test_version_and_help() -> None:
    version = run_installed("--version")
    assert version.code == 0 and version.stdout.startswith("speckit-graph ")
    bare = run_installed()  # no command: the help, and the exit code of a usage error
    assert bare.code == 2 and "Usage: speckit-graph" in bare.stdout + bare.stderr
    assert_no_traceback(bare)
