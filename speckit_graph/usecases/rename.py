"""``rename``: change a spec's id and every reference to it, touching only the bytes that held it.

Every reference the loader resolves to the spec is found (plain id, ``ID: title`` label,
case or zero-padding variant, a Markdown link whose text is the id, a number through the id
template) in every link field the configuration maps, and the id's spelling inside that
scalar becomes NEW, in the scalar's own quoting. Paths that name the spec's file still name
it (the file does not move; ``move`` renames files), unless ``move_file`` asks to move a
file named after OLD to NEW's name too: the move is planned (as a dry run, so every refusal
of ``move`` comes first) before the rename writes anything, then done after it.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.fixes import TextEdit
from speckit_graph.core.model import REVIEWED_KEY, RefForm
from speckit_graph.edit import Document
from speckit_graph.edit.keys import rename_key
from speckit_graph.edit.locate import locate_entry
from speckit_graph.edit.scaffold import check_text
from speckit_graph.graph.suggest import require_ids
from speckit_graph.load.references import ReferenceIndex, canonical_form
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session
from speckit_graph.usecases.move import MoveOutcome, MoveRequest, run_move
from speckit_graph.usecases.refs import (
    Change,
    EditRefused,
    change,
    document,
    reference_index,
    references_to,
    refusing,
    write_changes,
)

_TOKEN = re.compile(r"(?<![A-Za-z0-9_.#/-])[A-Za-z0-9][A-Za-z0-9_.#-]*")


@dataclass(frozen=True)
class RenameRequest:
    old: str
    new: str
    load: LoadOptions = field(default_factory=LoadOptions)
    dry_run: bool = False
    allow_dirty: bool = False
    #: When the file is named after OLD, also move it to NEW's name (``rename --move-file``).
    move_file: bool = False


@dataclass(frozen=True)
class RenameOutcome(Outcome):
    """The files changed (before and after), the references rewritten and the path links left as they are."""

    changes: tuple[Change, ...]
    references: int
    path_links: int
    written: bool
    #: With ``move_file``: what the move did (or would do, with ``dry_run``: computed before the rename).
    moved: MoveOutcome | None = None


def run_rename(request: RenameRequest) -> RenameOutcome:
    new = check_text(request.new, "NEW")
    with session(request.load) as loader:
        graph = loader.load()
    config, root = loader.config, loader.root
    require_ids([request.old], graph.specs_by_id, "OLD")
    old = request.old
    if old in graph.duplicates:
        raise UsageError(f"'{old}' is claimed by {len(graph.duplicates[old])} files; make it unique before renaming it")
    target = graph.specs_by_id[old]
    if "id" not in target.fields:
        raise UsageError(f"'{old}' is derived from the path of {target.path} (ids.from-path): it has no id field to rename")
    _check_new(old, new, graph.specs_by_id, config)
    index = reference_index(graph, loader)
    spots: dict[str, set[tuple[int, int]]] = defaultdict(set)
    path_links = 0
    for spec, ref in references_to(graph, index, old):
        if ref.form is RefForm.PATH and not _names_id(ref.written, old, index, config):
            path_links += 1
            continue
        if ref.location.line is None or ref.location.column is None:
            raise EditRefused(f"cannot place the reference to '{old}' in {spec.path} (no line and column)")
        spots[spec.path].add((ref.location.line, ref.location.column))
    reviewed = {
        spec.path
        for spec in graph.all_specs()
        if isinstance(spec.fields.get(REVIEWED_KEY), dict) and old in spec.fields[REVIEWED_KEY]
    }
    changes: list[Change] = []
    count = 0
    for relpath in sorted({*spots, *reviewed, target.path}):
        data, doc = document(root, relpath)
        with refusing(relpath):
            edits, edited = _edits(doc, relpath, spots.get(relpath, set()), old, new, index, config)
            if relpath in reviewed:
                edits.extend(rename_key(doc, (REVIEWED_KEY,), old, new))
                edited += 1
            if relpath == target.path:
                id_key = target.key_of("id")
                edits.extend(doc.replace_scalar((id_key,), _spelling(doc.value((id_key,)), new, config)))
        count += edited
        changes.append(change(relpath, data, edits, edited))
    notes = list(loader.notes)
    destination = _named_after(target.path, old, new)
    planned = None
    if destination is not None and request.move_file:
        planned = _plan_move(root, target.path, destination, request)
        if not request.allow_dirty:  # both steps' files, before the first byte is written
            write_changes(root, [], False, also_check=tuple(c.relpath for c in [*changes, *planned.changes]))
    elif destination is not None:
        notes.append(
            f"{target.path} is still named after '{old}'; 'speckit-graph move' renames it and its path links"
            " (or rename with --move-file to do both at once)"
        )
    if path_links and planned is None:
        notes.append(f"{path_links} path link(s) name the file {target.path}; they still do (the file keeps its name)")
    if not request.dry_run:
        write_changes(root, changes, request.allow_dirty)
    moved = planned
    if planned is not None and not request.dry_run:
        real = dataclasses.replace(_move_request(root, target.path, planned.new, request), dry_run=False, allow_dirty=True)
        moved = run_move(real)
    return RenameOutcome(tuple(changes), count, path_links, not request.dry_run, moved, notes=tuple(notes))


def _named_after(relpath: str, old: str, new: str) -> str | None:
    """The path the file would have under NEW's name, when its name is OLD's (in any case or padding), else None."""
    folder, _, name = relpath.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if not dot or canonical_form(stem) != canonical_form(old):
        return None
    renamed = new.lower() if stem != old and stem == stem.lower() else new
    return f"{folder}/{renamed}.{suffix}" if folder else f"{renamed}.{suffix}"


def _move_request(root: Path, old_rel: str, new_rel: str, request: RenameRequest) -> MoveRequest:
    return MoveRequest(root / old_rel, root / new_rel, request.load, dry_run=True, allow_dirty=request.allow_dirty)


def _plan_move(root: Path, old_rel: str, new_rel: str, request: RenameRequest) -> MoveOutcome:
    """The move as a dry run, before anything is written: every refusal of ``move`` happens here."""
    return run_move(_move_request(root, old_rel, new_rel, request))


def _edits(
    doc: Document, relpath: str, spots: set[tuple[int, int]], old: str, new: str, index: ReferenceIndex, config: Config
) -> tuple[list[TextEdit], int]:
    """The edits of one file's references to ``old`` (one per scalar) and how many scalars they change."""
    edits: list[TextEdit] = []
    seen: set[tuple[str | int, ...]] = set()
    for line, column in sorted(spots):
        keys = locate_entry(doc, line, column, config.references.mapping_keys)
        if keys is None:
            raise EditRefused(f"cannot edit the reference to '{old}' at {relpath}:{line}:{column} (not a one-line scalar)")
        if keys in seen:
            continue
        seen.add(keys)
        replaced = _renamed(doc.value(keys), old, new, index, config)
        if replaced is None:
            raise EditRefused(f"cannot find how the reference at {relpath}:{line}:{column} spells '{old}'; nothing written")
        edits.extend(doc.replace_scalar(keys, replaced))
    return edits, len(seen)


def _check_new(old: str, new: str, ids: Collection[str], config: Config) -> None:
    if new == old:
        raise UsageError(f"OLD and NEW are the same id ('{old}')")
    if new in ids:
        raise UsageError(f"a spec already has the id '{new}'")
    clash = [spec_id for spec_id in ids if spec_id != old and canonical_form(spec_id) == canonical_form(new)]
    if clash:
        raise UsageError(f"'{new}' differs from the existing id '{clash[0]}' only in case or zero padding; pick another")
    if config.id_pattern is not None and re.search(config.id_pattern, new) is None:
        raise UsageError(f"'{new}' does not match the id-pattern /{config.id_pattern}/")
    if not _TOKEN.fullmatch(new):
        raise UsageError(f"'{new}' is not an id (letters, digits and . _ # - only, starting with a letter or digit)")


def _resolves(token: str, old: str, index: ReferenceIndex, config: Config) -> bool:
    if token == old:
        return True
    template = config.ids.number_template
    if token.isdigit() and template is not None:
        token = template.format(token)
    return index.resolve_id(token).target == old


def _names_id(written: str, old: str, index: ReferenceIndex, config: Config) -> bool:
    return any(_resolves(m.group(0).rstrip("."), old, index, config) for m in _TOKEN.finditer(written))


def _renamed(value: object, old: str, new: str, index: ReferenceIndex, config: Config) -> str | None:
    """The scalar's text with every token naming ``old`` replaced; None when it names it nowhere."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value)
    pieces: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0).rstrip(".")
        if _resolves(token, old, index, config):
            pieces.append(text[position : match.start()])
            pieces.append(_spelling(token, new, config))
            position = match.start() + len(token)
    if not pieces:
        return None
    return "".join(pieces) + text[position:]


def _spelling(written: object, new: str, config: Config) -> str:
    """``new`` as the old spelling wrote it: a bare number stays a number when the id template makes it ``new``."""
    template = config.ids.number_template
    if template is not None and str(written).isdigit():
        digits = new[len(template.prefix) : len(new) - len(template.suffix) or None]
        if digits.isdigit() and template.format(digits) == new:
            return digits
    return new
