"""The root group's command table: every command listed from the start, each built on first lookup."""

from __future__ import annotations

import pytest
import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from speckit_graph.cli import app
from speckit_graph.cli.root import COMMANDS, LazyCommands


def test_every_command_is_listed_in_order_and_built_only_when_looked_up() -> None:
    commands = LazyCommands({})
    assert list(commands) == list(COMMANDS) and len(commands) == len(COMMANDS)
    assert "check" in commands and "chek" not in commands
    assert commands._built == {}
    check = commands["check"]
    assert isinstance(check, TyperCommand) and check.name == "check"
    assert list(commands._built) == ["check"]
    assert commands["check"] is check  # built once


def test_the_table_behaves_as_a_mapping() -> None:
    commands = LazyCommands({})
    extra = TyperCommand("extra")
    commands["extra"] = extra
    assert list(commands)[-1] == "extra" and commands["extra"] is extra
    del commands["tree"]
    assert "tree" not in commands and commands.get("tree") is None
    with pytest.raises(KeyError):
        commands["tree"]
    with pytest.raises(KeyError):
        del commands["no-such-command"]


def test_the_group_built_by_typer_uses_the_table_and_lists_every_command() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    assert group.list_commands(typer.Context(group)) == list(COMMANDS)
    assert group.get_command(typer.Context(group), "nope") is None
