"""Running the CLI in-process for the tests of tests/cli (fast; subprocesses only where a shell would)."""

from __future__ import annotations

from typer.testing import CliRunner

from speckit_graph.cli import app
from tests.conftest import EXAMPLES

CHECKOUT = EXAMPLES / "checkout"
COMMANDS = ("check", "init", "graph", "diff", "tree", "report", "impact", "order", "new", "rename", "move")


def invoke(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``speckit-graph ARGS`` run in this process."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr
