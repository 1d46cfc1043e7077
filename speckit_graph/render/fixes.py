"""What ``check --fix`` / ``--diff`` print besides the findings: a unified diff and a one-line summary."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Protocol

from speckit_graph.render.escape import terminal


class FileChangeData(Protocol):
    """One changed file (``usecases.fix.FileChange`` has these attributes)."""

    @property
    def path(self) -> str: ...

    @property
    def before(self) -> bytes: ...

    @property
    def after(self) -> bytes: ...


def _lines(data: bytes) -> list[str]:
    """Lines for display, each with its ``\n`` (the last one without, when the file does not end with one).

    Decoded (undecodable bytes escaped), ``\r`` dropped, control characters made visible.
    """
    pieces = data.decode("utf-8", "backslashreplace").split("\n")
    last = pieces.pop()  # "" when the file ends with a line break
    lines = [f"{terminal(piece.rstrip(chr(13)))}\n" for piece in pieces]
    return [*lines, terminal(last.rstrip(chr(13)))] if last else lines


def render_unified_diff(changes: Iterable[FileChangeData], renames: Mapping[str, str] | None = None) -> str:
    """A unified diff (``a/path`` to ``b/path``, 3 lines of context) of every change, files in path order.

    ``renames`` maps a path to the name it gets (``move``): the ``b/`` side shows the new name.

    It is meant to be read and reviewed: a BOM or a control character shows as an escape,
    CRLF files show as LF, so it is not always a byte-exact patch; for plain UTF-8 files with
    LF line ends it is one (``git apply`` takes it; a missing final line break is marked
    ``\\ No newline at end of file`` as git marks it).
    """
    renames = renames or {}
    out: list[str] = []
    for change in sorted(changes, key=lambda c: c.path):
        if change.after == change.before:
            continue
        path, new_path = terminal(change.path), terminal(renames.get(change.path, change.path))
        for line in difflib.unified_diff(_lines(change.before), _lines(change.after), f"a/{path}", f"b/{new_path}"):
            out.append(line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n")
    return "".join(out)


def fix_summary(fixed: Mapping[str, int], files: int, *, diff: bool, waiting: int, unsafe_waiting: int) -> str:
    """``fixed 3 findings (SG105: 1, SG402: 2) in 2 files`` and what is left to fix, on one line."""
    total = sum(fixed.values())
    verb = "would fix" if diff else "fixed"
    per_rule = ", ".join(f"{code}: {count}" for code, count in sorted(fixed.items()))
    text = f"{verb} {total} finding{_s(total)}" + (f" ({per_rule})" if per_rule else "") + f" in {files} file{_s(files)}"
    if unsafe_waiting:
        text += f"; {unsafe_waiting} more fixable with --unsafe-fixes"
    other = waiting - unsafe_waiting
    if other > 0:
        text += f"; {other} fix{'es' if other != 1 else ''} left for another run"
    return text


def _s(count: int) -> str:
    return "" if count == 1 else "s"
