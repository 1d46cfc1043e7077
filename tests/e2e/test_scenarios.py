"""Scenario folders: a small spec tree, the command to run, and the exact expected output.

Each ``scenarios/NN_name/`` holds ``specs/`` (plus an optional config), ``command`` (``args:``
and ``exit:`` lines) and ``expected.txt``. UPDATE_GOLDENS=1 rewrites the expected output.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from tests.conftest import assert_no_traceback, run_cli

SCENARIOS = Path(__file__).parent / "scenarios"


def read_command(folder: Path) -> tuple[list[str], int]:
    lines = dict(line.split(": ", 1) for line in (folder / "command").read_text().splitlines() if line.strip())
    return shlex.split(lines["args"]), int(lines["exit"])


@pytest.mark.parametrize("folder", sorted(p for p in SCENARIOS.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_scenario(folder: Path) -> None:
    args, expected_exit = read_command(folder)
    run = run_cli(*args, cwd=folder)
    assert_no_traceback(run)
    assert run.code == expected_exit, run.stdout + run.stderr
    expected = folder / "expected.txt"
    if os.environ.get("UPDATE_GOLDENS"):
        expected.write_text(run.stdout, encoding="utf-8")
    assert run.stdout == expected.read_text(encoding="utf-8")
