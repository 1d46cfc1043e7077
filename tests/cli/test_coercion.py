"""The quick conversion of option values gives what typer's own (pydantic) conversion gives.

Every parameter of every command, with the values a user types (well-formed or not): the
result, or the error message, must be the same either way, since ``--help`` and error
messages are part of the interface.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer._coercion import build_runtime_param
from typer._typing import get_args, get_origin
from typer.core import _TyperParameter

from speckit_graph.cli import app
from speckit_graph.cli.coercion import QuickRuntimeParam, install
from speckit_graph.cli.root import COMMANDS


def every_parameter() -> list[tuple[str, _TyperParameter]]:
    """One parameter of each kind (type and constraints) among all the commands' parameters."""
    group = typer.main.get_command(app)
    found: dict[tuple[Any, ...], tuple[str, _TyperParameter]] = {}
    for name in COMMANDS:
        command = group.commands[name]  # type: ignore[attr-defined]
        for p in command.params:
            if isinstance(p, _TyperParameter):
                info = p.type_descriptor.parameter_info
                kind = (repr(p.type_descriptor.annotation), info.min, info.max, info.clamp, info.exists, p.multiple)
                found.setdefault(kind, (f"{name} {p.name}", p))
    return list(found.values())


def samples(annotation: Any) -> list[Any]:
    """Values a user could type for a parameter of this type, good and bad."""
    if get_origin(annotation) is list:
        return [[item] for item in samples(get_args(annotation)[0])] + [["a", "b"], []]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        first = next(iter(annotation))
        return [first.value, first.value.upper(), first, "no-such-choice", ""]
    if annotation is bool:
        return [True, False, "true", "0"]
    if annotation in (int, float):
        return [3, 2.5, 60.0, "3", "+7", "-2", "007", " 3", "1_0", "x", "", "2.5", "007.5", "+1.0", "1e3", "inf", 99999]
    if annotation is str:
        return ["HEAD~1", "", "ünï", "a b"]
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return ["examples/checkout", "", "-", "no/such/folder", Path("."), "a//b/"]
    return ["x"]


def outcome(runtime: Any, value: Any, param: _TyperParameter, ctx: typer.Context) -> tuple[str, Any]:
    try:
        return "value", runtime._coerce_value(value, param=param, ctx=ctx)
    except Exception as exc:  # noqa: BLE001 - the message is what the user sees, compared below
        return "error", f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize(("label", "param"), every_parameter(), ids=lambda x: x if isinstance(x, str) else "")
def test_quick_conversion_matches_typers_own(label: str, param: _TyperParameter) -> None:
    quick = QuickRuntimeParam.of(param.type_descriptor)
    slow = build_runtime_param(param.type_descriptor)
    ctx = typer.Context(typer.main.get_command(app))
    for value in samples(param.type_descriptor.annotation):
        expected = outcome(slow, value, param, ctx)
        got = outcome(quick, value, param, ctx)
        assert got == expected, (label, value)
        assert type(got[1]) is type(expected[1]), (label, value)


def test_install_replaces_only_unconverted_typer_parameters() -> None:
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    params = list(command.params)
    install(params)
    assert all(isinstance(p._runtime_param, QuickRuntimeParam) for p in params if isinstance(p, _TyperParameter))
    converted = next(p for p in params if isinstance(p, _TyperParameter))
    marker = build_runtime_param(converted.type_descriptor)
    converted._runtime_param = marker
    install(params)
    assert converted._runtime_param is marker
