"""Tracing without ``[trace]``: ``matrix`` and ``graph --with-code`` read the repository's usual code and test folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.trace.defaults import default_trace, describe
from speckit_graph.usecases.check import CheckRequest, run_check
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.diagram import GraphRequest, ViewOptions, run_graph
from speckit_graph.usecases.matrix import MatrixRequest, run_matrix
from tests.trace.planted import spec_text


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _repository(root: Path) -> Path:
    """A repository without configuration: specs/, src/ (with a Go test beside the code), tests/ and JUnit results."""
    (root / ".git").mkdir()
    return _write(
        root,
        {
            "specs/epic.md": spec_text("REQ-0001", "Root", "implemented"),
            "specs/login.md": spec_text("REQ-0002", "Login", "implemented", "REQ-0001"),
            "specs/logout.md": spec_text("REQ-0003", "Logout", "approved", "REQ-0001"),
            "src/app/login.py": "def login():  # Implements: REQ-0002\n    return 1\n",
            "src/app/logo.png": "# Implements: REQ-0003 (not source: never read)\n",
            "src/server/login_test.go": "// Verifies: REQ-0002\npackage server\n",
            "tests/test_login.py": '"""Verifies: REQ-0001"""\n',
            "node_modules/dep/index.js": "// Implements: REQ-0003\n",
            "test-results/junit.xml": '<testsuite><testcase name="test_logout[REQ-0003]"/></testsuite>\n',
        },
    )


def test_the_globs_name_the_folders_and_source_extensions_present(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    _write(root, {"mypkg/__init__.py": "", "mypkg/core.py": "# code\n", "lib/util.ts": "// code\n"})
    settings = default_trace(root)
    assert settings.code == ("src/**/*.go", "src/**/*.py", "lib/**/*.ts", "mypkg/**/*.py")
    assert settings.tests == ("tests/**/*.py", "**/*_test.go")  # a test file inside src/ is a test
    assert settings.results == ("test-results/**/*.xml",)
    assert describe(settings).startswith('code = ["src/**/*.go", "src/**/*.py", "lib/**/*.ts", "mypkg/**/*.py"]; tests = [')


def test_matrix_without_configuration_traces_the_usual_folders(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    outcome = run_matrix(MatrixRequest(LoadOptions(path=root / "specs", jobs=1)))
    rows = {row.id: row for row in outcome.matrix.rows}
    assert [f.path for f in rows["REQ-0002"].code] == ["../src/app/login.py"]
    assert [f.path for f in rows["REQ-0002"].tests] == ["../src/server/login_test.go"]
    assert [f.path for f in rows["REQ-0001"].tests] == ["../tests/test_login.py"]
    assert rows["REQ-0003"].code == () and rows["REQ-0003"].result == "passed"  # not the png, not node_modules
    assert any(note.startswith("trace: no [trace] in the configuration; read the usual folders of") for note in outcome.notes)


def test_with_code_without_configuration_draws_the_files(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    outcome = run_graph(GraphRequest(LoadOptions(path=root / "specs", jobs=1), ViewOptions(with_code=True)))
    assert outcome.graph.trace is not None
    assert {m.path for m in outcome.graph.trace.mentions} >= {"../src/app/login.py", "../tests/test_login.py"}


def test_check_stays_untraced_without_configuration(tmp_path: Path) -> None:
    """Rules must not start firing on an upgrade: SG5xx runs only when [trace] is configured."""
    root = _repository(tmp_path)
    outcome = run_check(CheckRequest(LoadOptions(path=root / "specs", jobs=1, cache_dir=None)))
    assert not [f for f in outcome.result.findings if f.code.startswith("SG5")]


def test_nothing_to_trace_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path, {"specs/epic.md": spec_text("REQ-0001", "Root", "implemented"), "docs/notes.md": "# notes\n"})
    with pytest.raises(UsageError, match=r"nothing to trace: no \[trace\] section.*none of the usual code or test folders"):
        run_matrix(MatrixRequest(LoadOptions(path=tmp_path / "specs", jobs=1)))
