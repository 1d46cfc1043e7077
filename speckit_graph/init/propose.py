"""The configuration ``speckit-graph init`` proposes: passes 2 and 3, on top of the survey.

(2) load the repository once with every reference-looking key mapped as a candidate link,
to measure how many of each key's values really resolve to a spec; (3) keep the keys that
do, add what the data shows (number template, repository URLs, id prefixes, vocabularies).
Each pass is linear in the files. The caller then checks the repository with the result.
Nothing is written here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from speckit_graph.config import presets
from speckit_graph.config.model import CANONICAL_FIELDS, DEFAULT_EMPTY_MARKERS, Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.model import LinkKind, RefForm, Spec
from speckit_graph.init import adapt, lifecycle
from speckit_graph.init.hierarchy import ObservedHierarchy, observe
from speckit_graph.init.survey import (
    EMPTY_WORDS,
    NOT_LINKS,
    FileFront,
    KeyStat,
    choose_preset,
    looks_like_references,
    survey,
)
from speckit_graph.load.loader import load_specs
from speckit_graph.load.markers import is_empty_marker
from speckit_graph.load.placeholders import has_placeholder_value, starts_with_placeholder_value
from speckit_graph.load.references import canonical_form

#: Share of a key's references that must resolve for init to map it; below, only suggested.
ENABLE_RATE = 0.9
SUGGEST_RATE = 0.3
_PREFIXED_NUMBER = re.compile(r"^(?P<prefix>[A-Za-z]+[-_])(?P<number>\d[\w.]*)$")


@dataclass
class LinkChoice:
    """A key proposed (or only suggested) as a link field, with how well it resolves."""

    key: str
    name: str  # parent | depends_on | related | a named kind
    kind: LinkKind
    refs: int
    resolved: int
    enabled: bool
    from_preset: bool


@dataclass
class Proposal:
    """Everything ``init`` found and proposes; ``settings`` is the configuration file's content."""

    root: str
    files_scanned: int
    files_with_frontmatter: int
    keys: dict[str, KeyStat]
    preset: str
    preset_scores: dict[str, int]
    settings: dict[str, Any]
    links: list[LinkChoice]
    notes: list[str] = field(default_factory=list)
    unknown_values: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: Which type parents which in the repository, for the commented [types] block to confirm.
    hierarchy: ObservedHierarchy = field(default_factory=ObservedHierarchy)

    def config(self) -> Config:
        return parse_config(self.settings, "<init proposal>")


# ---------------------------------------------------------------------------------------
# Pass 2 and 3: measuring candidate links, adjusting the preset to the data


def propose(root: Path, preset: str | None = None) -> Proposal:
    """Survey ``root`` and build the proposed configuration (see the module docstring).

    ``preset`` skips the choice (``init --preset``); the scores are still reported.
    """
    base = parse_config({}, "<defaults>")
    surveyed = survey(root, base)
    fronts, scanned, stats = surveyed.fronts, surveyed.scanned, surveyed.stats
    best, scores = choose_preset(fronts)
    preset = preset or best
    preset_config = parse_config({"preset": preset}, f"<preset {preset}>")
    overrides: dict[str, Any] = {"preset": preset}
    notes: list[str] = []
    capped = surveyed.note()
    if capped is not None:
        notes.append(capped)

    _propose_block(stats, preset_config, overrides, notes)
    id_keys = _propose_id_keys(stats, preset_config, overrides, notes)
    paths = [front.path for front in fronts]
    if not id_keys and not preset_config.ids.from_path:
        adapt.propose_path_ids(paths, overrides, notes)
    _propose_number_template(stats, id_keys, preset_config, overrides, notes)
    adapt.propose_dates(stats, preset_config, overrides, notes)
    adapt.propose_case_aliases(stats, len(fronts), preset_config, overrides, notes)
    status_key = _propose_status_key(stats, len(fronts), id_keys, preset_config, overrides, notes)
    names = adapt.file_names(paths, parse_config(overrides, "<init ids>"))

    # Pass 2: every plausible key mapped as a candidate named kind, one real load.
    mapped = {lf.key for lf in preset_config.link_fields}
    candidates = [
        stat.key
        for stat in stats.values()
        if stat.key not in mapped
        and stat.key not in id_keys
        and stat.key != status_key
        and stat.key not in NOT_LINKS
        and _known_name(stat.key, preset_config) is None
        and (looks_like_references(stat) or adapt.names_other_files(stat, names))
    ]
    trial_settings = _merge(overrides, {"links": {_candidate_name(i): [key] for i, key in enumerate(candidates)}})
    _propose_references(stats, fronts, overrides, notes)
    trial_settings = _merge(trial_settings, {"references": overrides.get("references", {})})
    trial = parse_config(trial_settings, "<init trial>")
    trial_result = load_specs(root, trial)
    specs = list(trial_result.specs)
    found = _propose_prefixes(specs, trial, overrides, notes)
    found += _propose_base_urls(specs, trial_result.skipped_paths, overrides, notes)
    if found:  # measure again with them, so the rates below are what check will see
        trial = parse_config(_merge(trial_settings, {"references": overrides["references"]}), "<init trial>")
        specs = list(load_specs(root, trial).specs)
    _measure(specs, stats)

    links = _choose_links(stats, preset_config, candidates, overrides)
    unknown = _propose_vocabulary(specs, preset_config, overrides, notes, skip_status=status_key is not None)
    _propose_required(specs, preset_config, overrides, notes)
    final = _adapt_rules(stats, len(fronts), specs, links, preset_config, overrides, notes)
    for stat in stats.values():
        if stat.role:
            continue
        canonical = _known_name(stat.key, final)
        if stat.key in id_keys or canonical == "id":
            stat.role = "id"
        elif canonical in ("status", "type", "category", "priority"):
            stat.role = f"{canonical} (vocabulary)"
        elif canonical is not None:
            stat.role = canonical if canonical == stat.key else f"field {canonical}"
    return Proposal(
        root=str(root),
        files_scanned=scanned,
        files_with_frontmatter=len(fronts),
        keys=stats,
        preset=preset,
        preset_scores=scores,
        settings=overrides,
        links=links,
        notes=notes,
        unknown_values=unknown,
        hierarchy=observe(specs, final.vocabulary.fold, final.project.type_of),
    )


def _adapt_rules(
    stats: dict[str, KeyStat],
    files: int,
    specs: list[Spec],
    links: list[LinkChoice],
    preset_config: Config,
    overrides: dict[str, Any],
    notes: list[str],
) -> Config:
    """Rules and lifecycle fitted to the fields the repository really writes; the final configuration."""
    if not files:  # nothing surveyed: nothing to fit, the preset stands as it is
        return parse_config(overrides, "<init proposal>")
    adapt.propose_rules_off(stats, parse_config(overrides, "<init proposal>"), overrides, notes)
    adapt.propose_date_rule(stats, parse_config(overrides, "<init proposal>"), overrides, notes)
    adapt.propose_no_lifecycle(stats, files, parse_config(overrides, "<init proposal>"), overrides, notes)
    adapt.propose_orphan_rule(sum(choice.resolved for choice in links if choice.enabled), preset_config, overrides, notes)
    final = parse_config(overrides, "<init proposal>")
    stubs = adapt.count_stubs(specs, final)
    if stubs:
        notes.append(f"{stubs} spec(s) with a redirect status (Moved, Superseded by X): required fields are not asked of them")
    return final


def _propose_status_key(
    stats: dict[str, KeyStat], files: int, id_keys: list[str], config: Config, overrides: dict[str, Any], notes: list[str]
) -> str | None:
    """With no status key written, the key whose values are lifecycle words, mapped to status; its name."""
    written = (stats[key].files for key in config.keys_for("status") if key in stats)
    if not config.vocabulary.status or any(count >= adapt.STATUS_SHARE * files for count in written):
        return None
    excluded = {key for key in stats if key in id_keys or _known_name(key, config) is not None}
    stat = lifecycle.status_key_by_values(stats, files, excluded)
    if stat is None:
        return None
    lifecycle.propose_status_key(stat, overrides, notes)
    return stat.key


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = {key: (dict(value) if isinstance(value, dict) else value) for key, value in base.items()}
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif isinstance(value, dict) and not value:
            continue
        else:
            merged[key] = value
    return merged


def _table(overrides: dict[str, Any], name: str) -> dict[str, Any]:
    table = overrides.setdefault(name, {})
    assert isinstance(table, dict)
    return table


def _candidate_name(index: int) -> str:
    return f"init-candidate-{index}"


def _known_name(key: str, config: Config) -> str | None:
    """The canonical field a key feeds (itself or through an alias), if any."""
    for canonical in CANONICAL_FIELDS:
        if key in config.keys_for(canonical):
            return canonical
    return None


def _propose_block(stats: dict[str, KeyStat], config: Config, overrides: dict[str, Any], notes: list[str]) -> None:
    id_keys = config.keys_for("id")
    only_second = sum(stats[k].second_only for k in id_keys if k in stats)
    if only_second and config.frontmatter_block == "first":
        overrides["frontmatter-block"] = "merge"
        notes.append(f"{only_second} file(s) carry their id only in a second frontmatter block: both blocks are read")


def _propose_id_keys(stats: dict[str, KeyStat], config: Config, overrides: dict[str, Any], notes: list[str]) -> list[str]:
    """The id keys: the preset's that occur, plus the most id-like other key when they cover too little."""
    present = [key for key in config.keys_for("id") if key in stats]
    covered = max((stats[key].files for key in present), default=0)
    total = max((stat.files for stat in stats.values()), default=0)
    extra = None
    if covered < 0.5 * total and not config.ids.from_path:
        extra = _most_id_like(stats, exclude=set(present))
    preset_aliases = presets.PRESETS[config.preset].get("aliases", {})
    if extra is not None:
        _table(overrides, "aliases")["id"] = [k for k in present if k != "id"] + [extra.key]
        notes.append(f"'{extra.key}' looks like the id field ({extra.files} files, every value different)")
        return [*present, extra.key]
    if not present:
        return []  # the caller derives ids from file paths (see adapt.propose_path_ids)
    narrowed = [k for k in present if k != "id"]
    if "id" in preset_aliases and narrowed and len(present) < len(config.keys_for("id")):
        _table(overrides, "aliases")["id"] = narrowed
    return present


def _most_id_like(stats: dict[str, KeyStat], exclude: set[str]) -> KeyStat | None:
    """A key present in several files, every value different, named or shaped like an id."""
    best: KeyStat | None = None
    for stat in stats.values():
        if stat.key in exclude or stat.key in NOT_LINKS - {"uuid"} or adapt.ORDERING_KEY.search(stat.key):
            continue  # `nav_order: 3`, `weight: 10`: unique numbers that place a page, not name it
        unique = len(stat.values) == stat.files and stat.files >= 2
        id_shaped = stat.shapes.get("id", 0) + stat.shapes.get("number", 0)
        named = stat.key.lower() in ("id", "key", "ref", "uid", "number") or stat.key.lower().endswith(("_id", "-id"))
        if unique and (named or id_shaped >= 0.8 * stat.files) and (best is None or stat.files > best.files):
            best = stat
    return best


def _propose_number_template(
    stats: dict[str, KeyStat], id_keys: list[str], config: Config, overrides: dict[str, Any], notes: list[str]
) -> None:
    """Numbers as ids (``fip: "0034"``): a template from the key and the references' spelling."""
    numeric = [stats[k] for k in id_keys if k in stats and stats[k].shapes.get("number", 0) >= 0.5 * stats[k].files]
    if not numeric:
        return
    stat = numeric[0]
    prefix = f"{stat.key.upper()}-"
    spelled: Counter[str] = Counter()
    for other in stats.values():
        for value, count in other.values.items():
            for match in re.finditer(r"\b([A-Za-z]+-)(\d+)\b", value):
                if match.group(1).upper() == prefix:
                    spelled[match.group(1)] += count
    if spelled:
        prefix = spelled.most_common(1)[0][0]
    digits = [v for v in stat.values if v.isdigit()]
    widths = {len(v) for v in digits}
    padded = len(widths) == 1 and any(v.startswith("0") for v in digits)
    template = f"{prefix}{{:0{widths.pop()}d}}" if padded else f"{prefix}{{}}"
    _table(overrides, "ids")["number-template"] = template
    notes.append(f"'{stat.key}' holds numbers: they become ids through the template {template!r}")


def _propose_references(stats: dict[str, KeyStat], fronts: list[FileFront], overrides: dict[str, Any], notes: list[str]) -> None:
    """Empty markers actually written in the repository (``N/A``, ``<AIP number(s)>``...)."""
    seen: Counter[str] = Counter()
    placeholder = False
    for stat in stats.values():
        for value, count in stat.values.items():
            if value.lower() in EMPTY_WORDS:
                seen[value] += count
            elif starts_with_placeholder_value(value) and stat.key not in NOT_LINKS:
                placeholder = True
    defaults = presets.PRESETS.get(str(overrides["preset"]), {}).get("references", {}).get("empty-markers")
    markers = list(defaults) if defaults else list(DEFAULT_EMPTY_MARKERS)
    added = [v for v in sorted(seen) if not is_empty_marker(v, markers)]
    if placeholder and not is_empty_marker("<x>", markers):
        added.append("<*>")
    if added:
        _table(overrides, "references")["empty-markers"] = markers + added
        notes.append(f"values meaning 'no link': {', '.join(added)}")


def _measure(specs: list[Spec], stats: dict[str, KeyStat]) -> None:
    """Count, per key, the references written and those that reached a spec."""
    ids = {spec.id for spec in specs}
    for spec in specs:
        for ref in spec.references:
            stat = stats.get(ref.field)
            if stat is not None and ref.form is not RefForm.NONE:
                stat.refs += 1
        for link in spec.links:
            stat = stats.get(link.field)
            if stat is not None and link.target in ids:
                stat.resolved += 1


def _propose_prefixes(specs: list[Spec], config: Config, overrides: dict[str, Any], notes: list[str]) -> int:
    """``task-7`` written for ``BACK-7``: a prefix no id uses, whose numbers match ids of another."""
    ids = {spec.id for spec in specs}
    id_prefixes: dict[str, set[str]] = {}
    for spec_id in ids:
        match = _PREFIXED_NUMBER.match(spec_id)
        if match:
            id_prefixes.setdefault(match.group("prefix").lower(), set()).add(canonical_form(match.group("number")))
    existing = {tuple(group) for group in config.references.equivalent_prefixes}
    declared = {prefix.lower() for group in config.references.equivalent_prefixes for prefix in group}
    tried: Counter[str] = Counter()
    matched: Counter[tuple[str, str]] = Counter()
    for spec in specs:
        for link in spec.links:
            if link.target in ids:
                continue
            match = _PREFIXED_NUMBER.match(link.target)
            if not match or match.group("prefix").lower() in id_prefixes or match.group("prefix").lower() in declared:
                continue  # a prefix some id uses, or one the configuration already maps
            prefix = match.group("prefix").lower()
            tried[prefix] += 1
            number = canonical_form(match.group("number"))
            for other, numbers in id_prefixes.items():
                if number in numbers:
                    matched[(prefix, other)] += 1
    groups = [
        [prefix, other]
        for (prefix, other), count in sorted(matched.items())
        if count >= 0.5 * tried[prefix] and count == max(c for (p, _), c in matched.items() if p == prefix)
    ]
    groups = [g for g in groups if tuple(g) not in existing]
    if groups:
        current = [list(g) for g in config.references.equivalent_prefixes]
        _table(overrides, "references")["equivalent-prefixes"] = current + groups
        for prefix, other in groups:
            notes.append(f"ids written '{prefix}N' name the specs whose id is '{other}N'")
    return len(groups)


def _propose_base_urls(specs: list[Spec], skipped: Iterable[str], overrides: dict[str, Any], notes: list[str]) -> int:
    """URLs that end in a file of this repository (GitHub blob links): their common prefix."""
    paths = {spec.path for spec in specs} | set(skipped)
    bases: Counter[str] = Counter()
    for spec in specs:
        for ref in spec.references:
            if ref.form is not RefForm.URL:
                continue
            url = ref.value.split("#", 1)[0].split("?", 1)[0]
            parts = url.split("/")
            for cut in range(3, len(parts)):
                if "/".join(parts[cut:]) in paths:
                    bases["/".join(parts[:cut]) + "/"] += 1
                    break
    if bases:
        found = sorted(bases)
        _table(overrides, "references")["base-urls"] = found
        notes.append(f"links written as URLs into this repository: {', '.join(found)}")
    return len(bases)


def _choose_links(
    stats: dict[str, KeyStat], config: Config, candidates: list[str], overrides: dict[str, Any]
) -> list[LinkChoice]:
    choices: list[LinkChoice] = []
    for link_field in config.link_fields:
        stat = stats.get(link_field.key)
        if stat is None:
            continue
        name = link_field.label or link_field.kind.value
        stat.role = f"link: {name}" + (f" (like {link_field.kind.value})" if link_field.label else "")
        choices.append(LinkChoice(link_field.key, name, link_field.kind, stat.refs, stat.resolved, True, True))
    links_table: dict[str, Any] = {}
    for key in candidates:
        stat = stats[key]
        if stat.refs == 0 or stat.rate < SUGGEST_RATE:
            continue
        name, kind = guess_link_kind(key)
        enabled = stat.rate >= ENABLE_RATE
        choices.append(LinkChoice(key, name, kind, stat.refs, stat.resolved, enabled, False))
        if not enabled:
            stat.role = f"suggested link: {name} ({stat.resolved}/{stat.refs} resolve)"
            continue
        stat.role = f"link: {name}" + ("" if name == kind.value else f" (like {kind.value})")
        if name == kind.value:
            existing = [e for spec in config.links if spec.name == name and spec.label is None for e in spec.fields]
            entry = links_table.setdefault(name, list(existing))
            assert isinstance(entry, list)
            entry.append(key)
        else:
            links_table[name] = {"fields": [key], "like": kind.value}
    if links_table:
        _table(overrides, "links").update(links_table)
    return choices


def guess_link_kind(key: str) -> tuple[str, LinkKind]:
    """A link name and base kind from a key's name (``parent_task`` -> parent, ``replaces`` -> named)."""
    lowered = key.lower()
    if re.search(r"parent|epic|belongs|part.?of|child.?of", lowered):
        return "parent", LinkKind.PARENT
    if re.search(r"depend|require|needs|blocked|prereq|after", lowered):
        return "depends_on", LinkKind.DEPENDS_ON
    if re.search(r"relat|see.?also|links?$|refs?$|references", lowered):
        return "related", LinkKind.RELATED
    slug = re.sub(r"[^a-z0-9]+", "-", lowered).strip("-") or "link"
    if not slug[0].isalpha():
        slug = f"link-{slug}"
    return slug, LinkKind.RELATED


def _propose_vocabulary(
    specs: list[Spec], config: Config, overrides: dict[str, Any], notes: list[str], *, skip_status: bool = False
) -> dict[str, list[tuple[str, int]]]:
    """Add frequent values the preset lacks; leave rare ones, case variants and template text flagged.

    ``skip_status``: the status vocabulary was proposed from a key recognised by its values.
    """
    vocabulary = config.vocabulary
    unknown: dict[str, list[tuple[str, int]]] = {}
    for name in ("status", "type", "category", "priority"):
        allowed: tuple[str, ...] = getattr(vocabulary, name)
        if not allowed or (skip_status and name == "status"):
            continue
        seen: Counter[str] = Counter(
            spec.fields[name].strip() for spec in specs if isinstance(spec.fields.get(name), str) and spec.fields[name].strip()
        )
        added: list[str] = []
        left: list[tuple[str, int]] = []
        folded = {value.casefold() for value in allowed}
        patterns = lifecycle.redirect_patterns(seen, vocabulary) if name == "status" else []
        redirects = replace(vocabulary, redirect=(*vocabulary.redirect, *patterns))
        # A status has a place in the lifecycle, so it takes more evidence to add one.
        minimum = max(3, len(specs) // 20) if name == "status" else max(2, len(specs) // 100)
        for value, count in sorted(seen.items(), key=lambda item: (-item[1], item[0])):
            if vocabulary.allows(allowed, value) or (name == "status" and redirects.is_redirect(value)):
                continue
            if count >= minimum and value.casefold() not in folded and not has_placeholder_value(value):
                added.append(value)
                folded.add(value.casefold())
            else:
                left.append((value, count))
        if left:
            unknown[name] = left
        if added:
            _table(overrides, "vocabulary")[name] = [*allowed, *added]
        if name == "status":
            lifecycle.place_statuses(added, patterns, vocabulary, overrides, notes)
        elif added:
            notes.append(f"{name} values added to the vocabulary: {', '.join(added)}")
    return unknown


def _propose_required(specs: list[Spec], config: Config, overrides: dict[str, Any], notes: list[str]) -> None:
    """Drop required fields most specs lack: a wall of SG401 says nothing about one spec."""
    if not specs:
        return
    kept: list[str] = []
    dropped: list[str] = []
    for name in config.required_fields:
        present = sum(1 for spec in specs if name == "id" or spec.fields.get(name) not in (None, "", [], {}))
        (kept if present >= 0.5 * len(specs) else dropped).append(name)
    if dropped:
        overrides["required-fields"] = kept
        notes.append(f"not required (most specs lack them): {', '.join(dropped)}")
