"""Run the ``speckit-graph`` command: in this process (fast, most tests) or as the installed program.

``run_cli`` calls the console-script entry point ``speckit_graph.cli.main`` itself, not just the
typer ``app``: usage errors then still become one line and exit code 2, as a user sees them.
typer's ``CliRunner.isolation`` swaps in private stdin/stdout/stderr (none a terminal, like the
pipes of a subprocess) and the environment overrides; the working folder, ``sys.argv`` and the
garbage collector (``main`` disables it for its short-lived process) are put back afterwards.
An exception that escapes ``main`` is printed to the captured stderr with exit code 1, as Python
does for a program, so ``assert_no_traceback`` keeps meaning what it says.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

#: What every run sees on top of the test's environment: no NO_COLOR (tests check that colour
#: is off because the output is not a terminal) and a wide terminal so no line wraps.
BASE_ENV: dict[str, str | None] = {"NO_COLOR": None, "COLUMNS": "200"}


@dataclass
class Run:
    """One run of the command: exit code and what it printed on each stream."""

    code: int
    stdout: str
    stderr: str

    @property
    def returncode(self) -> int:
        """``subprocess.CompletedProcess`` spelling, for tests written against subprocess runs."""
        return self.code

    @property
    def exit_code(self) -> int:
        """``click.testing.Result`` spelling."""
        return self.code


def _exit_status(code: object) -> tuple[int, str]:
    """What ``sys.exit(code)`` makes of its argument: the status and any message for stderr."""
    if code is None:
        return 0, ""
    if isinstance(code, int):
        return code, ""
    return 1, f"{code}\n"


def run_cli(
    *args: str | Path, cwd: Path | str | None = None, env: Mapping[str, str | None] | None = None, input: str | None = None
) -> Run:
    """The command in this process, as ``speckit-graph ARGS`` run from ``cwd`` with ``env`` added (None: unset)."""
    from speckit_graph.cli import main

    overrides: dict[str, str | None] = {**BASE_ENV, **(env or {})}
    saved_argv, saved_cwd, gc_was_enabled = sys.argv, os.getcwd(), gc.isenabled()
    with CliRunner().isolation(input=input, env=overrides) as (out, err, _mixed):
        code = 0
        try:
            if cwd is not None:
                os.chdir(cwd)
            sys.argv = ["speckit-graph", *map(str, args)]
            main()
        except SystemExit as exc:
            code, message = _exit_status(exc.code)
            sys.stderr.write(message)
        except Exception:  # what Python prints for an uncaught exception, and its exit code
            traceback.print_exc(file=sys.stderr)
            code = 1
        finally:
            sys.argv = saved_argv
            os.chdir(saved_cwd)
            if gc_was_enabled:
                gc.enable()
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return Run(code, _text(stdout), _text(stderr))


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace").replace("\r\n", "\n")


def speckit_graph_command() -> list[str]:
    """The installed console script when present, else the module (same entry point)."""
    script = shutil.which("speckit-graph", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    return [script] if script else [sys.executable, "-m", "speckit_graph"]


def run_installed(
    *args: str | Path,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    closed_stdin: bool = False,
    timeout: float = 300,
) -> Run:
    """The installed command in its own process, as a user or CI runs it (slow: for end-to-end tests).

    Standard input is /dev/null, or with ``closed_stdin`` no file at all (descriptor 0 closed by
    ``sh`` just before the command starts), as when CI runs it with no standard input.
    """
    command = [*speckit_graph_command(), *map(str, args)]
    if closed_stdin:
        command = ["sh", "-c", 'exec "$@" <&-', "sh", *command]
    full_env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    full_env.update({"COLUMNS": "200", **(env or {})})
    proc = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=full_env,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def assert_no_traceback(run: Run) -> None:
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr[-2000:]
