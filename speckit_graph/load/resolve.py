"""Resolve every spec's references into links, once every file is read.

Resolution needs the ids and paths of the whole repository, so the per-file reader only
parses references and this runs afterwards, from loaded data alone: nothing is opened.
What does not resolve cleanly is kept on the spec as data (``unresolved_references``,
``loose_references``); the SG101 and SG106 rules report it.
"""

from __future__ import annotations

from collections.abc import Iterable

from speckit_graph.config.model import Config
from speckit_graph.core.model import BadLinkValue, Link, LinkKind, LooseReference, Reference, Spec, UnresolvedReference
from speckit_graph.load.builders import new_link, replace_spec
from speckit_graph.load.fields import preview
from speckit_graph.load.references import ParsedRef, ReferenceIndex


def resolve_links(specs: Iterable[Spec], scanned_paths: Iterable[str], config: Config) -> list[Spec]:
    """Turn every spec's references into links against the whole repository.

    Runs after all files are read (so per-file reading stays independent and picklable),
    from the loaded ids and paths only: nothing is opened, and it is linear in references.
    Path and URL references that lead nowhere are kept as ``unresolved_references``; ids
    found only by ignoring case or zero padding resolve and are kept as ``loose_references``.
    """
    specs = list(specs)
    index = reference_index(specs, scanned_paths, config)
    multiple_parents = frozenset(lf.key for lf in config.link_fields if lf.multiple)
    return [_resolve_spec(spec, index, multiple_parents) if spec.references else spec for spec in specs]


def reference_index(specs: Iterable[Spec], scanned_paths: Iterable[str], config: Config) -> ReferenceIndex:
    """The ids and paths references resolve against; it changes only when an id or a spec file does."""
    specs = list(specs)
    spec_paths = {spec.path: spec.id for spec in specs}
    return ReferenceIndex((spec.id for spec in specs), spec_paths, scanned_paths, config.references)


def resolve_spec(spec: Spec, index: ReferenceIndex, config: Config) -> Spec:
    """One spec's references resolved against ``index``: what :func:`resolve_links` does for it.

    The language server re-resolves only the edited spec while no id or spec file changed.
    """
    if not spec.references:
        return spec
    return _resolve_spec(spec, index, frozenset(lf.key for lf in config.link_fields if lf.multiple))


def _resolve_spec(spec: Spec, index: ReferenceIndex, multiple_parents: frozenset[str]) -> Spec:
    links = _SpecLinks(spec, multiple_parents)
    literal_done: set[tuple[str, str, int | None, int | None, str]] = set()
    ids = index.ids
    for ref in spec.references:
        entry = ref.entry
        if entry is not None and entry in ids:
            # The entry as written is an id: it wins over any reading of it (one link per entry).
            # Keyed by the location's plain parts: hashing them costs no Python call per reference.
            loc = ref.location
            entry_key = (ref.field, loc.path, loc.line, loc.column, entry)
            if entry_key not in literal_done:
                literal_done.add(entry_key)
                links.add(ref, entry)  # an exact id: what the general path below does with it
            continue
        resolution = index.resolve(_as_parsed(ref))
        if resolution.note == "empty":
            continue
        if resolution.note == "problem":
            links.unresolved.append(UnresolvedReference(ref, resolution.problem or "cannot be resolved"))
            continue
        target = resolution.target if resolution.target is not None else ref.value
        if resolution.note == "canonical":
            links.loose.append(LooseReference(ref, target))
        links.add(ref, target)
    return links.resolved_spec()


class _SpecLinks:
    """One spec's links while its references resolve: kept, repeated, refused, or not resolved."""

    def __init__(self, spec: Spec, multiple_parents: frozenset[str]) -> None:
        self.spec = spec
        self.multiple_parents = multiple_parents
        self.links: list[Link] = list(spec.links)
        self.duplicates: list[Link] = list(spec.duplicate_links)
        self.bad: list[BadLinkValue] = list(spec.bad_links)
        self.unresolved: list[UnresolvedReference] = list(spec.unresolved_references)
        self.loose: list[LooseReference] = list(spec.loose_references)
        self.seen: set[tuple[str, str]] = {(link.field, link.target) for link in self.links}
        self.parent: Link | None = next((link for link in self.links if link.kind is LinkKind.PARENT), None)

    def add(self, ref: Reference, target: str) -> None:
        """A link from ``ref`` to ``target``, unless the field already names it or a second parent."""
        written = ref.written if ref.written != target else None
        link = new_link(self.spec.id, target, ref.kind, ref.field, ref.location, ref.label, written)
        if (ref.field, target) in self.seen:
            self.duplicates.append(link)
            return
        self.seen.add((ref.field, target))
        if link.kind is LinkKind.PARENT and ref.field not in self.multiple_parents:
            parent = self.parent
            if parent is not None and parent.target != target:
                reason = f"a spec has one parent; '{parent.field}' already names '{parent.target}'"
                self.bad.append(BadLinkValue(ref.field, preview(ref.written), reason, ref.location))
                return
            if parent is not None:
                return  # the same parent named by two fields: one edge is enough
            self.parent = link
        self.links.append(link)

    def resolved_spec(self) -> Spec:
        return replace_spec(
            self.spec,
            links=tuple(self.links),
            duplicate_links=tuple(self.duplicates),
            bad_links=tuple(self.bad),
            unresolved_references=tuple(self.unresolved),
            loose_references=tuple(self.loose),
        )


def _as_parsed(ref: Reference) -> ParsedRef:
    return ParsedRef(ref.written, ref.form, ref.value, ref.fallback, ref.problem)
