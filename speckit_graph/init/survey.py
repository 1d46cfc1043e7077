"""What a repository's frontmatter looks like: pass 1 of ``speckit-graph init``.

Reads every frontmatter block once and counts which keys occur, in how many files, with which
value shapes, then scores the presets by how much of the repository each explains. The
proposal built on these statistics lives in :mod:`speckit_graph.init.propose`. Nothing is
written here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speckit_graph.config import presets
from speckit_graph.config.model import BASE_LINK_FIELDS, CANONICAL_FIELDS, Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.dates import as_date, date_list
from speckit_graph.core.findings import Hit
from speckit_graph.load.loader import iter_markdown_files, read_frontmatter_blocks
from speckit_graph.load.placeholders import has_placeholder_value

_MAX_DISTINCT_VALUES = 500
_MAX_VALUE_LENGTH = 200  # ids and vocabulary values are short; long text is only counted
_ID_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*[-_.]?\d[\w.-]*$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DATE_LIKE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:[ T][\d:.]+Z?)?$")
#: Dates written another way: ``10/11/2022``, ``2021-1-2``, ``29.10.2019``, ``3 March 2022``, ``June 23, 2020``.
DATE_TEXT = re.compile(
    r"^<?\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}>?(?:[ T][\d:.]+Z?)?$"  # 10/11/2022, 29.10.2019
    r"|^\d{1,2}[- ]?[A-Za-z]{3,9}\.?[- ,]+\d{2,4}$"  # 03-Mar-2022, 3 March 2022
    r"|^[A-Za-z]{3,9}\.? \d{1,2},? \d{4}$"  # June 23, 2020, Jan 2 2021
)


def date_kind(value: Any) -> str | None:
    """``iso`` for a value YAML read as a date or text written YYYY-MM-DD, ``other`` for a date
    written another way, None for anything else.

    One key often mixes both in one repository (``created: 2021-01-02`` in most files,
    ``created: "Jan 2 2021"`` in a few); YAML turns the first into a date object and leaves the
    second text, so each value is classified on its own, never by subtracting one count from another.
    """
    if not isinstance(value, (str, dt.date)):
        return None
    several = date_list(value)
    if as_date(value) is not None or (several is not None and several.dates and not several.bad):
        return "iso"  # what SG404 reads (core.dates): one ISO date, or several in one value
    return "other" if isinstance(value, str) and DATE_TEXT.match(value.strip()) else None


#: Keys that never hold links, whatever their values look like.
NOT_LINKS = frozenset(CANONICAL_FIELDS) - set(BASE_LINK_FIELDS) | {
    "description", "summary", "name", "labels", "assignee", "assignees", "owner", "owners",
    "reporter", "authors", "date", "created", "updated", "created_at", "updated_at",
    "created_date", "updated_date", "last_updated", "completed_date", "ordinal", "uuid",
    "fingerprint", "_version", "discussions-to", "discussion", "spec-pr", "rejection-reason",
    "business_domain", "spec_type", "Status", "Created", "Discussions-to",
}  # fmt: skip
#: Words that mean "no value" in a link field.
EMPTY_WORDS = ("n/a", "na", "n.a.", "none", "-", "tbd", "tba", "null", "nil", "nothing", "—")


@dataclass
class KeyStat:
    """What one frontmatter key looks like across the repository."""

    key: str
    files: int = 0
    second_only: int = 0
    shapes: Counter[str] = field(default_factory=Counter)
    values: Counter[str] = field(default_factory=Counter)
    items: Counter[str] = field(default_factory=Counter)  # string entries of list values
    examples: list[str] = field(default_factory=list)
    refs: int = 0
    resolved: int = 0
    role: str = ""
    iso_dates: int = 0  # values that are dates written YYYY-MM-DD (read by YAML as dates or not)
    other_dates: int = 0  # values that are dates written another way
    other_date_example: str = ""

    def add(self, value: Any, second_only: bool) -> None:
        self.files += 1
        self.second_only += second_only
        self.shapes[shape_of(value)] += 1
        kind = date_kind(value)
        if kind == "iso":
            self.iso_dates += 1
        elif kind == "other":
            self.other_dates += 1
            self.other_date_example = self.other_date_example or str(value).strip()[:_MAX_VALUE_LENGTH]
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            text = str(value).strip()
            if text and len(text) <= _MAX_VALUE_LENGTH and (text in self.values or len(self.values) < _MAX_DISTINCT_VALUES):
                self.values[text] += 1
        elif isinstance(value, list):
            for item in value[:100]:
                text = item.strip() if isinstance(item, str) else ""
                if text and len(text) <= _MAX_VALUE_LENGTH and (text in self.items or len(self.items) < _MAX_DISTINCT_VALUES):
                    self.items[text] += 1
        preview = _preview(value)
        if preview and preview not in self.examples and len(self.examples) < 2:
            self.examples.append(preview)

    @property
    def rate(self) -> float:
        return self.resolved / self.refs if self.refs else 0.0


@dataclass
class FileFront:
    path: str
    first: dict[str, Any]
    second: dict[str, Any] | None


# ---------------------------------------------------------------------------------------
# Pass 1: keys and shapes


#: Distinct frontmatter keys the survey follows; further keys are counted, not tracked, so a
#: hostile repository of 100,000 keys per file cannot make ``init`` hold millions of tables.
MAX_KEYS = 1_000


@dataclass
class Survey:
    """Pass 1 in one streaming read: key statistics, and each file's preset-relevant keys only.

    ``fronts`` keep just the keys some preset reads (ids, links, statuses), which is all
    :func:`choose_preset` needs; whole blocks are never held for more than one file.
    """

    scanned: int = 0
    fronts: list[FileFront] = field(default_factory=list)
    stats: dict[str, KeyStat] = field(default_factory=dict)
    untracked_values: int = 0
    untracked_files: int = 0

    def add(self, relpath: str, first: dict[str, Any], second: dict[str, Any] | None, keep: frozenset[str]) -> None:
        before = self.untracked_values
        for key, value in first.items():
            self._count(key, value, False)
        for key, value in (second or {}).items():
            if key not in first:
                self._count(key, value, True)
        self.untracked_files += self.untracked_values > before
        slim_second = None if second is None else _only(second, keep)
        self.fronts.append(FileFront(relpath, _only(first, keep), slim_second))

    def _count(self, key: str, value: Any, second_only: bool) -> None:
        stat = self.stats.get(key)
        if stat is None:
            if len(self.stats) >= MAX_KEYS:
                self.untracked_values += 1
                return
            stat = self.stats[key] = KeyStat(key)
        stat.add(value, second_only)

    def note(self) -> str | None:
        """What the survey skipped, for the proposal's notes; None when it saw every key."""
        if not self.untracked_values:
            return None
        return (
            f"keys capped: only the first {MAX_KEYS:,} distinct frontmatter keys were surveyed; "
            f"{self.untracked_values:,} values of further keys in {self.untracked_files:,} files were not"
        )


def survey(root: Path, config: Config) -> Survey:
    """Read every file's frontmatter blocks once, in bounded memory per file (see :class:`Survey`)."""
    issues: list[Hit] = []
    result = Survey()
    keep = preset_keys()
    for relpath in iter_markdown_files(root, config, issues):
        result.scanned += 1
        first, second = read_frontmatter_blocks(root, relpath, config)
        if first is not None:
            result.add(relpath, first, second, keep)
    result.stats = dict(sorted(result.stats.items(), key=lambda item: (-item[1].files, item[0])))
    return result


def preset_keys() -> frozenset[str]:
    """Every key some preset reads to score a repository: id, link and status keys."""
    keys: set[str] = set()
    for name in presets.preset_names():
        config = parse_config({"preset": name}, f"<preset {name}>")
        keys.update(config.keys_for("id"), config.keys_for("status"), (lf.key for lf in config.link_fields))
    return frozenset(keys)


def _only(block: dict[str, Any], keep: frozenset[str]) -> dict[str, Any]:
    return {key: block[key] for key in keep if key in block} if len(block) > len(keep) else dict(block)


def shape_of(value: Any) -> str:
    """A short description of a value's shape, for the table and for guessing roles."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "date"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        # One level only: YAML aliases can make a list contain itself.
        inner = Counter(_item_shape(item) for item in value[:1000])
        return f"list of {inner.most_common(1)[0][0]}" if inner else "empty list"
    return _item_shape(value)


def _item_shape(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if value is None or isinstance(value, (bool, int, float, dt.date)):
        return shape_of(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return "empty"
        if has_placeholder_value(text):
            return "placeholder"
        if _URL.match(text):
            return "url"
        if text.startswith("[") and "](" in text:
            return "markdown link"
        if _DATE_LIKE.match(text):
            return "date"
        if text.lower().split("#")[0].endswith(".md") or ("/" in text and " " not in text):
            return "path"
        if text.isdigit():
            return "number"
        if _ID_SHAPE.match(text):
            return "id"
        if "," in text and all(_ID_SHAPE.match(p.strip()) for p in text.split(",") if p.strip()):
            return "ids"
        if re.match(r"^\S+\s*:\s", text) and _ID_SHAPE.match(text.split(":", 1)[0].strip()):
            return "id: title"
        return "text"
    return type(value).__name__


_REFERENCE_SHAPES = {"id", "ids", "id: title", "path", "url", "markdown link", "mapping", "number"}


def looks_like_references(stat: KeyStat) -> bool:
    """Whether enough of a key's values have the shape of references to try resolving them."""
    hits = sum(count for shape, count in stat.shapes.items() if shape.removeprefix("list of ") in _REFERENCE_SHAPES)
    return hits > 0 and hits >= 0.3 * (stat.files - stat.shapes.get("empty", 0) - stat.shapes.get("placeholder", 0))


# ---------------------------------------------------------------------------------------
# Choosing a preset


def score_preset(name: str, fronts: list[FileFront]) -> int:
    """How much of the repository a preset explains: explicit ids, link keys, known statuses."""
    config = parse_config({"preset": name}, f"<preset {name}>")
    id_keys = set(config.keys_for("id"))
    link_keys = {lf.key for lf in config.link_fields}
    status_keys = config.keys_for("status")
    vocabulary = config.vocabulary
    # A pattern that derives an id from any path at all ("^(.+)\.md$") is a fallback, not evidence.
    path_evidence = config.ids.from_path is not None and config.ids.id_from_path("x.md") is None
    score = 0
    for front in fronts:
        block = front.first if config.frontmatter_block == "first" or not front.second else {**front.first, **front.second}
        if id_keys & set(block):
            score += 3
        elif path_evidence and config.ids.id_from_path(front.path) is not None:
            score += 1
        if link_keys & set(block):
            score += 1
        status = next((block[k] for k in status_keys if k in block), None)
        if isinstance(status, str) and vocabulary.status and vocabulary.allows(vocabulary.status, status.strip()):
            score += 1
    return score


def choose_preset(fronts: list[FileFront]) -> tuple[str, dict[str, int]]:
    scores = {name: score_preset(name, fronts) for name in presets.preset_names()}
    best = max(scores, key=lambda name: (scores[name], name == presets.DEFAULT_PRESET))
    return best, scores


def _preview(value: Any) -> str:
    """A short example for the table: one level of a list or mapping, so nesting cannot recurse."""
    if isinstance(value, list):
        text = "[" + ", ".join(_short(item) for item in value[:3]) + (", ..." if len(value) > 3 else "") + "]"
    elif isinstance(value, dict):
        items = list(value.items())
        text = "{" + ", ".join(f"{_short(k)}: {_short(v)}" for k, v in items[:3]) + (", ..." if len(items) > 3 else "") + "}"
    else:
        text = _short(value)
    text = " ".join(text.split())
    return text if len(text) <= 32 else text[:29] + "..."


def _short(value: Any) -> str:
    if isinstance(value, str):
        return value[:80]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[...]"
    if isinstance(value, dict):
        return "{...}"
    return repr(value)[:80]
