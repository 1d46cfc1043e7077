"""Every option's help reaches ``--help`` whole: Rich markup never eats a bracketed word.

``--with-code`` said "(, else src/, tests/...)" and ``--target`` "(with : reached and tested)"
because Rich read ``[trace]`` as a style tag; help text must write ``\\[`` for a literal bracket.
"""

from __future__ import annotations

import re

import pytest
import typer.main

from speckit_graph.cli import app
from speckit_graph.cli.root import COMMANDS
from tests.support.cli import run_cli


def flat(text: str) -> str:
    """The words of a help screen, without box drawing and line breaks."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_help_is_shown_as_written(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    shown = flat(run_cli(name, "--help", env={"COLUMNS": "1000"}).stdout)
    for param in command.params:
        written = getattr(param, "help", None)
        if written:
            assert flat(written.replace("\\[", "[")) in shown, f"{name} {param.name}"
