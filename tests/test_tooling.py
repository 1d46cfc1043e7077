"""The code stays clean by the project's own tools: ruff (lint and format) and mypy.

Run by the README's test command, so CI fails on a lint error or a type error exactly as it
fails on a broken test. The package is type-checked with the strict settings of pyproject.toml,
the tests with the relaxed ones of its ``tests.*`` override. A cold mypy run takes the longest of
any test, so the session starts it in the background (tests/support/background.py) and the test
collects its result.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.support.background import JobResult, result

#: What ruff looks at: the package and every other Python folder of the repository.
PYTHON_FOLDERS = ["speckit_graph", "tests", "benchmarks", "fuzz"]


def ruff() -> str:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    return found


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_check_is_clean() -> None:
    done = run([ruff(), "check", "--no-cache", *PYTHON_FOLDERS])
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean() -> None:
    done = run([ruff(), "format", "--check", "--no-cache", *PYTHON_FOLDERS])
    assert done.returncode == 0, done.stdout + done.stderr


def mypy_job(scratch: Path) -> JobResult:
    """mypy on the package and the tests, with the settings of pyproject.toml (its cache: .mypy_cache)."""
    done = run([sys.executable, "-m", "mypy", "speckit_graph", "tests"])
    return JobResult(done.returncode, done.stdout, done.stderr)


def test_mypy_is_clean_on_the_package_and_the_tests(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    done = result("tests.test_tooling:mypy_job", tmp_path, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
