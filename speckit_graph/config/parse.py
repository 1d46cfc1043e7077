"""TOML data -> :class:`~speckit_graph.config.model.Config`: every key validated, every
problem collected, one :class:`~speckit_graph.core.errors.ConfigError` listing them all."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from speckit_graph.config import presets
from speckit_graph.config.model import (
    BASE_LINK_FIELDS,
    CANONICAL_FIELDS,
    DEFAULT_ALIASES,
    FRONTMATTER_BLOCKS,
    KIND_NAMES,
    PATH_PLACEHOLDER,
    Config,
    HistorySettings,
    IdSettings,
    Limits,
    LinkSpec,
    ReferenceSettings,
    Release,
    Vocabulary,
    parse_number_template,
)
from speckit_graph.config.project_parse import parse_project
from speckit_graph.config.trace import parse_trace
from speckit_graph.core.errors import ConfigError
from speckit_graph.core.findings import Severity
from speckit_graph.core.model import LinkKind


def parse_config(data: Mapping[str, Any], source: str = "<config>", text: str | None = None) -> Config:
    """Turn a TOML mapping into a Config, collecting all errors; ``text`` (the file) gives expression errors a position."""
    parser = _Parser(source)
    config = parser.parse(data, text)
    if parser.errors:
        raise ConfigError(source, parser.errors)
    return config


_TOP_LEVEL_KEYS = {
    "include", "exclude", "default-excludes", "template-dirs", "aliases", "vocabulary", "root-types",
    "required-fields", "id-pattern", "select", "ignore", "rules", "fail-on", "limits", "preset",
    "frontmatter-block", "links", "ids", "references", "history", "releases", "lifecycle", "placeholders",
    "trace", "types", "statuses", "hierarchy", "project-rules", "plugins", "fields"}  # fmt: skip
_LIFECYCLE_KEYS = {"stages", "done", "abandoned", "redirect", "unordered"}
_PLACEHOLDER_KEYS = {"forms"}
_IDS_KEYS = {"number-template", "from-path", "path-format"}
_REFERENCE_KEYS = {"empty-markers", "mapping-keys", "base-urls", "equivalent-prefixes", "loose-matching"}
_LINK_TABLE_KEYS = {"fields", "like", "multiple"}
_LINK_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_VOCABULARY_KEYS = {"status", "lifecycle", "type", "category", "priority", "approval-status", "ignore-case"}
_HISTORY_KEYS = {"ignore-fields"}
_RELEASE_KEYS = {"roots", "tags", "target", "description"}
#: The largest value each limit accepts: beyond, a number is a typo or an attack (Python's
#: reads and allocations overflow long before 10**23 bytes), never a real setting.
LIMIT_RANGES = {
    "max-file-size": 1 << 30,
    "max-frontmatter-size": 1 << 30,
    "max-links-per-field": 10_000_000,
    "max-alias-expansion": 100_000_000,
    "max-alias-expansion-bytes": 1 << 30,
}
_LIMIT_KEYS = set(LIMIT_RANGES)
#: Widest zero padding ``ids.number-template`` may ask for (``{:0Nd}``).
MAX_TEMPLATE_WIDTH = 64
RULE_SETTINGS = ("error", "warning", "info", "on", "off")
_RULE_SELECTOR = re.compile(r"^(SG\d{0,3}|[A-Z][A-Z0-9]{0,15}|[a-z][a-z0-9-]*)$")


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[str] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(f"{key}: {message}")

    def parse(self, data: Mapping[str, Any], text: str | None = None) -> Config:
        preset, own_types = self.preset(data), "types" in data
        data = presets.merge_under(presets.PRESETS[preset], data)
        declared = data.get("rules") if isinstance(data.get("rules"), list) else None
        if declared is not None:  # [[rules]]: declarative rules, not the [rules] settings table
            data["rules"] = presets.PRESETS[preset].get("rules")
        for key in sorted(set(data) - _TOP_LEVEL_KEYS):
            self.error(key, f"unknown key (known: {', '.join(sorted(_TOP_LEVEL_KEYS))})")
        defaults = Config()
        id_pattern = self.optional_str(data, "id-pattern")
        if id_pattern is not None:
            try:
                re.compile(id_pattern)
            except re.error as exc:
                self.error("id-pattern", f"not a valid regular expression: {exc}")
        aliases = self.aliases(data.get("aliases"))
        vocabulary = self.lifecycle(data.get("lifecycle"), self.vocabulary(data.get("vocabulary")))
        links = self.links(data.get("links"), aliases)
        project = parse_project({**data, "rules": declared}, self.error, vocabulary, links, text, not own_types)
        return Config(
            source=self.source,
            include=self.str_list(data, "include", defaults.include),
            exclude=self.str_list(data, "exclude", defaults.exclude),
            default_excludes=self.boolean(data, "default-excludes", defaults.default_excludes),
            template_dirs=self.str_list(data, "template-dirs", defaults.template_dirs),
            aliases=aliases,
            vocabulary=vocabulary,
            root_types=self.str_list(data, "root-types", defaults.root_types),
            required_fields=self.str_list(data, "required-fields", defaults.required_fields),
            id_pattern=id_pattern,
            select=self.selectors(data, "select"),
            ignore=self.selectors(data, "ignore"),
            rules=self.rules(data.get("rules")),
            fail_on=self.severity(data, "fail-on", defaults.fail_on),
            limits=self.limits(data.get("limits")),
            preset=preset,
            frontmatter_block=self.choice(data, "frontmatter-block", FRONTMATTER_BLOCKS, defaults.frontmatter_block),
            links=links,
            project=project,
            ids=self.ids(data.get("ids")),
            references=self.references(data.get("references")),
            history=self.history(data.get("history")),
            releases=self.releases(data.get("releases"), vocabulary),
            placeholder_forms=self.placeholders(data.get("placeholders"), defaults.placeholder_forms),
            trace=parse_trace(data.get("trace"), vocabulary.lifecycle, self.error),
        )

    def preset(self, data: Mapping[str, Any]) -> str:
        value = data.get("preset", presets.DEFAULT_PRESET)
        if not isinstance(value, str):
            self.error("preset", f"expected a string, got {_describe(value)}")
            return presets.DEFAULT_PRESET
        name = presets.canonical_preset_name(value)
        if name is None:
            self.error("preset", f"unknown preset {value!r} (known: {', '.join(presets.preset_names())})")
            return presets.DEFAULT_PRESET
        return name

    def choice(self, data: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
        value = data.get(key, default)
        if value not in allowed:
            self.error(key, f"expected one of {', '.join(allowed)}, got {_describe(value)}")
            return default
        return str(value)

    # -- typed field readers ------------------------------------------------------------

    def str_list(self, data: Mapping[str, Any], key: str, default: tuple[str, ...], prefix: str = "") -> tuple[str, ...]:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(f"{prefix}.{key}" if prefix else key, f"expected a list of strings, got {_describe(value)}")
            return default
        return tuple(value)

    def optional_str(self, data: Mapping[str, Any], key: str, prefix: str = "") -> str | None:
        value = data.get(key)
        if value is None or isinstance(value, str):
            return value
        self.error(f"{prefix}.{key}" if prefix else key, f"expected a string, got {_describe(value)}")
        return None

    def boolean(self, data: Mapping[str, Any], key: str, default: bool, prefix: str = "") -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(f"{prefix}.{key}" if prefix else key, f"expected true or false, got {_describe(value)}")
            return default
        return value

    def severity(self, data: Mapping[str, Any], key: str, default: Severity) -> Severity:
        value = data.get(key, default.value)
        try:
            return Severity(value)
        except ValueError:
            self.error(key, f"expected one of error, warning, info, got {value!r}")
            return default

    def selectors(self, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
        values = self.str_list(data, key, ())
        for value in values:
            if not _RULE_SELECTOR.match(value):
                self.error(key, f"{value!r} is not a rule code, code prefix or rule name")
        return values

    def aliases(self, value: Any) -> Mapping[str, tuple[str, ...]]:
        result = dict(DEFAULT_ALIASES)
        if value is None:
            return result
        if not isinstance(value, dict):
            self.error("aliases", f"expected a table, got {_describe(value)}")
            return result
        for name, keys in value.items():
            if name not in CANONICAL_FIELDS:
                self.error(f"aliases.{name}", f"unknown field (known: {', '.join(CANONICAL_FIELDS)})")
                continue
            if isinstance(keys, str):
                keys = [keys]
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                self.error(f"aliases.{name}", f"expected a list of strings, got {_describe(keys)}")
                continue
            result[name] = tuple(keys)
        return result

    def vocabulary(self, value: Any) -> Vocabulary:
        default = Vocabulary()
        if value is None:
            return default
        if not isinstance(value, dict):
            self.error("vocabulary", f"expected a table, got {_describe(value)}")
            return default
        for key in sorted(set(value) - _VOCABULARY_KEYS):
            self.error(f"vocabulary.{key}", f"unknown key (known: {', '.join(sorted(_VOCABULARY_KEYS))})")
        lists = {
            name: self.str_list(value, name, getattr(default, name))
            for name in ("status", "lifecycle", "type", "category", "priority")
        }
        approval = self.optional_str(value, "approval-status")
        if approval is None:
            approval = default.approval_status
        if "status" in value and "lifecycle" not in value:
            lists["lifecycle"] = tuple(s for s in lists["status"] if s in default.lifecycle) or lists["status"]
        missing = [s for s in lists["lifecycle"] if s not in lists["status"]]
        if missing:
            self.error("vocabulary.lifecycle", f"statuses not in vocabulary.status: {', '.join(missing)}")
        if approval and approval not in lists["lifecycle"]:
            self.error("vocabulary.approval-status", f'{approval!r} is not in vocabulary.lifecycle ("" for none)')
        ignore_case = self.boolean(value, "ignore-case", default.ignore_case, prefix="vocabulary")
        return Vocabulary(approval_status=approval, ignore_case=ignore_case, **lists)

    def lifecycle(self, value: Any, vocabulary: Vocabulary) -> Vocabulary:
        """``[lifecycle]``: stages (the order), done, abandoned and redirect statuses over the vocabulary."""
        if value is None:
            return vocabulary
        if not isinstance(value, dict):
            self.error("lifecycle", f"expected a table, got {_describe(value)}")
            return vocabulary
        for key in sorted(set(value) - _LIFECYCLE_KEYS):
            self.error(f"lifecycle.{key}", f"unknown key (known: {', '.join(sorted(_LIFECYCLE_KEYS))})")
        stages = self.str_list(value, "stages", vocabulary.lifecycle, prefix="lifecycle")
        done = self.str_list(value, "done", vocabulary.done, prefix="lifecycle")
        abandoned = self.str_list(value, "abandoned", vocabulary.abandoned, prefix="lifecycle")
        redirect = self.str_list(value, "redirect", vocabulary.redirect, prefix="lifecycle")
        unordered = self.str_list(value, "unordered", vocabulary.unordered, prefix="lifecycle")
        if "stages" not in value and vocabulary.status:
            # A user vocabulary.status that drops a preset's done status drops it from the lifecycle too.
            done = tuple(d for d in done if d in vocabulary.status or d in stages)
        order = tuple(dict.fromkeys((*stages, *done)))
        terminal = set(abandoned) | set(redirect) | set(unordered)
        both = [s for s in order if s in terminal]
        if both:
            self.error("lifecycle", f"statuses both in the order (stages/done) and outside it: {', '.join(both)}")
        literal = tuple(r for r in redirect if not any(c in r for c in "*?["))
        statuses = (
            tuple(dict.fromkeys((*vocabulary.status, *order, *abandoned, *literal, *unordered))) if vocabulary.status else ()
        )
        approval = vocabulary.approval_status
        if approval and approval not in order:
            self.error("vocabulary.approval-status", f'{approval!r} is not in the lifecycle stages ("" for none)')
        return replace(
            vocabulary, status=statuses, lifecycle=order, done=done, abandoned=abandoned, redirect=redirect, unordered=unordered
        )

    def rules(self, value: Any) -> Mapping[str, str]:
        """Per-rule settings: a severity, ``"on"`` (default severity) or ``"off"``."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error("rules", f"expected a table, got {_describe(value)}")
            return {}
        result: dict[str, str] = {}
        for name, setting in value.items():
            if not _RULE_SELECTOR.match(name):
                self.error(f"rules.{name}", "not a rule code or rule name")
                continue
            if isinstance(setting, bool):
                setting = "on" if setting else "off"
            if setting in RULE_SETTINGS:
                result[name] = setting
            else:
                self.error(f"rules.{name}", f"expected one of {', '.join(RULE_SETTINGS)}, got {setting!r}")
        return result

    def releases(self, value: Any, vocabulary: Vocabulary) -> Mapping[str, Release]:
        """Named report scopes; each needs roots or tags (spec ids are checked at report time)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error("releases", f"expected a table of [releases.<name>] tables, got {_describe(value)}")
            return {}
        result: dict[str, Release] = {}
        for name in sorted(value):
            table = value[name]
            key = f"releases.{name}"
            if not isinstance(table, dict):
                self.error(key, f"expected a table with roots and/or tags, got {_describe(table)}")
                continue
            for unknown in sorted(set(table) - _RELEASE_KEYS):
                self.error(f"{key}.{unknown}", f"unknown key (known: {', '.join(sorted(_RELEASE_KEYS))})")
            roots = self.str_list(table, "roots", (), prefix=key)
            tags = self.str_list(table, "tags", (), prefix=key)
            if not roots and not tags:
                self.error(key, "needs a non-empty 'roots' or 'tags' list")
            for field_name, values in (("roots", roots), ("tags", tags)):
                if any(not v.strip() for v in values):
                    self.error(f"{key}.{field_name}", "entries must not be empty")
            target = self.optional_str(table, "target", prefix=key)
            if target is not None and target not in vocabulary.lifecycle:
                self.error(f"{key}.target", f"{target!r} is not in vocabulary.lifecycle ({', '.join(vocabulary.lifecycle)})")
                target = None
            description = self.optional_str(table, "description", prefix=key)
            result[name] = Release(name, tuple(v.strip() for v in roots), tuple(v.strip() for v in tags), target, description)
        return result

    def limits(self, value: Any) -> Limits:
        default = Limits()
        if value is None:
            return default
        if not isinstance(value, dict):
            self.error("limits", f"expected a table, got {_describe(value)}")
            return default
        for key in sorted(set(value) - _LIMIT_KEYS):
            self.error(f"limits.{key}", f"unknown key (known: {', '.join(sorted(_LIMIT_KEYS))})")
        numbers = {}
        for key in _LIMIT_KEYS & set(value):
            number = self.bounded_int(f"limits.{key}", value[key], 1, LIMIT_RANGES[key])
            if number is not None:
                numbers[key.replace("-", "_")] = number
        return replace(default, **numbers)

    def bounded_int(self, key: str, value: Any, low: int, high: int) -> int | None:
        """``value`` when it is an integer in ``[low, high]``; else an error naming the range, and None."""
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
            self.error(key, f"expected an integer from {low:,} to {high:,}, got {shown}")
            return None
        return value

    # -- link mapping, ids, references ---------------------------------------------------

    def links(self, value: Any, aliases: Mapping[str, tuple[str, ...]]) -> tuple[LinkSpec, ...]:
        """``[links]``: ``name = ["key", ...]`` or ``name = {fields, like, multiple}``."""
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.error("links", f"expected a table, got {_describe(value)}")
            return ()
        owner: dict[str, str] = {}
        for canonical in BASE_LINK_FIELDS:
            for key in (canonical, *aliases.get(canonical, ())):
                owner.setdefault(key, canonical)
        result: list[LinkSpec] = []
        for name, entry in value.items():
            where = f"links.{name}"
            if not isinstance(name, str) or not _LINK_NAME.match(name):
                self.error(where, "a link name is lower-case letters, digits, '-' and '_'")
                continue
            if isinstance(entry, (str, list)):
                entry = {"fields": entry}
            if not isinstance(entry, dict):
                self.error(where, f"expected a list of keys or a table, got {_describe(entry)}")
                continue
            for key in sorted(set(entry) - _LINK_TABLE_KEYS):
                self.error(f"{where}.{key}", f"unknown key (known: {', '.join(sorted(_LINK_TABLE_KEYS))})")
            keys = self.str_list(entry, "fields", (), prefix=where)
            if not keys:
                self.error(f"{where}.fields", "name at least one frontmatter key")
            base = KIND_NAMES.get(name)
            like = entry.get("like")
            if base is not None:
                if like is not None and KIND_NAMES.get(like) is not base:
                    self.error(f"{where}.like", f"'{name}' is a base kind; it cannot behave like {like!r}")
                kind = base
            elif like is None:
                kind = LinkKind.RELATED
            elif isinstance(like, str) and like in KIND_NAMES:
                kind = KIND_NAMES[like]
            else:
                self.error(f"{where}.like", f"expected one of parent, depends_on, related, got {_describe(like)}")
                continue
            multiple = self.boolean(entry, "multiple", False, prefix=where)
            canonical_name = {LinkKind.PARENT: "parent", LinkKind.DEPENDS_ON: "dependencies"}.get(kind, "related")
            for key in keys:
                previous = owner.get(key)
                this = canonical_name if base is not None else name
                if previous is not None and previous != this:
                    self.error(where, f"key {key!r} already feeds {previous!r}")
                owner[key] = this
            result.append(LinkSpec("depends_on" if base is LinkKind.DEPENDS_ON else name, kind, keys, multiple))
        return tuple(result)

    def ids(self, value: Any) -> IdSettings:
        if value is None:
            return IdSettings()
        if not isinstance(value, dict):
            self.error("ids", f"expected a table, got {_describe(value)}")
            return IdSettings()
        for key in sorted(set(value) - _IDS_KEYS):
            self.error(f"ids.{key}", f"unknown key (known: {', '.join(sorted(_IDS_KEYS))})")
        template_text = self.optional_str(value, "number-template", prefix="ids")
        template = None
        if template_text is not None:
            template = parse_number_template(template_text)
            if template is None:
                self.error("ids.number-template", f"{template_text!r} is not PREFIX{{}}SUFFIX, {{:d}} or {{:0Nd}}")
            elif template.width is not None and template.width > MAX_TEMPLATE_WIDTH:
                self.error("ids.number-template", f"padding width {template.width:,} is over {MAX_TEMPLATE_WIDTH}")
                template = None
        from_path = self.optional_str(value, "from-path", prefix="ids")
        path_format = self.optional_str(value, "path-format", prefix="ids")
        groups: set[str] = set()
        if from_path is not None:
            try:
                groups = set(re.compile(from_path).groupindex)
            except re.error as exc:
                self.error("ids.from-path", f"not a valid regular expression: {exc}")
                from_path = None
        if path_format is not None:
            if from_path is None:
                self.error("ids.path-format", "needs ids.from-path")
            unknown = sorted(set(PATH_PLACEHOLDER.findall(path_format)) - groups)
            if unknown and from_path is not None:
                self.error("ids.path-format", f"names groups the from-path pattern lacks: {', '.join(unknown)}")
        return IdSettings(template, from_path, path_format)

    def references(self, value: Any) -> ReferenceSettings:
        default = ReferenceSettings()
        if value is None:
            return default
        if not isinstance(value, dict):
            self.error("references", f"expected a table, got {_describe(value)}")
            return default
        for key in sorted(set(value) - _REFERENCE_KEYS):
            self.error(f"references.{key}", f"unknown key (known: {', '.join(sorted(_REFERENCE_KEYS))})")
        prefixes: list[tuple[str, ...]] = []
        groups = value.get("equivalent-prefixes", [])
        if not isinstance(groups, list):
            self.error("references.equivalent-prefixes", f"expected a list of lists, got {_describe(groups)}")
            groups = []
        for group in groups:
            if not isinstance(group, list) or len(group) < 2 or not all(isinstance(p, str) and p for p in group):
                self.error("references.equivalent-prefixes", f"each entry lists two or more prefixes, got {_describe(group)}")
                continue
            prefixes.append(tuple(group))
        urls = self.str_list(value, "base-urls", default.base_urls, prefix="references")
        for url in urls:
            if "://" not in url:
                self.error("references.base-urls", f"{url!r} is not a URL")
        return ReferenceSettings(
            empty_markers=self.str_list(value, "empty-markers", default.empty_markers, prefix="references"),
            mapping_keys=self.str_list(value, "mapping-keys", default.mapping_keys, prefix="references"),
            base_urls=urls,
            equivalent_prefixes=tuple(prefixes),
            loose_matching=self.boolean(value, "loose-matching", default.loose_matching, prefix="references"),
        )

    def placeholders(self, value: Any, default: tuple[str, ...]) -> tuple[str, ...]:
        """``[placeholders] forms``: which template-text forms SG403 flags (see load.placeholders)."""
        if value is None:
            return default
        if not isinstance(value, dict):
            self.error("placeholders", f"expected a table, got {_describe(value)}")
            return default
        for key in sorted(set(value) - _PLACEHOLDER_KEYS):
            self.error(f"placeholders.{key}", f"unknown key (known: {', '.join(sorted(_PLACEHOLDER_KEYS))})")
        forms = self.str_list(value, "forms", default, prefix="placeholders")
        for form in forms:
            if form not in default:
                self.error("placeholders.forms", f"unknown form {form!r} (known: {', '.join(default)})")
        return tuple(form for form in forms if form in default)

    def history(self, value: Any) -> HistorySettings:
        default = HistorySettings()
        if value is None:
            return default
        if not isinstance(value, dict):
            self.error("history", f"expected a table, got {_describe(value)}")
            return default
        for key in sorted(set(value) - _HISTORY_KEYS):
            self.error(f"history.{key}", f"unknown key (known: {', '.join(sorted(_HISTORY_KEYS))})")
        fields = default.ignore_fields
        if "ignore-fields" in value:
            raw = value["ignore-fields"]
            if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
                fields = tuple(raw)
            else:
                self.error("history.ignore-fields", f"expected a list of field names, got {_describe(raw)}")
        if "id" in fields:
            self.error("history.ignore-fields", "'id' cannot be ignored: it is what links point at")
        return HistorySettings(ignore_fields=fields)


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]
