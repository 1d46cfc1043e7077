"""SG403 flags template text in every common form, and ``[placeholders] forms`` chooses which."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.core.errors import ConfigError
from speckit_graph.load.placeholders import PLACEHOLDER_FORMS, placeholder_form
from tests.conftest import check_repo
from tests.support.timing import assert_grows_linearly

Repo = Callable[..., Path]

SPEC = "---\nid: spec-a-001\ntitle: A\ntype: epic\nstatus: draft\n{extra}---\n"


@pytest.mark.parametrize(
    ("value", "form"),
    [
        ("{{ owner }}", "braces"),
        ("<Standard (Core, Networking, Interface)>", "angle"),
        ("<mm/dd/yyyy>", "angle"),
        ("provisional|implementable|implemented|deferred", "options"),
        ("draft | final | living", "options"),
        ("TODO", "todo"),
        ("tbd", "todo"),
        ("TBD.", "todo"),
    ],
)
def test_each_form_is_recognised(value: str, form: str) -> None:
    assert placeholder_form(value) == form


@pytest.mark.parametrize(
    "value",
    ["<https://example.com/x>", "<ann@example.com>", "a|b", "yes|no maybe|x", "Draft", "todo list", "<>", "x <y>", "1|2|3"],
)
def test_real_values_are_not_placeholders(value: str) -> None:
    assert placeholder_form(value) is None


def test_sg403_on_each_form_at_its_line(repo: Repo) -> None:
    extra = "owner: TBD\ncreated: <mm/dd/yyyy>\nstage: alpha|beta|stable\nnotes: fine\n"
    result = check_repo(repo({"a.md": SPEC.format(extra=extra)}))
    assert [(f.code, f.line, f.message.split("'")[1]) for f in result.findings if f.code == "SG403"] == [
        ("SG403", 6, "owner"),
        ("SG403", 7, "created"),
        ("SG403", 8, "stage"),
    ]


def test_forms_are_configurable(repo: Repo) -> None:
    root = repo({"a.md": SPEC.format(extra="owner: TBD\ncreated: <mm/dd/yyyy>\nnote: '{{ x }}'\n")})
    only_braces = check_repo(root, {"placeholders": {"forms": ["braces"]}})
    assert [f.message.split("'")[1] for f in only_braces.findings if f.code == "SG403"] == ["note"]
    none = check_repo(root, {"placeholders": {"forms": []}})
    assert not [f for f in none.findings if f.code == "SG403"]


def test_a_link_fields_empty_marker_is_not_a_placeholder(repo: Repo) -> None:
    """`requires: TBD` where the configuration says TBD means "no link" is what the preset asked for."""
    text = "---\naip: 5\ntitle: A\nStatus: Draft\nrequires: TBD\ntype: <Standard (Core)>\n---\n"
    result = check_repo(repo({"aip-5.md": text}), {"preset": "improvement-proposals"})
    assert [f.message.split("'")[1] for f in result.findings if f.code == "SG403"] == ["type"]


def test_unknown_forms_are_a_configuration_error() -> None:
    from speckit_graph.config.parse import parse_config

    with pytest.raises(ConfigError, match="placeholders.forms: unknown form 'percent'"):
        parse_config({"placeholders": {"forms": ["braces", "percent"]}})


def test_the_default_is_every_form() -> None:
    assert Config().placeholder_forms == PLACEHOLDER_FORMS


@pytest.mark.parametrize("unit", ["<", "|", "a|", "{{", "<a"])
def test_long_hostile_values_stay_linear(unit: str) -> None:
    """Eight times the text costs about eight times the CPU, never the 64x of a quadratic scan."""
    assert_grows_linearly(
        lambda: placeholder_form(unit * 50_000), lambda: placeholder_form(unit * 400_000), factor=8, what=repr(unit)
    )
