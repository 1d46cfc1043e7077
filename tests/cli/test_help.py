"""Every command's --help speaks the user's language: no Python type names, no stray spaces, defaults shown."""

from __future__ import annotations

import re

import pytest
import typer

from speckit_graph.cli import app
from tests.cli._support import COMMANDS, invoke

#: What typer prints when a parameter has no metavar: Python's types, not the user's words.
INTERNAL = re.compile(
    r"<(bool|str|int|float|path|list\[[^>]*\]|int range|float range)>|list\[str\]|\[x[<>]=|Value error|Input should"
)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_has_no_internal_type_names(command: str | None) -> None:
    code, out, _ = invoke(*([command] if command else []), "--help")
    assert code == 0
    assert not INTERNAL.search(out), INTERNAL.search(out)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_texts_have_no_double_spaces_and_show_defaults(command: str) -> None:
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    texts = [click_command.help or ""] + [param.help or "" for param in click_command.params if not param.hidden]
    for text in texts:
        assert "  " not in text.replace("\n\n", "\n").replace("\n", " "), text
        assert not text.startswith(" ") and not text.endswith(" "), text
    code, out, _ = invoke(command, "--help")
    assert code == 0 and "[default: " in out


def test_every_reading_command_lists_the_loading_options_once() -> None:
    for command in COMMANDS:
        _, out, _ = invoke(command, "--help")
        for option in ("--config", "--jobs", "--cache-dir", "--no-cache", "--no-color"):
            assert len(re.findall(rf"{option}\b(?!-)", out)) == 1, (command, option)
        assert "Loading" in out
