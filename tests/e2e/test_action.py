"""The composite GitHub Action: its inputs, its safety, and its shell steps run for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))


def step(name: str) -> dict[str, Any]:
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


def test_inputs_and_outputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) >= {"path", "format", "fail-on", "version", "upload-sarif", "args"}
    assert ACTION["inputs"]["format"]["default"] == "github"
    assert set(ACTION["outputs"]) == {"exit-code", "sarif-file"}
    upload = step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "inputs.upload-sarif == 'true'" in upload["if"]


def test_inputs_never_reach_a_script_unquoted() -> None:
    """``${{ inputs.x }}`` inside ``run:`` is script injection; inputs go through ``env:``."""
    for entry in ACTION["runs"]["steps"]:
        if "run" in entry:
            assert "${{" not in entry["run"], entry["name"]
            assert entry["shell"] == "bash"


@pytest.fixture()
def shim(tmp_path: Path) -> Path:
    """A ``speckit-graph`` on PATH that runs this checkout's package, as the install step would."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "speckit-graph"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m speckit_graph "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return bin_dir


def run_step(name: str, env: dict[str, str], cwd: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **env, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    script = bin_dir.parent / "step.sh"
    script.write_text(step(name)["run"], encoding="utf-8")
    # Exactly how the Actions runner runs `shell: bash` steps.
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)]
    return subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True)


def outputs(file: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in file.read_text(encoding="utf-8").splitlines() if line)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_check_step_annotates_uploads_and_defers_the_failure(tmp_path: Path, shim: Path) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(EXAMPLES / "broken", workspace / "specs")
    github_output, runner_temp = tmp_path / "output", tmp_path / "temp"
    runner_temp.mkdir()
    env = {
        "SG_PATH": "specs", "SG_FORMAT": "github", "SG_FAIL_ON": "", "SG_UPLOAD_SARIF": "true",
        "SG_ARGS": "--select SG1  --ignore SG105", "GITHUB_OUTPUT": str(github_output),
        "RUNNER_TEMP": str(runner_temp), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }  # fmt: skip
    done = run_step("Run speckit-graph check", env, workspace, shim)
    assert done.returncode == 0, done.stderr  # findings fail the job later, after the upload
    assert done.stdout.startswith("::error file=specs/")
    values = outputs(github_output)
    assert values["exit-code"] == "1" and values["sarif-file"] == str(runner_temp / "speckit-graph.sarif")
    sarif = json.loads(Path(values["sarif-file"]).read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"SG101", "SG102", "SG103", "SG104", "SG106"}
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("### speckit-graph check")

    failed = run_step("Fail on findings", {"SG_STATUS": values["exit-code"]}, workspace, shim)
    assert failed.returncode == 1


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_check_step_stops_at_once_when_it_cannot_run(tmp_path: Path, shim: Path) -> None:
    github_output = tmp_path / "output"
    env = {
        "SG_PATH": "no such folder", "SG_FORMAT": "github", "SG_FAIL_ON": "warning", "SG_UPLOAD_SARIF": "true",
        "SG_ARGS": "", "GITHUB_OUTPUT": str(github_output), "RUNNER_TEMP": str(tmp_path),
    }  # fmt: skip
    done = run_step("Run speckit-graph check", env, tmp_path, shim)
    assert done.returncode == 2 and "path does not exist: no such folder" in done.stderr
    assert outputs(github_output) == {"exit-code": "2"}


def test_pre_commit_manifest() -> None:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert len(hooks) == 1
    hook = hooks[0]
    assert hook["id"] == "speckit-graph" and hook["language"] == "python"
    assert hook["entry"] == "speckit-graph check" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "specs/a.md") and not re.search(hook["files"], "specs/a.md.txt")
