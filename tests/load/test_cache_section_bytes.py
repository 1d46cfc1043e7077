"""The cache writes a section's tag and body apart (no joined copy at the peak): the file must not change."""

from __future__ import annotations

import datetime
import io
from types import MappingProxyType
from typing import Any

import pytest

from speckit_graph.load.packing import dump_plain, plain_parts
from speckit_graph.load.sections import read_section as _read_section
from speckit_graph.load.sections import write_bytes as _write_bytes
from speckit_graph.load.sections import write_payloads as _write_payloads
from speckit_graph.load.sections import write_section as _write_section


@pytest.mark.parametrize(
    "value",
    [
        {"specs/a.md": b"\x00payload", "specs/\u00e9.md": b"other"},  # marshal takes it: tag m
        {"when": datetime.date(2024, 1, 2), "ro": MappingProxyType({"k": 1})},  # tagged: t
        None,
    ],
)
def test_section_bytes_equal_the_joined_form(value: Any) -> None:
    streamed, joined = io.BytesIO(), io.BytesIO()
    _write_section(streamed, value)
    _write_bytes(joined, dump_plain(value))
    assert streamed.getvalue() == joined.getvalue()
    streamed.seek(0)
    assert _read_section(streamed) == value


def test_parts_join_to_dump_plain() -> None:
    value = {"d": datetime.date(2020, 5, 6)}
    tag, body = plain_parts(value)
    assert tag == b"t"
    assert tag + body == dump_plain(value)


def _joined_section(value: dict[str, bytes]) -> bytes:
    handle = io.BytesIO()
    _write_section(handle, value)
    return handle.getvalue()


@pytest.mark.parametrize(
    "payloads",
    [
        {},
        {"specs/a.md": b"\x00payload", "specs/\u00e9.md": b"", "x" * 300: b"y" * 70_000},
        {f"specs/{n}.md": bytes([n]) * n for n in range(200)},
    ],
)
def test_payloads_streamed_equal_one_marshal_dump(payloads: dict[str, bytes]) -> None:
    """The payload section written item by item is the very section one marshal dump wrote."""
    held = list(payloads.items())  # as in a cache: every key and payload is held by its entry too
    streamed = io.BytesIO(b"before")
    streamed.seek(0, io.SEEK_END)
    _write_payloads(streamed, iter(held))
    streamed.write(b"after")
    assert streamed.getvalue() == b"before" + _joined_section(payloads) + b"after"
    streamed.seek(len(b"before"))
    assert _read_section(streamed) == payloads
