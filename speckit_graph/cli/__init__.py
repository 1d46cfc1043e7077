"""The ``speckit-graph`` command: one module per subcommand, no analysis here."""

from __future__ import annotations

from typing import Annotated

import typer

from speckit_graph import __version__
from speckit_graph.cli.check import check_command
from speckit_graph.cli.init import init_command

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


def main() -> None:
    """Console-script entry point."""
    app(prog_name="speckit-graph")
