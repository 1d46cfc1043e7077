"""Every command over the bad-input corpus: no traceback, documented exit codes, a finding per bad file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import assert_no_traceback, run_cli, speckit_graph_command
from tests.hostile.corpus import build, build_empty_files
from tests.support.sarif import sarif_errors
from tests.support.scratch import in_memory_folder

TERMINAL_UNSAFE = ("\x1b", "\u202e", "\u202c", "\x00", "\x07")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[str]]]:
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    root.mkdir()
    return root, build(root)


def test_check_reports_every_bad_file_and_nothing_else(corpus: tuple[Path, dict[str, set[str]]]) -> None:
    root, expected = corpus
    run = run_cli("check", root, "--format", "json")
    assert_no_traceback(run)
    assert run.code == 1
    found: dict[str, set[str]] = {}
    for finding in json.loads(run.stdout)["findings"]:
        found.setdefault(finding["path"], set()).add(finding["code"])
    for path, codes in sorted(expected.items()):
        actual = found.get(path, set()) - {"SG203"}
        for alternatives in [c for c in codes if "|" in c]:
            options = set(alternatives.split("|"))
            assert len(actual & options) == 1, (path, actual)
            actual -= options
        assert actual == {c for c in codes if "|" not in c}, path


def test_text_output_never_carries_terminal_control_characters(corpus: tuple[Path, dict[str, set[str]]]) -> None:
    root, _ = corpus
    run = run_cli("check", root)
    assert_no_traceback(run)
    assert run.code == 1
    for char in TERMINAL_UNSAFE:
        assert char not in run.stdout, repr(char)
    assert "spec-\\u202eevil\\u202c" in run.stdout or "evil" not in run.stdout


def test_memory_stays_bounded(corpus: tuple[Path, dict[str, set[str]]]) -> None:
    """The installed command in its own process, so that its peak memory is its own (``wait4``)."""
    root, _ = corpus
    proc = subprocess.Popen(
        [*speckit_graph_command(), "check", str(root), "--format", "json"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 1 and "Traceback" not in stderr, stderr[-2000:]
    peak_kib = usage.ru_maxrss
    assert 0 < peak_kib < 1024 * 1024, f"peak RSS {peak_kib / 1024:.0f} MiB"  # billion laughs & 10 MB frontmatter


@pytest.mark.parametrize(
    ("limits", "code"),
    [("max-frontmatter-size = 100\n", "SG002"), ("max-links-per-field = 2\n", "SG104")],
)
def test_limits_are_configurable(tmp_path: Path, limits: str, code: str) -> None:
    (tmp_path / ".speckit-graph.toml").write_text(f"[limits]\n{limits}")
    (tmp_path / "a.md").write_text(
        "---\nid: spec-a-001\ntitle: " + "t" * 120 + "\ntype: epic\nstatus: draft\ndependencies: [x, y, z]\n---\n"
    )
    run = run_cli("check", tmp_path, "--format", "json", "--select", code, "--allow-empty")  # SG002: no spec left
    assert [f["code"] for f in json.loads(run.stdout)["findings"]] == [code]


@pytest.fixture()
def scratch_in_memory(tmp_path: Path) -> Iterator[Path]:
    """A scratch folder in RAM (tests/support/scratch.py): the test is about the files, not the disk."""
    with in_memory_folder(tmp_path) as folder:
        yield folder


@pytest.mark.slow
def test_one_hundred_thousand_empty_files(scratch_in_memory: Path) -> None:
    root = scratch_in_memory / "empties"
    build_empty_files(root)
    out = scratch_in_memory / "result.json"
    run = run_cli("check", root, "--format", "json", "-o", out, "--allow-empty")
    assert_no_traceback(run)
    assert run.code == 0  # empty files are info, below the default threshold
    summary = json.loads(out.read_text())["summary"]
    assert summary["files_scanned"] == 100_000 and summary["info"] == 100_000


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "graphml", "json", "svg"])
def test_graph_draws_the_corpus_in_every_format(corpus: tuple[Path, dict[str, set[str]]], tmp_path: Path, fmt: str) -> None:
    import xml.etree.ElementTree as ET

    import networkx as nx
    import pydot

    if fmt == "svg" and not (shutil.which("dot") or shutil.which("graphviz-pure")):
        pytest.skip("no Graphviz renderer (apt-get install graphviz, or pip install graphviz-pure)")
    root, _ = corpus
    out = tmp_path / f"corpus.{fmt}"
    run = run_cli("graph", root, "--format", fmt, "-o", out, "--collapse", "never")
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "dot":
        assert pydot.graph_from_dot_data(text)
    elif fmt == "svg":
        ET.fromstring(text)
    elif fmt == "graphml":
        assert nx.read_graphml(str(out)).number_of_nodes() >= 15
    elif fmt == "json":
        assert json.loads(text)["nodes"]
    else:
        assert "flowchart" in text


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "json"])
def test_ci_formats_stay_valid_on_the_corpus(corpus: tuple[Path, dict[str, set[str]]], fmt: str) -> None:
    import xml.etree.ElementTree as ET

    root, _ = corpus
    run = run_cli("check", root, "--format", fmt, env={"GITHUB_STEP_SUMMARY": ""})
    assert_no_traceback(run)
    assert run.code == 1
    if fmt == "sarif":
        document = json.loads(run.stdout)
        assert not sarif_errors(document), sarif_errors(document)[:10]
        assert len(document["runs"][0]["results"]) >= len(corpus[1]) // 2
    elif fmt == "junit":
        ET.fromstring(run.stdout)
    elif fmt == "github":
        *commands, summary = run.stdout.splitlines()
        assert all(line.startswith("::") for line in commands) and summary.startswith("Checked ")
    else:
        json.loads(run.stdout)
