"""The configuration model: frozen dataclasses, their defaults and the questions they answer.

Parsing TOML into a :class:`Config` lives in :mod:`speckit_graph.config.parse`, finding the
file in :mod:`speckit_graph.config.discover`.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from speckit_graph.config import presets
from speckit_graph.config.project import ProjectSettings, TypeRule
from speckit_graph.config.trace import TraceSettings
from speckit_graph.core.findings import Severity
from speckit_graph.core.model import LinkKind

CONFIG_FILENAME = ".speckit-graph.toml"

#: Frontmatter fields speckit-graph understands, by their canonical SpeckIt names.
CANONICAL_FIELDS = (
    "id", "title", "type", "category", "author", "version", "status", "priority",
    "createdAt", "updatedAt", "estimatedEffort", "actualEffort", "reviewers", "approvers",
    "tags", "parent", "dependencies", "related",
)  # fmt: skip

DEFAULT_EXCLUDED_DIRS = (
    "node_modules", "venv", "env", "site-packages", "__pycache__", "build", "dist",
    "_build", "target", "out",
)  # fmt: skip

DEFAULT_ALIASES: Mapping[str, tuple[str, ...]] = {
    "id": ("spec_id", "specId"),
    "dependencies": ("depends_on", "dependsOn", "depends-on"),
    "related": ("related_specs", "relatedSpecs"),
    "parent": ("parent_id", "parentId"),
    "createdAt": ("created_at", "created"),
    "updatedAt": ("updated_at", "updated"),
}


@dataclass(frozen=True)
class Vocabulary:
    """Allowed values per field and the repository's lifecycle.

    ``lifecycle`` orders the working stages and the done statuses; ``done`` is the set a
    release aims at (empty: the last stage); ``abandoned`` and ``redirect`` are terminal
    statuses outside the order (redirect entries may be patterns: ``Superseded by *``).
    Statuses listed in ``status`` but not in the order count as abandoned, as before, unless
    ``unordered`` holds them (known values whose place nobody has decided yet).
    """

    status: tuple[str, ...] = ("draft", "review", "approved", "implemented", "deprecated")
    lifecycle: tuple[str, ...] = ("draft", "review", "approved", "implemented")
    type: tuple[str, ...] = (
        "user_story", "functional_requirement", "data_model", "service_spec", "epic",
        "api_spec", "ui_spec",
    )  # fmt: skip
    category: tuple[str, ...] = ("requirements", "architecture", "backlog", "documentation")
    priority: tuple[str, ...] = ("low", "medium", "high", "critical")
    approval_status: str = "approved"
    ignore_case: bool = False
    done: tuple[str, ...] = ()
    abandoned: tuple[str, ...] = ()
    redirect: tuple[str, ...] = ()
    unordered: tuple[str, ...] = ()  # allowed statuses nobody has placed yet: neither a stage nor terminal

    @property
    def done_statuses(self) -> tuple[str, ...]:
        """The statuses that count as finished: ``done``, else the last lifecycle stage."""
        return self.done or self.lifecycle[-1:]

    @property
    def retired(self) -> frozenset[str]:
        """Terminal statuses written out (abandoned, literal redirects, listed but unordered)."""
        literal_redirects = (r for r in self.redirect if not _is_pattern(r))
        unplaced = frozenset(self.status) - frozenset(self.lifecycle) - frozenset(self.unordered)
        return unplaced | frozenset(self.abandoned) | frozenset(literal_redirects)

    def fold(self, value: str) -> str:
        """The form values are compared in: as written, or case-folded with ``ignore-case``."""
        return value.casefold() if self.ignore_case else value

    @functools.cached_property
    def _stages(self) -> dict[str, int]:
        stages: dict[str, int] = {}
        for index, status in enumerate(self.lifecycle):
            stages.setdefault(self.fold(status), index)
        # Every done status ranks as high as the highest one: Final is not "before" Living.
        done = [stages[self.fold(s)] for s in self.done_statuses if self.fold(s) in stages]
        top = max(done, default=len(self.lifecycle))
        for status in self.done_statuses:
            stages[self.fold(status)] = top
        return stages

    @functools.cached_property
    def _retired_folded(self) -> frozenset[str]:
        return frozenset(self.fold(s) for s in self.retired)

    @functools.cached_property
    def _done_folded(self) -> frozenset[str]:
        return frozenset(self.fold(s) for s in self.done_statuses)

    @functools.cached_property
    def _redirect_patterns(self) -> tuple[re.Pattern[str], ...]:
        flags = re.IGNORECASE if self.ignore_case else 0
        return tuple(re.compile(fnmatch.translate(r), flags) for r in self.redirect)

    def stage(self, status: str | None) -> int | None:
        """Position of ``status`` in the lifecycle, None when terminal or unknown."""
        return self._stages.get(self.fold(status)) if status is not None else None

    def is_done(self, status: str | None) -> bool:
        return status is not None and self.fold(status) in self._done_folded

    def is_redirect(self, status: str | None) -> bool:
        """Whether ``status`` says the spec moved or was superseded (``Moved``, ``Superseded by X``)."""
        return status is not None and any(p.match(status.strip()) for p in self._redirect_patterns)

    def is_retired(self, status: str | None) -> bool:
        """Terminal: abandoned or redirected; such a spec is never a blocker, nothing should rest on it."""
        return status is not None and (self.fold(status) in self._retired_folded or self.is_redirect(status))

    def allows(self, values: tuple[str, ...], value: str) -> bool:
        """Whether ``value`` is one of ``values`` (one of this vocabulary's lists)."""
        if not self.ignore_case:
            return value in values
        folded = value.casefold()
        return any(folded == v.casefold() for v in values)

    def needs_approval(self, status: str | None) -> bool:
        stage, threshold = self.stage(status), self.stage(self.approval_status)
        return stage is not None and threshold is not None and stage >= threshold


def _is_pattern(text: str) -> bool:
    return any(c in text for c in "*?[")


#: Frontmatter fields whose changes are bookkeeping, not meaning: changing only these (or
#: whitespace) is not a substantive change for suspect links (SG305).
DEFAULT_HISTORY_IGNORE_FIELDS = (
    "updatedAt", "version", "status", "priority", "author", "reviewers", "approvers",
    "estimatedEffort", "actualEffort", "tags",
)  # fmt: skip


@dataclass(frozen=True)
class HistorySettings:
    """How git history is judged (``[history]``): which field changes are not substantive."""

    ignore_fields: tuple[str, ...] = DEFAULT_HISTORY_IGNORE_FIELDS


#: The canonical link fields of the SpeckIt format and the kind each one feeds.
BASE_LINK_FIELDS: Mapping[str, LinkKind] = {
    "parent": LinkKind.PARENT,
    "dependencies": LinkKind.DEPENDS_ON,
    "related": LinkKind.RELATED,
}
#: Names a ``[links]`` entry or a ``like`` may use for the base kinds.
KIND_NAMES: Mapping[str, LinkKind] = {
    "parent": LinkKind.PARENT,
    "depends_on": LinkKind.DEPENDS_ON,
    "depends-on": LinkKind.DEPENDS_ON,
    "dependencies": LinkKind.DEPENDS_ON,
    "related": LinkKind.RELATED,
}
FRONTMATTER_BLOCKS = ("first", "second", "merge")
DEFAULT_EMPTY_MARKERS = ("N/A", "NA", "N.A.", "none", "-", "TBD")


@dataclass(frozen=True)
class LinkSpec:
    """One ``[links]`` entry: frontmatter keys feeding a base kind or a named kind.

    A named kind (``supersedes``) keeps its name as the links' label and behaves like its
    base ``kind`` in the graph, so every rule written for that kind applies to it.
    """

    name: str
    kind: LinkKind
    fields: tuple[str, ...]
    multiple: bool = False

    @property
    def label(self) -> str | None:
        return None if self.name in KIND_NAMES else self.name


@dataclass(frozen=True)
class LinkField:
    """A frontmatter key the loader reads links from, with what those links mean."""

    key: str
    kind: LinkKind
    label: str | None = None
    multiple: bool = False


@dataclass(frozen=True)
class NumberTemplate:
    """How a bare number becomes an id: ``FIP-{:04d}`` turns 34 or "34" into ``FIP-0034``.

    ``{}`` keeps the digits as written, ``{:d}`` drops leading zeros, ``{:0Nd}`` pads to N;
    ``{KEY}`` / ``{key}`` stand for the id field's key (``fip`` -> ``FIP``).
    """

    text: str
    prefix: str
    suffix: str
    width: int | None

    def format(self, digits: str, key: str = "") -> str:
        if self.width is None:
            number = digits
        else:
            number = str(int(digits)).rjust(self.width, "0")
        text = f"{self.prefix}{number}{self.suffix}"
        return text.replace("\x00KEY", key.upper()).replace("\x00key", key)


_TEMPLATE = re.compile(r"^(?P<prefix>[^{}]*)\{(?::(?P<zero>0?)(?P<width>\d*)d)?\}(?P<suffix>[^{}]*)$")


def parse_number_template(text: str) -> NumberTemplate | None:
    """The template, or None when it is not ``PREFIX{}SUFFIX`` / ``{:d}`` / ``{:0Nd}``."""
    marked = text.replace("{KEY}", "\x00KEY").replace("{key}", "\x00key")
    match = _TEMPLATE.match(marked)
    if match is None:
        return None
    width: int | None
    if match.group("zero") is None:
        width = None
    elif match.group("width"):
        if not match.group("zero"):
            return None  # space padding would put blanks in ids
        written = match.group("width").lstrip("0") or "0"
        width = int(written) if len(written) <= 6 else 10**6  # int() refuses 4,300+ digits; the parser reports the width
    else:
        width = 0
    return NumberTemplate(text, match.group("prefix"), match.group("suffix"), width)


@dataclass(frozen=True)
class IdSettings:
    """Where a spec's id comes from besides the id field (numbers, the file path)."""

    number_template: NumberTemplate | None = None
    from_path: str | None = None
    path_format: str | None = None

    @functools.cached_property
    def path_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.from_path) if self.from_path else None

    def id_from_path(self, relpath: str) -> str | None:
        """The id the configured pattern derives from a repository-relative path, if it matches."""
        regex = self.path_regex
        match = regex.search(relpath) if regex is not None else None
        if match is None:
            return None
        groups = match.groupdict()
        if self.path_format is None:
            named = [value for value in groups.values() if value]
            return "-".join(named) if named else match.group(0)
        return PATH_PLACEHOLDER.sub(lambda m: groups.get(m.group(1)) or "", self.path_format).strip() or None


#: A ``{group}`` placeholder in ``ids.path-format``.
PATH_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class ReferenceSettings:
    """How link values are read: empty markers, mapping keys, repository URLs, id spellings."""

    empty_markers: tuple[str, ...] = DEFAULT_EMPTY_MARKERS
    mapping_keys: tuple[str, ...] = ("id",)
    base_urls: tuple[str, ...] = ()
    equivalent_prefixes: tuple[tuple[str, ...], ...] = ()
    loose_matching: bool = True


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile file from eating the machine."""

    max_file_size: int = 10 * 1024 * 1024
    max_frontmatter_size: int = 1024 * 1024
    max_links_per_field: int = 10_000
    max_alias_expansion: int = 100_000
    max_alias_expansion_bytes: int = 4 * 1024 * 1024


@dataclass(frozen=True)
class Release:
    """A named report scope (``[releases.<name>]``): specs under ``roots`` and/or carrying ``tags``.

    ``target`` is the lifecycle status the release needs (None: the command's default).
    """

    name: str
    roots: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    target: str | None = None
    description: str | None = None


#: The built-in model: the speckit preset's type hierarchy (what ``parse_config({})`` reads too).
DEFAULT_PROJECT = ProjectSettings(
    types={name: TypeRule(name, parents=tuple(t["parents"])) for name, t in sorted(presets.SPECKIT_TYPES.items())}
)


@dataclass(frozen=True)
class Config:
    """Everything that changes how a repository is read and judged."""

    source: str | None = None
    include: tuple[str, ...] = ("**/*.md",)
    exclude: tuple[str, ...] = ()
    default_excludes: bool = True
    template_dirs: tuple[str, ...] = ("templates", "_templates")
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_ALIASES))
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    root_types: tuple[str, ...] = ("epic",)
    required_fields: tuple[str, ...] = ("id", "title", "type", "status")
    id_pattern: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: Mapping[str, str] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    limits: Limits = field(default_factory=Limits)
    preset: str = presets.DEFAULT_PRESET
    frontmatter_block: str = "first"
    #: The template-placeholder forms SG403 flags (``[placeholders] forms``).
    placeholder_forms: tuple[str, ...] = ("braces", "angle", "options", "todo", "variable")
    links: tuple[LinkSpec, ...] = ()
    ids: IdSettings = field(default_factory=IdSettings)
    references: ReferenceSettings = field(default_factory=ReferenceSettings)
    history: HistorySettings = field(default_factory=HistorySettings)
    releases: Mapping[str, Release] = field(default_factory=dict)
    #: Tracing specs into code and tests (``[trace]``); off unless it names files.
    trace: TraceSettings = field(default_factory=TraceSettings)
    #: The project's own model: type hierarchy, required fields, declarative and plugin rules.
    project: ProjectSettings = field(default_factory=lambda: DEFAULT_PROJECT)

    def keys_for(self, canonical: str) -> tuple[str, ...]:
        """The frontmatter keys that feed a canonical field, canonical name first."""
        return (canonical, *self.aliases.get(canonical, ()))

    @functools.cached_property
    def canonical_keys(self) -> Mapping[str, str]:
        """Each alias -> the canonical field it feeds (``spec_id`` -> ``id``); asked once per file."""
        return {alias: name for name, aliases in self.aliases.items() for alias in aliases}

    @functools.cached_property
    def text_keys(self) -> frozenset[str]:
        """The keys whose values are text even when written as numbers: the id's and every link field's."""
        return frozenset((*self.keys_for("id"), *(lf.key for lf in self.link_fields)))

    @functools.cached_property
    def link_fields(self) -> tuple[LinkField, ...]:
        """Every frontmatter key that holds links, in a stable order, each key once.

        The canonical link fields and their aliases come first (the simple form), then the
        keys ``[links]`` adds to a base kind or declares for a named kind.
        """
        result: list[LinkField] = []
        seen: set[str] = set()
        multiple = {spec.kind for spec in self.links if spec.label is None and spec.multiple}
        for canonical, kind in BASE_LINK_FIELDS.items():
            for key in self.keys_for(canonical):
                if key not in seen:
                    seen.add(key)
                    result.append(LinkField(key, kind, None, kind in multiple))
        for spec in self.links:
            for key in spec.fields:
                if key not in seen:
                    seen.add(key)
                    result.append(LinkField(key, spec.kind, spec.label, spec.multiple or spec.kind in multiple))
        return tuple(result)

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **changes)
