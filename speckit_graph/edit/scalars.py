"""Writing a string as a YAML scalar in a given quoting style, falling back to one that is exact."""

from __future__ import annotations

import datetime
import json
import re

import yaml

from speckit_graph.load.yamlschema import Yaml12Loader

# Plain scalars we write unquoted: words of letters, digits and a few punctuation marks, single
# spaces between them; nothing YAML gives a meaning to in block or flow context (: # , [ ] { } ...).
_PLAIN = re.compile(r"[A-Za-z0-9_./@+]([A-Za-z0-9_./@+-]*)(?: [A-Za-z0-9_./@+()-]+)*")


def _plain_reads_back(value: str) -> bool:
    """Whether ``value`` written plain reads back as itself (or as the date it spells)."""
    if not _PLAIN.fullmatch(value):
        return False
    try:
        loaded = yaml.load(f"k: {value}", Loader=Yaml12Loader)["k"]
    except yaml.YAMLError:
        return False
    if isinstance(loaded, datetime.date):
        return True  # a date written plain is a date, as the date rules expect
    return isinstance(loaded, str) and loaded == value


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string escapes are valid YAML escapes)."""
    return json.dumps(value, ensure_ascii=False)


def render_scalar(value: str, style: str, *, flow: bool) -> str:
    """``value`` as a scalar in ``style`` (``""`` plain, ``'`` or ``"``), or double-quoted when that style cannot hold it.

    ``flow`` says the scalar sits inside ``[...]``/``{...}`` (the plain pattern already
    excludes the characters that matter there).
    """
    del flow  # the plain pattern is safe in both contexts
    if style == "" and _plain_reads_back(value):
        return value
    if style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    if style in ("", "'", '"'):
        return double_quoted(value)
    raise ValueError(f"unknown scalar style {style!r}")


def render_key(key: str) -> str:
    """A mapping key: plain when it reads back as itself, else double-quoted."""
    return key if _PLAIN.fullmatch(key) and _plain_reads_back(key) else double_quoted(key)
