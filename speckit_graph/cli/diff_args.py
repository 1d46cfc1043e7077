"""How ``speckit-graph diff`` reads its positional arguments: ``A..B [PATH]``, ``A [PATH]`` or ``A B``.

``A..B`` and ``A PATH`` say what they mean. The older ``A B`` form is still read when B is a
git revision and not an existing folder, and a note on stderr says how it was read, so a
folder and a branch of the same name are never confused silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from speckit_graph.core.errors import UsageError


@dataclass(frozen=True)
class Revisions:
    """What to compare: ``rev_b`` None is the working tree; ``notes`` say how the arguments were read."""

    rev_a: str
    rev_b: str | None
    path: Path
    notes: tuple[str, ...] = ()


def read_arguments(revisions: str, second: str | None, legacy_path: Path | None) -> Revisions:
    """The revisions and the folder the positional arguments (and the deprecated ``--path``) name."""
    from speckit_graph.usecases.diff import is_revision

    notes: list[str] = []
    if legacy_path is not None:
        notes.append("--path is deprecated: give the folder as the last argument (speckit-graph diff A..B PATH)")
    if "..." in revisions:
        raise UsageError(f"'{revisions}': compare two revisions with A..B (two dots); A...B is not supported")
    if ".." in revisions:
        rev_a, _, rev_b = revisions.partition("..")
        return Revisions(rev_a or "HEAD", rev_b or "HEAD", _folder(second, legacy_path), tuple(notes))
    if second is None:
        return Revisions(revisions, None, _folder(None, legacy_path), tuple(notes))
    folder = Path(second)
    if legacy_path is None and folder.is_dir():
        if is_revision(folder, second):
            notes.append(
                f"'{second}' is both a folder and a git revision: read as the folder; "
                f"write {revisions}..{second} to compare the revisions"
            )
        return Revisions(revisions, None, folder, tuple(notes))
    where = legacy_path if legacy_path is not None else Path(".")
    if where.is_dir() and is_revision(where, second):
        notes.append(f"read as 'diff {revisions}..{second}' (write it so to skip this note)")
        return Revisions(revisions, second, where, tuple(notes))
    if legacy_path is not None:
        raise UsageError(f"'{second}' is not a git revision")
    raise UsageError(f"'{second}' is neither a folder nor a git revision")


def _folder(positional: str | None, legacy_path: Path | None) -> Path:
    if positional is not None and legacy_path is not None:
        raise UsageError("the folder is given twice: as an argument and with --path; drop --path")
    if positional is not None:
        return Path(positional)
    return legacy_path if legacy_path is not None else Path(".")
