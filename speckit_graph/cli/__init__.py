"""The ``speckit-graph`` command: one module per subcommand, no analysis here."""

from __future__ import annotations

import gc
import sys
from typing import Annotated, NoReturn

import typer

from speckit_graph import __version__
from speckit_graph.cli.check import check_command
from speckit_graph.cli.common import Command, Group, plain_usage_message
from speckit_graph.cli.diff import diff_command
from speckit_graph.cli.graph import graph_command
from speckit_graph.cli.impact import impact_command
from speckit_graph.cli.init import init_command
from speckit_graph.cli.lsp import lsp_command
from speckit_graph.cli.move import move_command
from speckit_graph.cli.new import new_command
from speckit_graph.cli.order import order_command
from speckit_graph.cli.rename import rename_command
from speckit_graph.cli.report import report_command
from speckit_graph.cli.tree import tree_command

app = typer.Typer(
    name="speckit-graph",
    help="Traceability graph analyzer for SpeckIt specification repositories.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"speckit-graph {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check, draw and report on the traceability graph of a spec repository."""
    if ctx.invoked_subcommand is None:  # no command: the overview, and exit 2 as for any usage error
        typer.echo(ctx.get_help(), nl=False)  # rich prints the help itself and returns ""
        raise typer.Exit(2)


app.command("check", cls=Command)(check_command)
app.command("init", cls=Command)(init_command)
app.command("graph", cls=Command)(graph_command)
app.command("diff", cls=Command)(diff_command)
app.command("tree", cls=Command)(tree_command)
app.command("report", cls=Command)(report_command)
app.command("impact", cls=Command)(impact_command)
app.command("order", cls=Command)(order_command)
app.command("lsp", cls=Command)(lsp_command)
app.command("new", cls=Command)(new_command)
app.command("rename", cls=Command)(rename_command)
app.command("move", cls=Command)(move_command)


def main() -> None:
    """Console-script entry point: usage errors become one line and exit code 2."""
    # One short-lived run that builds millions of acyclic objects: the cyclic collector
    # would only rescan them again and again (seconds on 100,000 specs). Not in ``app``,
    # which tests and other programs call in their own long-lived process.
    gc.disable()
    try:
        status = app(prog_name="speckit-graph", standalone_mode=False)
    except typer.TyperException as exc:
        _report(exc)
    except typer.Abort:
        typer.echo("speckit-graph: aborted", err=True)
        sys.exit(130)
    sys.exit(status if isinstance(status, int) else 0)


def _report(exc: typer.TyperException) -> NoReturn:
    """A usage error is one line naming the command and exits 2; other errors one line too."""
    if exc.exit_code == 2:
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx is not None else "speckit-graph"
        typer.echo(f"{command}: error: {plain_usage_message(exc)} (see '{command} --help')", err=True)
        sys.exit(2)
    typer.echo(f"speckit-graph: error: {exc.format_message()}", err=True)
    sys.exit(exc.exit_code)
