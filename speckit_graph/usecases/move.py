"""``move``: move a spec file and rewrite every path link to it, and the moved file's own relative links.

A path link keeps the form it was written in: relative to the referring file (recomputed from
that file's folder, ``./`` kept), repository-rooted (``/stories/a.md``), rooted without the slash,
or a URL under a configured repository prefix; an anchor (``#acceptance``) stays. Links by id
need nothing: the id does not change.
"""

from __future__ import annotations

import os
import posixpath
import re
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from speckit_graph.config.model import DEFAULT_EXCLUDED_DIRS, Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.fixes import TextEdit
from speckit_graph.core.model import Reference, RefForm
from speckit_graph.edit import Document, read_target, resolve_target
from speckit_graph.edit.locate import locate_entry
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.load.walk import compile_glob, in_template_dir
from speckit_graph.usecases.bodylinks import body_edits, mentions
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session
from speckit_graph.usecases.movewrite import write_move
from speckit_graph.usecases.refs import (
    Change,
    EditRefused,
    body_change,
    change,
    document,
    reference_index,
    references_to,
    refusing,
)

_MARKDOWN_LINK = re.compile(r"^\[[^\[\]]*\]\((?P<target><[^<>]*>|[^()\s]*)(?:\s+\"[^\"]*\")?\)$")


@dataclass(frozen=True)
class MoveRequest:
    """``old`` and ``new`` are file paths as the user gives them (relative to the current folder, or absolute)."""

    old: Path
    new: Path
    load: LoadOptions = field(default_factory=LoadOptions)
    dry_run: bool = False
    allow_dirty: bool = False


@dataclass(frozen=True)
class MoveOutcome(Outcome):
    old: str
    new: str
    changes: tuple[Change, ...]
    references: int
    written: bool
    by_git: bool = False
    #: How many link targets in Markdown bodies were rewritten (``references`` counts the path links).
    body_links: int = 0


def run_move(request: MoveRequest) -> MoveOutcome:
    with session(request.load) as loader:
        graph = loader.load()
    config, root = loader.config, loader.root
    old_rel, new_rel = _relative(root, request.old, "OLD_PATH"), _relative(root, request.new, "NEW_PATH")
    spec = next((s for s in graph.all_specs() if s.path == old_rel), None)
    if spec is None:
        raise UsageError(f"{request.old} is not a spec file of {root} (nothing to move)")
    if "id" not in spec.fields and config.ids.from_path:
        raise UsageError(f"{request.old} takes its id from its path (ids.from-path): moving it would change its id")
    if (root / old_rel).is_symlink():
        raise UsageError(f"{request.old} is a symbolic link; move its target instead")
    resolve_target(root, old_rel)
    _check_destination(root, new_rel, request.new, config)
    index = reference_index(graph, loader)
    spots: dict[str, dict[tuple[int, int], list[Reference]]] = defaultdict(lambda: defaultdict(list))
    for referrer, ref in references_to(graph, index, spec.id):
        if ref.form in (RefForm.PATH, RefForm.URL) and ref.location.line is not None and ref.location.column is not None:
            spots[referrer.path][(ref.location.line, ref.location.column)].append(ref)
    own = [r for r in spec.references if r.form is RefForm.PATH and r.problem is None and r.value != old_rel]
    for ref in own:
        if ref.location.line is None or ref.location.column is None:
            continue
        place = spots[old_rel][(ref.location.line, ref.location.column)]
        if ref not in place:
            place.append(ref)  # a loose-case link to itself is already there
    changes, count, body = _changes(root, spots, spec_paths_of(graph), old_rel, new_rel, index.spec_paths, config)
    by_git = False
    if not request.dry_run:
        by_git = write_move(root, old_rel, new_rel, [c for c in changes if c.after != c.before], request.allow_dirty)
    return MoveOutcome(
        old_rel, new_rel, tuple(changes), count, not request.dry_run, by_git, body_links=body, notes=tuple(loader.notes)
    )


def spec_paths_of(graph: SpecGraph) -> list[str]:
    return sorted({s.path for s in graph.all_specs()})


def _changes(
    root: Path,
    spots: dict[str, dict[tuple[int, int], list[Reference]]],
    spec_files: list[str],
    old_rel: str,
    new_rel: str,
    spec_paths: dict[str, str],
    config: Config,
) -> tuple[list[Change], int, int]:
    """Each file's change (frontmatter path links, then body links), the path links and the body links rewritten.

    A file is read for its body only when it names the moved file's name (or is the moved file).
    """
    changes: list[Change] = []
    count = body = 0

    def exists(path: str) -> bool:
        return path in spec_paths or (root / path).is_file()

    for relpath in sorted({*spots, *spec_files, old_rel}):
        if relpath not in spots:
            try:
                data = read_target(root, relpath)
            except (OSError, UsageError):
                continue  # a symlink to outside PATH: never edited
            if relpath != old_rel and not mentions(data, old_rel):
                continue
            prose = body_edits(relpath, data, old_rel, new_rel, exists)
            if prose:
                body += len(prose)
                changes.append(body_change(relpath, data, prose))
            continue
        data, doc = document(root, relpath)
        edits: list[TextEdit] = []
        with refusing(relpath):
            count += _file_edits(doc, relpath, spots[relpath], old_rel, new_rel, spec_paths, config, edits)
        prose = body_edits(relpath, data, old_rel, new_rel, exists)
        body += len(prose)
        changes.append(change(relpath, data, [*edits, *prose], len(edits) + len(prose)))
    return changes, count, body


def _file_edits(
    doc: Document,
    relpath: str,
    spots: dict[tuple[int, int], list[Reference]],
    old_rel: str,
    new_rel: str,
    spec_paths: dict[str, str],
    config: Config,
    edits: list[TextEdit],
) -> int:
    """Add to ``edits`` the rewrites of one file's path links; returns how many links they change."""
    count = 0
    for (line, column), refs in sorted(spots.items()):
        keys = locate_entry(doc, line, column, config.references.mapping_keys)
        value = doc.value(keys) if keys is not None else None
        if keys is None or not isinstance(value, str):
            raise EditRefused(f"cannot edit the path link at {relpath}:{line}:{column} (not a one-line string)")
        rewritten = value
        for ref in refs:
            rewritten = _rewrite(rewritten, ref, relpath, old_rel, new_rel, graph_paths=spec_paths)
        if rewritten != value:
            edits.extend(doc.replace_scalar(keys, rewritten))
            count += len(refs)
    return count


def _relative(root: Path, given: Path, what: str) -> str:
    """``given`` as a POSIX path relative to ``root``; UsageError when it is outside."""
    base = os.path.realpath(root)
    folder = os.path.realpath(os.path.dirname(os.path.abspath(given)) or ".")
    full = os.path.join(folder, os.path.basename(given))
    relpath = os.path.relpath(full, base)
    if relpath == os.curdir or relpath.startswith(os.pardir + os.sep) or relpath == os.pardir or os.path.isabs(relpath):
        raise UsageError(f"{what} {given} is outside {root}; nothing is moved outside PATH")
    return Path(relpath).as_posix()


def _check_destination(root: Path, new_rel: str, given: Path, config: Config) -> None:
    if (root / new_rel).exists() or (root / new_rel).is_symlink():
        raise UsageError(f"{given} already exists; not overwritten")
    if not new_rel.lower().endswith(".md"):
        raise UsageError(f"{given} does not end in .md: the spec would leave the scan")
    parts = new_rel.split("/")
    hidden = config.default_excludes and any(p.startswith(".") or p in DEFAULT_EXCLUDED_DIRS for p in parts[:-1])
    included = any(compile_glob(p).match(new_rel) for p in config.include)
    excluded = any(compile_glob(p).match(new_rel) for p in config.exclude)
    if hidden or excluded or not included or in_template_dir(new_rel, config):
        raise UsageError(f"{given} is a place the scan skips (excluded, hidden or a template folder): the spec would vanish")


def _rewrite(value: str, ref: Reference, referrer: str, old_rel: str, new_rel: str, graph_paths: dict[str, str]) -> str:
    """``value`` with the path text of ``ref`` pointing where its target now is (from ``referrer``'s new place)."""
    written = ref.written
    at = value.find(written)
    if at < 0:
        raise EditRefused(f"cannot find the path link '{written}' in {referrer}")
    link = _MARKDOWN_LINK.match(written)
    path_text = link.group("target") if link is not None else written
    if path_text.startswith("<") and path_text.endswith(">"):
        path_text = path_text[1:-1]
    from_folder = posixpath.dirname(new_rel if referrer == old_rel else referrer)
    to_moved = ref.value.lower() == old_rel.lower() or (ref.fallback or "").lower() == old_rel.lower()
    target = new_rel if to_moved else ref.value
    if referrer == old_rel and ref.fallback is not None and ref.fallback in graph_paths and ref.value not in graph_paths:
        return value  # it resolved as a repository-rooted path: moving the file does not change it
    replacement = _spelled(path_text, ref, target, from_folder, old_rel)
    start = at + (written.find(path_text) if link is not None else 0)
    return value[:start] + replacement + value[start + len(path_text) :]


def _spelled(path_text: str, ref: Reference, target: str, from_folder: str, old_rel: str) -> str:
    """``target`` written the way ``path_text`` was: relative, rooted or a URL, with its anchor and encoding."""
    cut = min((i for i in (path_text.find("#"), path_text.find("?")) if i >= 0), default=len(path_text))
    bare, anchor = path_text[:cut], path_text[cut:]
    encoded = "%" in bare
    if ref.form is RefForm.URL or "://" in bare:
        tail = urllib.parse.quote(ref.value) if encoded else ref.value
        if not bare.endswith("/" + tail):
            raise EditRefused(f"cannot tell which part of the URL '{path_text}' is the file's path; nothing written")
        new, encoded = bare[: len(bare) - len(tail)] + (urllib.parse.quote(target, safe="/") if encoded else target), False
    elif bare.startswith("/"):
        new = "/" + target
    elif ref.value.lower() != old_rel.lower() and (ref.fallback or "").lower() == old_rel.lower():
        new = target  # written relative-looking but read from the root
    else:
        new = posixpath.relpath(target, from_folder or ".")
        if bare.startswith("./") and not new.startswith("../"):
            new = "./" + new
    if encoded:
        new = urllib.parse.quote(new, safe="/:")
    return new + anchor
