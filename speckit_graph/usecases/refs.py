"""What ``rename`` and ``move`` share: finding every reference to a spec, editing files, showing diffs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from speckit_graph.core.errors import UsageError
from speckit_graph.core.fixes import TextEdit
from speckit_graph.core.model import Reference, Spec
from speckit_graph.edit import Document, EditError, OverlapError, apply_edits, read_target, write_atomic
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.load.references import ParsedRef, ReferenceIndex
from speckit_graph.usecases.load import Session
from speckit_graph.vcs.dirty import DirtyFilesError, uncommitted


@dataclass(frozen=True)
class Change:
    """One file's bytes before and after; ``references`` counts the references edited in it."""

    relpath: str
    before: bytes
    after: bytes
    references: int

    @property
    def path(self) -> str:
        """The name the diff renderer reads (``render.fixes.FileChangeData``)."""
        return self.relpath


def reference_index(graph: SpecGraph, session: Session) -> ReferenceIndex:
    """The index the loader resolved references with, rebuilt from the loaded graph."""
    specs = list(graph.all_specs())
    return ReferenceIndex((s.id for s in specs), {s.path: s.id for s in specs}, (), session.config.references)


def references_to(graph: SpecGraph, index: ReferenceIndex, target: str) -> Iterator[tuple[Spec, Reference]]:
    """Every (spec, reference) of the repository that resolves to ``target``, as the loader resolved it."""
    for spec in graph.all_specs():
        for ref in spec.references:
            if ref.entry is not None and ref.entry in index.ids:
                resolved: str | None = ref.entry
            else:
                resolved = index.resolve(ParsedRef(ref.written, ref.form, ref.value, ref.fallback, ref.problem)).target
            if resolved == target:
                yield spec, ref


def document(root: Path, relpath: str) -> tuple[bytes, Document]:
    data = read_target(root, relpath)
    try:
        return data, Document.parse(relpath, data)
    except EditError as exc:
        raise EditRefused(f"cannot edit {relpath}: {exc}") from None


class EditRefused(UsageError):
    """A reference that cannot be edited safely: the whole command is refused (nothing half-done)."""


@contextlib.contextmanager
def refusing(relpath: str) -> Iterator[None]:
    """An edit the shared primitives cannot make (block scalar, overlap) refuses the whole command, naming the file."""
    try:
        yield
    except (EditError, OverlapError) as exc:
        raise EditRefused(f"cannot edit {relpath}: {exc}; nothing written") from None


def change(relpath: str, data: bytes, edits: list[TextEdit], references: int) -> Change:
    """The file after ``edits``; re-parsed, so an edit that broke the frontmatter is refused."""
    with refusing(relpath):
        after = apply_edits(data, edits)
    try:
        Document.parse(relpath, after)
    except EditError as exc:
        raise EditRefused(f"editing {relpath} would break its frontmatter ({exc}); nothing written") from None
    return Change(relpath, data, after, references)


def body_change(relpath: str, data: bytes, edits: list[TextEdit]) -> Change:
    """The file after edits of its body only (its frontmatter is not touched, so it is not re-parsed)."""
    with refusing(relpath):
        return Change(relpath, data, apply_edits(data, edits), len(edits))


def write_changes(root: Path, changes: list[Change], allow_dirty: bool, also_check: tuple[str, ...] = ()) -> None:
    """Refuse files with uncommitted changes (unless ``allow_dirty``), then write each changed file atomically."""
    touched = [c.relpath for c in changes if c.after != c.before]
    if not allow_dirty:
        dirty = uncommitted(root, [*touched, *also_check])
        if dirty:
            raise DirtyFilesError(dirty)
    for item in changes:
        if item.after != item.before:
            write_atomic(root, item.relpath, item.after)
