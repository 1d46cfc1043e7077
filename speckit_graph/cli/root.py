"""The typer application: the root group and its subcommands (one module each)."""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any, NoReturn

import typer
import typer.main
from typer.models import CommandInfo

from speckit_graph import __version__
from speckit_graph.cli.common import Command, Group, plain_usage_message

#: Every subcommand, in the order ``--help`` lists them: its module and function. A command's
#: module is imported, and its click command built from the signature, only when it is used:
#: building all thirteen is a tenth of a small repository's ``check``.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("speckit_graph.cli.check", "check_command"),
    "init": ("speckit_graph.cli.init", "init_command"),
    "graph": ("speckit_graph.cli.graph", "graph_command"),
    "diff": ("speckit_graph.cli.diff", "diff_command"),
    "tree": ("speckit_graph.cli.tree", "tree_command"),
    "report": ("speckit_graph.cli.report", "report_command"),
    "impact": ("speckit_graph.cli.impact", "impact_command"),
    "order": ("speckit_graph.cli.order", "order_command"),
    "lsp": ("speckit_graph.cli.lsp", "lsp_command"),
    "new": ("speckit_graph.cli.new", "new_command"),
    "rename": ("speckit_graph.cli.rename", "rename_command"),
    "move": ("speckit_graph.cli.move", "move_command"),
    "matrix": ("speckit_graph.cli.matrix", "matrix_command"),
}


class LazyCommands(MutableMapping[str, Any]):
    """The group's ``commands``: every name is there from the start; a command is built on first lookup."""

    def __init__(self, built: MutableMapping[str, Any]) -> None:
        self._built: dict[str, Any] = dict(built)
        self._names = [*COMMANDS, *(name for name in built if name not in COMMANDS)]

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = build_command(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._names:
            raise KeyError(name)
        self._names.remove(name)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names


def build_command(name: str) -> Any:
    """The click command of subcommand ``name``, built as ``app.command(name, cls=Command)`` would."""
    module, function = COMMANDS[name]
    callback = getattr(importlib.import_module(module), function)
    info = CommandInfo(name=name, cls=Command, callback=callback)
    return typer.main.get_command_from_info(
        info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
    )


class RootGroup(Group):
    """``speckit-graph``: the subcommands of :data:`COMMANDS`, each built when it is looked up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.commands)


app = typer.Typer(
    name="speckit-graph",
    help="Traceability graph analyzer for SpeckIt specification repositories.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    cls=RootGroup,
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


def run() -> None:
    """Run the command line in this (short-lived) process: usage errors become one line and exit code 2."""
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
