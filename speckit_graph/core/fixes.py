"""Fixes: the edits that would make a finding go away, as plain data every layer can carry.

A :class:`TextEdit` replaces the bytes ``[start, end)`` of one file with ``text``. Offsets
are **byte offsets into the file as stored on disk** (a UTF-8 BOM counts as its 3 bytes,
CRLF as 2), so they mean the same thing to SARIF (``byteOffset``), to an editor and to
:func:`speckit_graph.edit.apply_edits`; ``text`` is written UTF-8 encoded. An insertion
has ``start == end``, a deletion an empty ``text``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Safety(str, enum.Enum):
    """``safe`` fixes keep the meaning the author evidently intended; ``unsafe`` ones change it."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace bytes ``[start, end)`` of ``path`` (relative to the repository root, POSIX) with ``text``."""

    path: str
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span [{self.start}, {self.end})")

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Fix:
    """What fixes one finding: a one-line description, its safety and the edits (possibly in several files)."""

    description: str
    safety: Safety
    edits: tuple[TextEdit, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(edit.path for edit in self.edits))

    def to_dict(self) -> dict[str, Any]:
        """The ``fix`` object of a finding in JSON (docs/check.md)."""
        return {
            "description": self.description,
            "safety": self.safety.value,
            "edits": [edit.to_dict() for edit in self.edits],
        }
