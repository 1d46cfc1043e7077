"""The cache's index as columns: an unchanged repository is recognised in bulk, not file by file.

The index says, per file, its stat key (size, modification and change time), its content
digest and whether its time can be trusted. Stored as one dict of 100,000 small tuples it took
0.09 s to unmarshal, 0.09 s more to turn into entries and 0.08 s to compare one file at a
time, on every warm run. As columns (the paths in walk order, the stat keys as arrays of
64-bit integers, one per field, the digests joined) it unmarshals in a few milliseconds, and
:func:`same_keys` compares a whole listing with two comparisons, of the paths and of the keys.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

from speckit_graph.load.statkeys import little_endian

#: What the index section holds: paths, stat keys (every size, then every modification time, then
#: every change time: int64, little-endian), trust flags (one byte per path), digest lengths (one
#: byte per path, NO_DIGEST for None), the digests joined.
Columns = tuple[tuple[str, ...], bytes, bytes, bytes, bytes]
#: One entry's key as :class:`speckit_graph.load.cache.Entry` takes it.
Key = tuple[int, int, int, "bytes | None", bool]
NO_DIGEST = 255


def encode(index: dict[str, Key]) -> Columns:
    """The columns of ``index``; a key that does not fit 64 bits is stored untrusted (checked by content)."""
    columns: tuple[array[int], ...] = (array("q"), array("q"), array("q"))
    trusted = bytearray()
    for size, mtime, ctime, _, trust in index.values():
        try:
            key = array("q", (size, mtime, ctime))
        except OverflowError:  # a time past the year 2262: never trusted on time, so the key is moot
            key, trust = array("q", (0, 0, 0)), False
        for column, value in zip(columns, key, strict=True):
            column.append(value)
        trusted.append(1 if trust else 0)
    digests = [key[3] for key in index.values()]
    lengths = bytes(NO_DIGEST if d is None else len(d) for d in digests)  # ValueError past 254 bytes: no cache
    return (
        tuple(index),
        b"".join(little_endian(column).tobytes() for column in columns),
        bytes(trusted),
        lengths,
        b"".join(d for d in digests if d is not None),
    )


def valid(value: Any) -> bool:
    """Whether a loaded section has the shape :func:`encode` writes (anything else: no cache)."""
    if not (isinstance(value, tuple) and len(value) == 5):
        return False
    paths, keys, trusted, lengths, digests = value
    if not (isinstance(paths, tuple) and set(map(type, paths)) <= {str}):
        return False
    if not all(type(part) is bytes for part in (keys, trusted, lengths, digests)):
        return False
    count = len(paths)
    if len(keys) != 24 * count or len(trusted) != count or len(lengths) != count:
        return False
    return sum(lengths) - NO_DIGEST * lengths.count(NO_DIGEST) == len(digests)


def decode(columns: Columns) -> dict[str, Key]:
    """The index :func:`encode` was given (a ``valid`` one), path by path."""
    paths, keys, trusted, lengths, digests = columns
    numbers: array[int] = array("q")
    numbers.frombytes(keys)
    little_endian(numbers)
    count = len(paths)
    out: dict[str, Key] = {}
    at = 0
    for position, path in enumerate(paths):
        length = lengths[position]
        digest = None
        if length != NO_DIGEST:
            digest, at = digests[at : at + length], at + length
        size, mtime, ctime = numbers[position], numbers[count + position], numbers[2 * count + position]
        out[path] = (size, mtime, ctime, digest, bool(trusted[position]))
    return out


def same_keys(columns: Columns, relpaths: Sequence[str], keys: bytes | None) -> bool | None:
    """Whether every listed file is indexed, trusted and has the same stat key: True, False, or
    None when only the order of the paths differs (the caller then compares file by file).

    ``keys``: the listing's stat keys as :func:`speckit_graph.load.statkeys.stat_keys` joins them,
    None when some file could not be stat'ed or has a time past the year 2262 (never trusted).
    """
    if keys is None or not could_match(columns, relpaths):
        return False
    if columns[0] != tuple(relpaths):
        return None
    return keys == columns[1]


def could_match(columns: Columns, relpaths: Sequence[str]) -> bool:
    """Whether the index can match ``relpaths`` at all: as many paths, every one trusted."""
    return len(columns[0]) == len(relpaths) and 0 not in columns[2]
