"""The ``speckit-graph`` command: one module per subcommand, no analysis here."""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

try:  # typer >= 0.29 vendors its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer on top of click
    from click import exceptions as click_errors  # type: ignore[no-redef]

from speckit_graph import __version__
from speckit_graph.cli.check import check_command
from speckit_graph.cli.diff import diff_command
from speckit_graph.cli.graph import graph_command
from speckit_graph.cli.impact import impact_command
from speckit_graph.cli.init import init_command
from speckit_graph.cli.order import order_command
from speckit_graph.cli.report import report_command
from speckit_graph.cli.tree import tree_command

app = typer.Typer(
    name="speckit-graph",
    help="Traceability graph analyzer for SpeckIt specification repositories.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"speckit-graph {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check, draw and report on the traceability graph of a spec repository."""


app.command("check")(check_command)
app.command("init")(init_command)
app.command("graph")(graph_command)
app.command("diff")(diff_command)
app.command("tree")(tree_command)
app.command("report")(report_command)
app.command("impact")(impact_command)
app.command("order")(order_command)


def main() -> None:
    """Console-script entry point: usage errors become one line and exit code 2."""
    # One short-lived run that builds millions of acyclic objects: the cyclic collector
    # would only rescan them again and again (seconds on 100,000 specs). Not in ``app``,
    # which tests and other programs call in their own long-lived process.
    gc.disable()
    try:
        status = app(prog_name="speckit-graph", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
        sys.exit(2)
    except click_errors.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "speckit-graph"
        message = " ".join(exc.format_message().split())
        typer.echo(f"{command}: error: {message} (see '{command} --help')", err=True)
        sys.exit(2)
    except click_errors.ClickException as exc:
        typer.echo(f"speckit-graph: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("speckit-graph: aborted", err=True)
        sys.exit(130)
    sys.exit(status if isinstance(status, int) else 0)
