"""Slow outside-tool runs (mypy, pre-commit try-repo) started when the test session starts.

Why: each is one subprocess that runs for tens of seconds, much of it waiting (a cold mypy
reads the stubs of every dependency; try-repo waits on pip and the package index). Run inside
its test, it holds a pytest worker, often at the very end of the run, while the other CPU is
idle. Started at session start by the controlling pytest process (``tests/conftest.py``), it
overlaps everything else; its test then waits for the result and asserts exactly what it
asserted before. A test whose job was not started (the file run with ``-k`` or ``-m``, or on
its own through a path the session did not select) runs the same job itself, in process.

A job is a module-level function ``job(scratch: Path) -> JobResult``, named ``module:function``;
``python -m tests.support.background RESULT_FILE JOB SCRATCH`` runs it and writes the result
as JSON, atomically, so that a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from importlib import import_module
from pathlib import Path

#: The folder of this session's jobs; set by the controlling process, inherited by xdist workers.
JOBS_ENV = "SPECKIT_GRAPH_TEST_JOBS"
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class JobResult:
    """What a job ran into: a subprocess's exit code and output, or why it could not run."""

    returncode: int
    stdout: str = ""
    stderr: str = ""
    skip: str | None = None  # the reason when the environment cannot run the job (no network...)


@dataclass(frozen=True)
class Job:
    """A background job and the test that collects it (file relative to the repository, test name)."""

    function: str
    test_file: str
    test_name: str


def _file_name(function: str) -> str:
    return function.replace(":", "--").replace(".", "-")


def _call(function: str, scratch: Path) -> JobResult:
    module, _, name = function.partition(":")
    job: Callable[[Path], JobResult] = getattr(import_module(module), name)
    return job(scratch)


def _is_selected(job: Job, args: Iterable[str], invocation_dir: Path) -> bool:
    """Would a run with these command-line paths collect the job's test (before -k/-m)?"""
    test_path = REPO_ROOT / job.test_file
    for arg in args:
        where, _, inside = arg.partition("::")
        path = Path(where) if Path(where).is_absolute() else invocation_dir / where
        path = path.resolve()
        if path in test_path.parents or (path == test_path and inside in ("", job.test_name)):
            return True
    return False


def start(jobs: Iterable[Job], args: Iterable[str], invocation_dir: Path) -> list[subprocess.Popen[bytes]]:
    """Start the selected jobs in the background; their folder goes to ``JOBS_ENV`` for the workers."""
    wanted = [job for job in jobs if _is_selected(job, list(args), invocation_dir)]
    if not wanted:
        return []
    folder = Path(tempfile.mkdtemp(prefix="speckit-graph-test-jobs-"))
    os.environ[JOBS_ENV] = str(folder)
    started = []
    for job in wanted:
        name = _file_name(job.function)
        scratch = folder / name
        scratch.mkdir()
        (folder / f"{name}.started").touch()
        command = [sys.executable, "-m", "tests.support.background", str(folder / f"{name}.json"), job.function, str(scratch)]
        with open(folder / f"{name}.log", "wb") as log:  # the child keeps its own copy of the descriptor
            started.append(subprocess.Popen(command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    return started


def stop(processes: Iterable[subprocess.Popen[bytes]]) -> None:
    """End the jobs nobody waited for (their test was deselected or failed early) and their children."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def result(function: str, scratch: Path, timeout: float) -> JobResult:
    """The job's result: waited for when the session started it, else run here and now."""
    folder = os.environ.get(JOBS_ENV)
    name = _file_name(function)
    if not folder or not (Path(folder) / f"{name}.started").exists():
        return _call(function, scratch)
    done = Path(folder) / f"{name}.json"
    deadline = time.monotonic() + timeout
    while not done.exists():
        if time.monotonic() > deadline:
            log = (Path(folder) / f"{name}.log").read_text(errors="replace")
            raise AssertionError(f"the background job {function} gave no result within {timeout} s:\n{log}")
        time.sleep(0.2)
    return JobResult(**json.loads(done.read_text(encoding="utf-8")))


def _main(result_file: str, function: str, scratch: str) -> None:
    try:
        outcome = _call(function, Path(scratch))
    except Exception:  # the test reports it; nothing else would see it
        outcome = JobResult(returncode=-1, stderr=f"the job {function} raised:\n{traceback.format_exc()}")
    partial = Path(result_file + ".partial")
    partial.write_text(json.dumps(asdict(outcome)), encoding="utf-8")
    partial.replace(result_file)


if __name__ == "__main__":
    _main(*sys.argv[1:4])
