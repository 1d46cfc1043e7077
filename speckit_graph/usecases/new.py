"""``new``: a new spec from the repository's own template, with the next free id of its type."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import Spec
from speckit_graph.edit.create import create_file, inside
from speckit_graph.edit.numbering import derive_numbering, next_id, slug
from speckit_graph.edit.scaffold import SPECKIT_TEMPLATE, NewSpecValues, check_text, fill_template
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import Suggester, did_you_mean, require_ids
from speckit_graph.load.loader import read_spec_file
from speckit_graph.load.references import canonical_form
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session

TEMPLATE_CODE = "SG004"
_TYPE_LINE = re.compile(r"^type[ \t]*:[ \t]*['\"]?(?P<type>[^'\"#\s]+)", re.MULTILINE)


@dataclass(frozen=True)
class NewRequest:
    """``spec_id`` None derives the next id; ``today`` None is the local date; ``dry_run`` writes nothing."""

    spec_type: str
    load: LoadOptions = field(default_factory=LoadOptions)
    parent: str | None = None
    title: str | None = None
    spec_id: str | None = None
    dry_run: bool = False
    today: dt.date | None = None


@dataclass(frozen=True)
class NewOutcome(Outcome):
    """Where the spec went (``path`` as the user names it: PATH joined with the file), its id, text and template."""

    path: Path
    spec_id: str
    text: str
    template: str
    written: bool


def run_new(request: NewRequest) -> NewOutcome:
    title = check_text(request.title, "--title") if request.title is not None else None
    with session(request.load) as loader:
        graph = loader.load()
    config, root = loader.config, loader.root
    notes = list(loader.notes)
    spec_type = _known_type(request.spec_type, config)
    if request.parent is not None:
        require_ids([request.parent], graph.specs_by_id, "--parent")
    siblings = sorted((s for s in graph.all_specs() if s.type == spec_type), key=lambda s: s.path)
    if not siblings and not any(s.type for s in graph.all_specs()):  # no spec says its type: they all share one numbering
        siblings = sorted(graph.all_specs(), key=lambda s: s.path)
    spec_id = _new_id(request, graph, config, siblings, spec_type, title)
    template_path, template = _template(root, graph, spec_type)
    values = NewSpecValues(
        spec_id=spec_id,
        spec_type=spec_type,
        today=request.today or dt.date.today(),
        title=title,
        parent=request.parent,
        status=(config.vocabulary.lifecycle or config.vocabulary.status or ("draft",))[0],
        defaults=_common_values(siblings, ("category",)),
    )
    scaffold = fill_template(template, values, config)
    relpath = _file_for(siblings, spec_id, title)
    inside(root, relpath)
    if (root / relpath).exists() or (root / relpath).is_symlink():
        raise UsageError(f"{root / relpath} already exists; not overwritten")
    _verify(scaffold.text, relpath, spec_id, config, template_path)
    notes.extend(f"'{key}' left empty: the template holds a placeholder there; fill it in" for key in scaffold.left_empty)
    if title is None:
        notes.append("no --title given: the title still holds the template's placeholder")
    if not request.dry_run:
        create_file(root, relpath, scaffold.text)
    return NewOutcome(
        path=root / relpath,
        spec_id=spec_id,
        text=scaffold.text,
        template=template_path,
        written=not request.dry_run,
        notes=tuple(notes),
    )


def _known_type(spec_type: str, config: Config) -> str:
    text = check_text(spec_type, "--type")
    allowed = config.vocabulary.type
    if allowed and text not in allowed:
        if config.vocabulary.allows(allowed, text):
            return next(value for value in allowed if config.vocabulary.fold(value) == config.vocabulary.fold(text))
        hint = did_you_mean(Suggester(allowed).suggest(text, limit=1))
        raise UsageError(f"--type '{text}' is not one of: {', '.join(allowed)}{hint}")
    return text


def _new_id(
    request: NewRequest, graph: SpecGraph, config: Config, siblings: list[Spec], spec_type: str, title: str | None
) -> str:
    taken = {canonical_form(spec_id) for spec_id in graph.specs_by_id}
    if config.ids.from_path:
        raise UsageError("this repository takes ids from file paths (ids.from-path); create the file under the name you want")
    if request.spec_id is not None:
        spec_id = check_text(request.spec_id, "--id")
        if canonical_form(spec_id) in taken:
            raise UsageError(f"--id '{spec_id}': a spec already has this id (or the same id in other case or zero padding)")
    else:
        numbering = derive_numbering([s.id for s in siblings], spec_type, config.ids.number_template)
        spec_id = next_id(numbering, taken, title, spec_type)
    if config.id_pattern is not None and re.search(config.id_pattern, spec_id) is None:
        raise UsageError(
            f"the new id '{spec_id}' does not match the id-pattern /{config.id_pattern}/; give one that does with --id"
        )
    return spec_id


def _template(root: Path, graph: SpecGraph, spec_type: str) -> tuple[str, str]:
    """(where it came from, its text): the repository's template for this type, its only template, or SpeckIt's."""
    paths = sorted({hit.path for hit in graph.load_issues if hit.code == TEMPLATE_CODE and hit.path})
    texts: list[tuple[str, str]] = []
    for relpath in paths:
        try:
            texts.append((relpath, inside(root, relpath).read_text(encoding="utf-8-sig")))
        except (OSError, UnicodeDecodeError):
            continue
    for relpath, text in texts:
        match = _TYPE_LINE.search(text.split("\n---", 1)[0])
        if match is not None and match.group("type") == spec_type:
            return relpath, text
    untyped = [(p, t) for p, t in texts if _TYPE_LINE.search(t.split("\n---", 1)[0]) is None or "{{" in t.split("\n---", 1)[0]]
    if texts and (untyped or len(texts) == 1):
        return (untyped or texts)[0]
    return "the SpeckIt template", SPECKIT_TEMPLATE


def _common_values(siblings: list[Spec], names: tuple[str, ...]) -> dict[str, str]:
    """The value most specs of the type give each field (ties: the first in path order)."""
    result: dict[str, str] = {}
    for name in names:
        counts = Counter(value for value in (s.get_str(name) for s in siblings) if value)
        if counts:
            result[name] = counts.most_common(1)[0][0]
    return result


def _file_for(siblings: list[Spec], spec_id: str, title: str | None) -> str:
    """Where the new spec goes: the folder most specs of its type are in, named like them (by id, or by title)."""
    folders = Counter(posixpath.dirname(s.path) for s in siblings)
    folder = folders.most_common(1)[0][0] if folders else ""
    by_id = sum(posixpath.splitext(posixpath.basename(s.path))[0].lower() == s.id.lower() for s in siblings)
    if siblings and by_id * 2 > len(siblings) or not title:
        stem = spec_id if _safe_name(spec_id) else slug(spec_id)
    else:
        stem = slug(title) or slug(spec_id)
    if not stem:
        raise UsageError(f"cannot make a file name from the id '{spec_id}'")
    return posixpath.join(folder, stem + ".md") if folder else stem + ".md"


def _safe_name(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text)) and len(text) <= 120


def _verify(text: str, relpath: str, spec_id: str, config: Config, template: str) -> None:
    """Read the new text as the loader will: it must be a spec with the new id and no file problem."""
    with tempfile.TemporaryDirectory(prefix="speckit-graph-new-") as scratch:
        target = Path(scratch) / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        outcome = read_spec_file(Path(scratch), relpath, config)
    if outcome.spec is None or outcome.spec.id != spec_id or outcome.issues:
        problem = outcome.issues[0].message if outcome.issues else "it is not read as a spec"
        raise UsageError(f"{template} does not give a valid spec once filled in ({problem}); fix the template or give --id")
