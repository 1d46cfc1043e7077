"""What ``init`` adds for layouts no preset describes: path ids, dates, value-matched links, rules.

Each proposal is made from the survey's statistics alone and says why in a note:

- ids from file paths when no field holds an id: the most readable template (``{stem}``,
  then ``{dir}/{stem}``, then the whole path) that gives every surveyed file a different id,
  with that uniqueness counted over the files;
- date fields in their usual spellings mapped to ``createdAt``/``updatedAt``;
- keys whose values name other files (their path-derived ids or stems) offered as link
  candidates even when their values do not look like ids;
- the rules about approvers, effort and dates switched off when the repository never writes
  those fields, so no rule judges a field nobody uses.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from speckit_graph.config.model import Config
from speckit_graph.init.survey import KeyStat

#: Id templates from the most readable to the least: (ids.from-path, ids.path-format, what it is).
PATH_TEMPLATES = (
    (r"^(?:.*/)?(?P<stem>[^/]+)\.md$", "{stem}", "the file name without .md"),
    (r"^(?:.*/)?(?P<dir>[^/]+)/[^/]+\.md$", "{dir}", "the folder name (CIP-0001/README.md)"),
    (r"^(?:.*/)?(?P<dir>[^/]+)/(?P<stem>[^/]+)\.md$", "{dir}/{stem}", "the folder and the file name"),
    (r"^(?P<path>.+)\.md$", "{path}", "the whole path without .md"),
)

#: Spellings of "when it was created" and "when it last changed", most specific first.
CREATED_KEYS = (
    "createdAt", "created_at", "created-at", "created", "Created", "creation-date", "creation_date",
    "creationDate", "created_date", "created-date", "start-date", "start_date", "startDate", "date", "Date",
)  # fmt: skip
UPDATED_KEYS = (
    "updatedAt", "updated_at", "updated-at", "updated", "Updated", "last-updated", "last_updated",
    "lastUpdated", "LastUpdated", "last-modified", "last_modified", "lastModified", "modified",
    "updated_date", "updated-date",
)  # fmt: skip

#: Keys whose unique numbers order pages (Jekyll ``nav_order``, Hugo ``weight``) rather than name them.
ORDERING_KEY = re.compile(r"(?i)order|weight|position|rank|sort|index|version|priority")

#: Rules that judge one kind of field, and the canonical fields they read.
FIELD_RULES = (
    ("missing-approval", ("approvers",)),
    ("invalid-effort", ("estimatedEffort", "actualEffort")),
    ("invalid-date", ("createdAt", "updatedAt")),
)


def path_id(relpath: str, template: str) -> str:
    """The id ``template`` (one of :data:`PATH_TEMPLATES`' formats) gives ``relpath``."""
    stem_path = relpath[:-3] if relpath.lower().endswith(".md") else relpath
    stem = posixpath.basename(stem_path)
    folder = posixpath.basename(posixpath.dirname(stem_path))
    if template == "{stem}":
        return stem
    if template == "{dir}":
        return folder or stem
    if template == "{dir}/{stem}":
        return f"{folder}/{stem}" if folder else stem
    return stem_path


def choose_path_template(paths: Iterable[str]) -> tuple[int, int, list[tuple[str, int]]]:
    """The first template under which every path gets a different id, and the collisions of those before.

    Returns (index into :data:`PATH_TEMPLATES`, files, [(template, colliding files)]). Ids are
    compared case-folded, as references are. The last template (the whole path) is always unique.
    """
    files = list(paths)
    rejected: list[tuple[str, int]] = []
    for index, (_, template, _) in enumerate(PATH_TEMPLATES):
        counts = Counter(path_id(path, template).casefold() for path in files)
        colliding = sum(count for count in counts.values() if count > 1)
        if not colliding:
            return index, len(files), rejected
        rejected.append((template, colliding))
    return len(PATH_TEMPLATES) - 1, len(files), rejected  # pragma: no cover - the whole path is unique


def propose_path_ids(paths: list[str], overrides: dict[str, Any], notes: list[str]) -> str | None:
    """``ids.from-path`` for a repository with no id field; the template chosen, or None without files."""
    if not paths:
        return None
    index, files, rejected = choose_path_template(paths)
    pattern, template, meaning = PATH_TEMPLATES[index]
    table = overrides.setdefault("ids", {})
    table["from-path"] = pattern
    table["path-format"] = template
    why = "; ".join(f"'{t}' would give {n} files a shared id" for t, n in rejected)
    notes.append(
        f"no field holds an id: ids come from file paths through '{template}' ({meaning}), "
        f"the most readable template that gives all {files} files with frontmatter different ids" + (f" ({why})" if why else "")
    )
    return template


def propose_dates(stats: dict[str, KeyStat], config: Config, overrides: dict[str, Any], notes: list[str]) -> None:
    """Map the repository's date keys to createdAt/updatedAt when the configuration maps none present."""
    aliases = overrides.setdefault("aliases", {})
    for canonical, spellings in (("createdAt", CREATED_KEYS), ("updatedAt", UPDATED_KEYS)):
        if any(key in stats for key in config.keys_for(canonical)):
            continue
        for key in spellings:
            stat = stats.get(key)
            dated = stat.iso_dates + stat.other_dates if stat is not None else 0
            if stat is not None and dated >= 0.5 * stat.files:
                aliases[canonical] = [key]
                notes.append(f"dates: '{key}' is {canonical} ({dated} of {stat.files} values are dates)")
                break
    if not aliases:
        del overrides["aliases"]


#: Canonical fields a repository may spell with other capitals (``Title``, ``Type``); links and ids have their own proposals.
CASE_ALIASED = ("title", "type", "category", "author", "version", "priority", "tags", "reviewers", "approvers")


def propose_case_aliases(
    stats: dict[str, KeyStat], files: int, config: Config, overrides: dict[str, Any], notes: list[str]
) -> None:
    """Map ``Title`` to title (and the like) when no key the configuration reads for that field is written."""
    by_fold: dict[str, list[KeyStat]] = {}
    for stat in stats.values():
        by_fold.setdefault(stat.key.casefold(), []).append(stat)
    mapped: list[str] = []
    for canonical in CASE_ALIASED:
        if any(key in stats for key in config.keys_for(canonical)):
            continue
        spelled = [stat for stat in by_fold.get(canonical, []) if stat.files >= max(2, 0.2 * files)]
        if spelled:
            best = max(spelled, key=lambda stat: (stat.files, stat.key))
            overrides.setdefault("aliases", {})[canonical] = [best.key]
            mapped.append(f"'{best.key}' is {canonical} ({best.files} files)")
    if mapped:
        notes.append(f"fields spelled with other capitals: {'; '.join(mapped)}")


def propose_date_rule(stats: dict[str, KeyStat], config: Config, overrides: dict[str, Any], notes: list[str]) -> None:
    """Switch the date rule off where dates are written another way than YYYY-MM-DD (``10/11/2022``).

    SG404 reads ISO dates; on a repository whose convention is mm/dd/yyyy it would flag every
    spec. Each value was classified by the survey (:func:`speckit_graph.init.survey.date_kind`):
    values YAML read as dates and text written YYYY-MM-DD are ISO, other date-like text counts against.
    """
    if str(config.rules.get("invalid-date", "")).lower() == "off":
        return
    iso = other = 0
    example = ""
    for name in ("createdAt", "updatedAt"):
        for key in config.keys_for(name):
            stat = stats.get(key)
            if stat is None:
                continue
            iso += stat.iso_dates
            other += stat.other_dates
            example = example or stat.other_date_example
    if other > iso:
        overrides.setdefault("rules", {})["invalid-date"] = "off"
        notes.append(
            f"dates are mostly not written YYYY-MM-DD ({other} like '{example}', {iso} ISO): "
            "invalid-date is switched off rather than flag the repository's own convention"
        )


def names_other_files(stat: KeyStat, names: set[str]) -> bool:
    """Whether most of a key's written values (scalars and list items) are ids or stems of surveyed files."""
    written = stat.values + stat.items
    total = sum(written.values())
    if not total:
        return False
    hits = sum(count for value, count in written.items() if value.casefold() in names)
    return hits >= 0.5 * total and hits >= 2


def file_names(paths: Iterable[str], config: Config) -> set[str]:
    """What a value may call a surveyed file by: its path id, its stem, its path (case-folded)."""
    names: set[str] = set()
    for path in paths:
        stem_path = path[:-3] if path.lower().endswith(".md") else path
        names.update({posixpath.basename(stem_path).casefold(), stem_path.casefold(), path.casefold()})
        derived = config.ids.id_from_path(path)
        if derived:
            names.add(derived.casefold())
    return names


def propose_rules_off(stats: dict[str, KeyStat], config: Config, overrides: dict[str, Any], notes: list[str]) -> None:
    """Switch off the rules about fields the repository never writes (approvers, effort, dates)."""
    off: list[str] = []
    for rule, fields in FIELD_RULES:
        if str(config.rules.get(rule, "")).lower() == "off":
            continue
        if not any(key in stats for name in fields for key in config.keys_for(name)):
            overrides.setdefault("rules", {})[rule] = "off"
            off.append(f"{rule} (no {'/'.join(fields)} field)")
    if off:
        notes.append(f"rules switched off because no spec writes their fields: {', '.join(off)}")


def propose_orphan_rule(resolved: int, config: Config, overrides: dict[str, Any], notes: list[str]) -> None:
    """No link reaches a spec anywhere: "nothing links to it" would be said of every spec, so say it once."""
    if resolved or str(config.rules.get("orphan", "")).lower() == "off":
        return
    overrides.setdefault("rules", {})["orphan"] = "off"
    notes.append("no link between specs resolves anywhere: orphan is switched off (it would flag every spec)")


#: Below this share of files with frontmatter carrying a status, the repository has no lifecycle.
STATUS_SHARE = 0.2


def propose_no_lifecycle(
    stats: dict[str, KeyStat], files: int, config: Config, overrides: dict[str, Any], notes: list[str]
) -> None:
    """No status field (or one in a handful of files): no lifecycle, so report says so instead of a wall of "has no status"."""
    if not config.vocabulary.status or not files:
        return
    with_status = max((stats[key].files for key in config.keys_for("status") if key in stats), default=0)
    if with_status >= STATUS_SHARE * files:
        return
    vocabulary = overrides.setdefault("vocabulary", {})
    vocabulary.update({"status": [], "lifecycle": [], "approval-status": ""})
    overrides["lifecycle"] = {"stages": [], "done": [], "abandoned": [], "redirect": []}
    notes.append(
        f"{with_status} of {files} files with frontmatter have a status: no lifecycle is proposed, "
        "so `report` says the repository has no status field rather than call every spec a blocker"
    )


def count_stubs(specs: Iterable[Any], config: Config) -> int:
    """Specs whose status sends the reader elsewhere (Moved, Superseded by X): stubs, not held to required fields."""
    vocabulary = config.vocabulary
    return sum(
        1
        for spec in specs
        if isinstance(spec.fields.get("status"), str) and vocabulary.is_redirect(spec.fields["status"].strip())
    )
