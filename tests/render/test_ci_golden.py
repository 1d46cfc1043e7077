"""Golden files for the CI formats on a small repository with hostile strings.

Refresh with ``UPDATE_GOLDENS=1 pytest tests/test_ci_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "ci"

SPECS = {
    "epics/root.md": "---\nid: spec-epic-root-001\ntitle: Root\ntype: epic\nstatus: approved\napprovers: [ana]\n---\n",
    # A link target carrying every character the formats must escape.
    "stories/a, b: 100%.md": (
        "---\nid: spec-story-a-001\ntitle: A\ntype: user_story\nstatus: draft\nparent: spec-epic-root-001\n"
        'dependencies: ["spec-x-001\\n::error::forged, 50% <b>&amp;</b> | `x` \\x1b[31m"]\n---\n'
    ),
    "stories/orphan.md": "---\nid: spec-story-orphan-001\ntitle: O\ntype: user_story\nstatus: Draft\n---\n",
    "stories/quiet.md": (
        "---\nid: spec-story-quiet-001\ntitle: Q\ntype: user_story\nstatus: draft\n"
        "speckit-graph: {ignore: [orphan, SG999]}\n---\n"
    ),
}


@pytest.fixture()
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for relpath, text in SPECS.items():
        path = tmp_path / "specs" / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def compare(name: str, actual: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDENS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"missing golden {golden}; run with UPDATE_GOLDENS=1"
    assert actual == golden.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize(("fmt", "name"), [("sarif", "sample.sarif"), ("junit", "sample.junit.xml"),
                                          ("github", "sample.github.txt")])  # fmt: skip
def test_format_matches_golden(workspace: Path, fmt: str, name: str) -> None:
    result = run_cli("check", "specs", "--format", fmt)
    assert result.exit_code == 1, result.stderr
    compare(name, result.stdout)


def test_job_summary_matches_golden(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = workspace / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_cli("check", "specs", "--format", "github")
    compare("sample.summary.md", summary.read_text(encoding="utf-8"))


def test_baseline_matches_golden(workspace: Path) -> None:
    run_cli("check", "specs", "--write-baseline", "baseline.json")
    compare("sample.baseline.json", (workspace / "baseline.json").read_text(encoding="utf-8"))
