"""Plain data describing specs and their links, shared by every layer."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class LinkKind(str, enum.Enum):
    """The three traceability relations of the SpeckIt format."""

    PARENT = "parent"
    DEPENDS_ON = "depends_on"
    RELATED = "related"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file; ``line``/``column`` are 1-based, ``None`` when unknown."""

    path: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """One reference written in a spec's frontmatter, resolved or not.

    ``target`` is the spec id it names (normalised: a path, a number or a label become the id);
    ``field`` the frontmatter key it came from, so findings can name the field the author has
    to edit. ``label`` is the configured named kind (``supersedes``) when the field is one, the
    graph still keys the edge by ``kind``, the base kind it behaves like. ``written`` keeps the
    entry as the author wrote it when that differs from ``target``.
    """

    source: str
    target: str
    kind: LinkKind
    field: str
    location: Location
    label: str | None = None
    written: str | None = None

    @property
    def name(self) -> str:
        """The relation's display name: the named kind when there is one, else the base kind."""
        return self.label or self.kind.value


class RefForm(str, enum.Enum):
    """How a reference was written; decides how it is resolved after every file is read."""

    ID = "id"
    PATH = "path"
    URL = "url"
    NONE = "none"  # an empty marker ("N/A"): no link, unless some spec literally has that id

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Reference:
    """One link entry parsed from frontmatter but not yet resolved to a spec id.

    Resolution needs every spec (paths and ids of the whole repository), so the per-file
    reader stores these and the loader turns them into :class:`Link` objects afterwards.
    ``value`` is the id candidate (ID form), the repository-relative normalised path (PATH
    form, ``fallback`` being the repo-rooted reading of the same text) or the URL; ``problem``
    is set when the entry can never resolve (a path outside the repository). ``entry`` is the
    whole string entry it came from: when a spec has exactly that id, it wins over any reading,
    so normalisation never breaks a repository whose ids are written literally.
    """

    field: str
    kind: LinkKind
    label: str | None
    written: str
    form: RefForm
    value: str
    location: Location
    fallback: str | None = None
    problem: str | None = None
    entry: str | None = None


@dataclass(frozen=True, slots=True)
class UnresolvedReference:
    """A path or URL reference that leads to no spec; ``problem`` ends "names X, which ..." (SG101).

    Only paths and URLs: an id that no spec has stays a :class:`Link` and shows up in the
    graph's ``unresolved`` links, since ids are resolved when the graph is built.
    """

    reference: Reference
    problem: str


@dataclass(frozen=True, slots=True)
class LooseReference:
    """A reference that resolved to ``target`` only when case and zero padding were ignored (SG106)."""

    reference: Reference
    target: str


@dataclass(frozen=True, slots=True)
class BadLinkValue:
    """A link field entry of the wrong shape (mapping, number, empty string)."""

    field: str
    value: str
    reason: str
    location: Location


@dataclass(frozen=True, slots=True)
class Spec:
    """One spec file: its id, the frontmatter fields we know and the links it declares.

    ``fields`` keeps the raw (already YAML-constructed) values of every top-level key
    so rules can validate them; ``field_lines`` maps each key to its 1-based line.
    ``references`` are the link entries as read from the file; once every file is read the
    loader resolves them into ``links``, and keeps what resolved badly as data for the
    rules: ``unresolved_references`` (SG101) and ``loose_references`` (SG106).
    """

    id: str
    path: str
    location: Location
    fields: dict[str, Any]
    field_lines: dict[str, int]
    field_keys: dict[str, str]
    links: tuple[Link, ...] = ()
    bad_links: tuple[BadLinkValue, ...] = ()
    duplicate_links: tuple[Link, ...] = ()
    placeholders: tuple[tuple[str, int], ...] = field(default=())
    references: tuple[Reference, ...] = ()
    unresolved_references: tuple[UnresolvedReference, ...] = ()
    loose_references: tuple[LooseReference, ...] = ()
    #: Lines of the frontmatter that did not parse (SG001 each); the spec holds the fields that did.
    unparsed_lines: tuple[int, ...] = ()

    @property
    def partial(self) -> bool:
        """Whether only part of the frontmatter was read (a line did not parse)."""
        return bool(self.unparsed_lines)

    def get_str(self, key: str) -> str | None:
        """A field as a stripped string, or None when absent or not a string."""
        value = self.fields.get(key)
        if isinstance(value, str):
            return value.strip()
        return None

    @property
    def title(self) -> str:
        return self.get_str("title") or ""

    @property
    def status(self) -> str | None:
        return self.get_str("status")

    @property
    def type(self) -> str | None:
        return self.get_str("type")

    def line_of(self, key: str) -> int | None:
        return self.field_lines.get(key, self.location.line)

    def key_of(self, canonical: str) -> str:
        """The key as the author wrote it (``spec_id`` for ``id``), for messages."""
        return self.field_keys.get(canonical, canonical)


# ---------------------------------------------------------------------------------------
# History: what git says about when specs changed (read by ``history``, judged by SG305)

#: The frontmatter key a spec acknowledges upstream changes with: ``reviewed: {spec-id: <commit>}``.
REVIEWED_KEY = "reviewed"
#: ``Revision.time`` of uncommitted changes: later than any commit.
UNCOMMITTED_TIME = 2**62


@dataclass(frozen=True, slots=True, order=True)
class Revision:
    """A point in git history, ordered by commit time, then by topological position.

    ``commit`` is the full id, or ``""`` for uncommitted changes in the working tree, which
    sort after every commit. ``order`` breaks ties between commits made in the same second
    (a larger order is a newer commit).
    """

    time: int
    order: int
    commit: str

    @property
    def uncommitted(self) -> bool:
        return not self.commit

    @property
    def short(self) -> str:
        """The abbreviated commit id people copy into ``reviewed:``."""
        return self.commit[:10] if self.commit else "uncommitted"

    @property
    def date(self) -> str:
        """The UTC commit date, ``YYYY-MM-DD`` (the same in every time zone)."""
        if self.uncommitted:
            return "working tree"
        return datetime.datetime.fromtimestamp(self.time, tz=datetime.timezone.utc).strftime("%Y-%m-%d")


@dataclass(frozen=True)
class History:
    """When each spec file last changed substantively, from git (see ``speckit_graph.vcs.history``).

    ``changed`` maps a spec's path (relative to the scanned folder, like ``Spec.path``) to
    its last substantive change, or to None when that change is older than what a shallow
    clone can see. ``commits`` resolves the commit ids written in ``reviewed:``
    acknowledgements (as written, lower-cased); an id missing from it names no commit.
    ``shallow`` is the oldest visible commit of a shallow clone (None with full history).
    """

    revision: str
    changed: Mapping[str, Revision | None]
    commits: Mapping[str, Revision] = field(default_factory=dict)
    shallow: Revision | None = None
    working_tree: bool = False
