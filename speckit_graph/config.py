"""Configuration: found once, validated completely, frozen, and passed down explicitly."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from speckit_graph.errors import ConfigError
from speckit_graph.findings import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

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
    """Allowed values per field; ``lifecycle`` orders statuses, the rest are retired."""

    status: tuple[str, ...] = ("draft", "review", "approved", "implemented", "deprecated")
    lifecycle: tuple[str, ...] = ("draft", "review", "approved", "implemented")
    type: tuple[str, ...] = (
        "user_story", "functional_requirement", "data_model", "service_spec", "epic",
        "api_spec", "ui_spec",
    )  # fmt: skip
    category: tuple[str, ...] = ("requirements", "architecture", "backlog", "documentation")
    priority: tuple[str, ...] = ("low", "medium", "high", "critical")
    approval_status: str = "approved"

    @property
    def retired(self) -> frozenset[str]:
        """Statuses out of the lifecycle line (``deprecated``): nothing live should rest on them."""
        return frozenset(self.status) - frozenset(self.lifecycle)

    def stage(self, status: str | None) -> int | None:
        """Position of ``status`` in the lifecycle, None when retired or unknown."""
        try:
            return self.lifecycle.index(status) if status is not None else None
        except ValueError:
            return None

    def needs_approval(self, status: str | None) -> bool:
        stage, threshold = self.stage(status), self.stage(self.approval_status)
        return stage is not None and threshold is not None and stage >= threshold


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


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile file from eating the machine."""

    max_file_size: int = 10 * 1024 * 1024
    max_frontmatter_size: int = 1024 * 1024
    max_links_per_field: int = 10_000
    max_alias_expansion: int = 100_000


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
    history: HistorySettings = field(default_factory=HistorySettings)
    releases: Mapping[str, Release] = field(default_factory=dict)

    def keys_for(self, canonical: str) -> tuple[str, ...]:
        """The frontmatter keys that feed a canonical field, canonical name first."""
        return (canonical, *self.aliases.get(canonical, ()))

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **changes)


# ---------------------------------------------------------------------------------------
# Loading and validation


def find_config_file(start: Path) -> Path | None:
    """Search ``start`` and its parents for ``.speckit-graph.toml`` or a pyproject section."""
    directory = start if start.is_dir() else start.parent
    for candidate_dir in (directory, *directory.parents):
        dedicated = candidate_dir / CONFIG_FILENAME
        if dedicated.is_file():
            return dedicated
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "speckit-graph" in data["tool"]


def load_config(path: Path, explicit: Path | None = None) -> Config:
    """Read the configuration that applies to ``path`` (or ``explicit``), or the defaults.

    Raises ConfigError listing every problem at once.
    """
    config_file = explicit if explicit is not None else find_config_file(path.resolve())
    if config_file is None:
        return Config()
    source = str(config_file)
    try:
        text = config_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(source, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, [f"cannot read: {exc}"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [f"not valid TOML: {exc}"]) from None
    if config_file.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        section = tool.get("speckit-graph") if isinstance(tool, dict) else None
        if section is None:
            if explicit is not None and config_file.name == "pyproject.toml":
                raise ConfigError(source, ["no [tool.speckit-graph] section"])
            section = {} if config_file.name == "pyproject.toml" else data
        data = section
    return parse_config(data, source)


def parse_config(data: Mapping[str, Any], source: str = "<config>") -> Config:
    """Turn a TOML mapping into a Config, collecting all errors before raising."""
    parser = _Parser(source)
    config = parser.parse(data)
    if parser.errors:
        raise ConfigError(source, parser.errors)
    return config


_TOP_LEVEL_KEYS = {
    "include", "exclude", "default-excludes", "template-dirs", "aliases", "vocabulary",
    "root-types", "required-fields", "id-pattern", "select", "ignore", "rules", "fail-on",
    "limits", "history", "releases",
}  # fmt: skip
_VOCABULARY_KEYS = {"status", "lifecycle", "type", "category", "priority", "approval-status"}
_HISTORY_KEYS = {"ignore-fields"}
_RELEASE_KEYS = {"roots", "tags", "target", "description"}
_LIMIT_KEYS = {"max-file-size", "max-frontmatter-size", "max-links-per-field", "max-alias-expansion"}
RULE_SETTINGS = ("error", "warning", "info", "on", "off")
_RULE_SELECTOR = re.compile(r"^(SG\d{0,3}|[a-z][a-z0-9-]*)$")


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[str] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(f"{key}: {message}")

    def parse(self, data: Mapping[str, Any]) -> Config:
        for key in sorted(set(data) - _TOP_LEVEL_KEYS):
            self.error(key, f"unknown key (known: {', '.join(sorted(_TOP_LEVEL_KEYS))})")
        defaults = Config()
        id_pattern = self.optional_str(data, "id-pattern")
        if id_pattern is not None:
            try:
                re.compile(id_pattern)
            except re.error as exc:
                self.error("id-pattern", f"not a valid regular expression: {exc}")
        vocabulary = self.vocabulary(data.get("vocabulary"))
        return Config(
            source=self.source,
            include=self.str_list(data, "include", defaults.include),
            exclude=self.str_list(data, "exclude", defaults.exclude),
            default_excludes=self.boolean(data, "default-excludes", defaults.default_excludes),
            template_dirs=self.str_list(data, "template-dirs", defaults.template_dirs),
            aliases=self.aliases(data.get("aliases")),
            vocabulary=vocabulary,
            root_types=self.str_list(data, "root-types", defaults.root_types),
            required_fields=self.str_list(data, "required-fields", defaults.required_fields),
            id_pattern=id_pattern,
            select=self.selectors(data, "select"),
            ignore=self.selectors(data, "ignore"),
            rules=self.rules(data.get("rules")),
            fail_on=self.severity(data, "fail-on", defaults.fail_on),
            limits=self.limits(data.get("limits")),
            history=self.history(data.get("history")),
            releases=self.releases(data.get("releases"), vocabulary),
        )

    # -- typed field readers ------------------------------------------------------------

    def str_list(
        self, data: Mapping[str, Any], key: str, default: tuple[str, ...], prefix: str = ""
    ) -> tuple[str, ...]:
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

    def boolean(self, data: Mapping[str, Any], key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(key, f"expected true or false, got {_describe(value)}")
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
        approval = self.optional_str(value, "approval-status") or default.approval_status
        if "status" in value and "lifecycle" not in value:
            lists["lifecycle"] = tuple(s for s in lists["status"] if s in default.lifecycle) or lists["status"]
        missing = [s for s in lists["lifecycle"] if s not in lists["status"]]
        if missing:
            self.error("vocabulary.lifecycle", f"statuses not in vocabulary.status: {', '.join(missing)}")
        if approval not in lists["lifecycle"]:
            self.error("vocabulary.approval-status", f"{approval!r} is not in vocabulary.lifecycle")
        return Vocabulary(approval_status=approval, **lists)

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
            number = value[key]
            if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
                self.error(f"limits.{key}", f"expected a positive integer, got {number!r}")
            else:
                numbers[key.replace("-", "_")] = number
        return replace(default, **numbers)


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
