"""The cache file's sections: each a big-endian length, then a :func:`~speckit_graph.load.packing.dump_plain` value.

Written piece by piece where joining would copy the largest section whole at the run's peak.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from typing import IO, Any

from speckit_graph.load.packing import load_plain, plain_parts

LENGTH = 8  # bytes of the big-endian length before each section
_MARSHAL_DICT = b"\xfb"  # marshal's dict type with its reference flag, as marshal.dumps writes a shared dict
_MARSHAL_NULL = b"0"  # what closes a marshal dict


def write_section(handle: IO[bytes], value: Any) -> None:
    """The bytes of ``write_bytes(handle, dump_plain(value))``, without joining tag and body in memory."""
    tag, body = plain_parts(value)
    handle.write((len(tag) + len(body)).to_bytes(LENGTH, "big"))
    handle.write(tag)
    handle.write(body)


def write_bytes(handle: IO[bytes], data: bytes) -> None:
    handle.write(len(data).to_bytes(LENGTH, "big"))
    handle.write(data)


def write_payloads(handle: IO[bytes], items: Iterable[tuple[str, bytes]]) -> None:
    """The section ``write_section(handle, dict(items))`` writes, one item at a time.

    marshal writes a dict as its type byte, each key then value, and a closing byte; written
    item by item the section never exists whole in memory (some 165 MB at 100,000 specs).
    The length goes in front once known. Should an object repeat (marshal would write a
    back-reference) the item is written in full: larger, but it loads to the same dict.
    """
    start = handle.tell()
    handle.write(bytes(LENGTH))
    handle.write(b"m" + _MARSHAL_DICT)
    for key, value in items:
        handle.write(marshal.dumps(key))
        handle.write(marshal.dumps(value))
    handle.write(_MARSHAL_NULL)
    end = handle.tell()
    handle.seek(start)
    handle.write((end - start - LENGTH).to_bytes(LENGTH, "big"))
    handle.seek(end)


def read_section(handle: IO[bytes]) -> Any:
    return load_plain(read_raw(handle))


def read_raw(handle: IO[bytes]) -> bytes:
    """One length-prefixed section's bytes, not decoded; ValueError when cut short."""
    size = int.from_bytes(handle.read(LENGTH), "big")
    data = handle.read(size)
    if len(data) != size:
        raise ValueError("truncated cache file")
    return data
