"""Presets: ready-made configurations for the spec-repository conventions met in the wild.

A preset is nothing but a configuration mapping (the same kebab-case keys a
``.speckit-graph.toml`` holds). ``preset = "NAME"`` merges it *under* the user's keys, so a
user starts from a preset and overrides any key. This module is plain data plus the merge;
the configuration parser validates the result like any user file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULT_PRESET = "speckit"

#: Tables whose keys merge one by one (a user key replaces the preset's key, the others stay).
MERGED_TABLES = ("aliases", "vocabulary", "lifecycle", "rules", "limits", "links", "references", "ids")

_SPECKIT_STATUSES = ["draft", "review", "approved", "implemented", "deprecated"]

#: The SpeckIt hierarchy (FORMAT.md, examples/checkout): epics are the roots; a functional
#: requirement (a feature) sits under an epic; stories and the technical specs sit under a
#: feature or directly under an epic. A user ``[types]`` table replaces it as a whole.
SPECKIT_TYPES: dict[str, dict[str, Any]] = {
    "functional_requirement": {"parents": ["epic"]},
    **{
        name: {"parents": ["functional_requirement", "epic"]}
        for name in ("user_story", "api_spec", "ui_spec", "service_spec", "data_model")
    },
}

PRESETS: dict[str, dict[str, Any]] = {
    # The SpeckIt template as FORMAT.md describes it: the built-in defaults, nothing changed.
    # Its lifecycle is the built-in one: draft -> review -> approved -> implemented (done),
    # deprecated abandoned. Its type hierarchy is SPECKIT_TYPES.
    "speckit": {"types": SPECKIT_TYPES},
    # The layout the SpeckIt authors use in their own repository (naibarn/Smart-AI-Hub):
    # spec_id, parent_epic, related_specs, relative-path links, a second frontmatter block
    # carrying the real id, statuses like "active", and many files with metadata but no id
    # (they take their path as id so path links to them resolve).
    "speckit-authors": {
        "frontmatter-block": "merge",
        "exclude": ["_backup"],
        "aliases": {
            "id": ["spec_id", "specId"],
            "type": ["spec_type"],
            "createdAt": ["created_at", "created_date", "created"],
            "updatedAt": ["updated_at", "last_updated", "updated"],
        },
        "ids": {"from-path": r"^(?P<path>.+)\.md$", "path-format": "{path}"},
        "links": {
            "parent": ["parent_epic", "relates_to_epic"],
            "related": ["related_specs"],
            "implements": {"fields": ["implements_req"], "like": "related"},
        },
        "vocabulary": {
            "status": ["draft", "review", "approved", "active", "implemented", "deprecated"],
            "lifecycle": ["draft", "active", "review", "approved", "implemented"],
            "type": [
                "user_story",
                "functional_requirement",
                "data_model",
                "service_spec",
                "epic",
                "api_spec",
                "ui_spec",
                "feature",
                "specification",
            ],  # fmt: skip
            "category": [],
            "priority": [
                "low",
                "medium",
                "high",
                "critical",
                "P0",
                "P1",
                "P2",
                "P3",
                "P0 - Critical",
                "P1 - High",
                "P2 - Medium",
                "P3 - Low",
            ],  # fmt: skip
            "ignore-case": True,
        },
        "lifecycle": {"done": ["implemented"], "abandoned": ["deprecated"]},
        "required-fields": ["id", "title", "status"],
        "root-types": ["epic", "specification"],
    },
    # Improvement-proposal repositories (EIP style: Aptos AIPs, Filecoin FIPs): a number as
    # id, `requires` ordering work, `replaces`/`superseded-by` as informational history,
    # capitalised `Status`, template leftovers in key names ("requires (*optional)") and
    # values ("<AIP number(s)>"), free-form types. `{KEY}` in the number template is the id
    # field's key in capitals (fip -> FIP); `speckit-graph init` writes the exact template.
    "improvement-proposals": {
        "exclude": ["TEMPLATE.md"],
        "aliases": {
            "id": ["eip", "aip", "fip", "bip", "kip", "sip", "tip", "cip", "lip", "pep", "rfc", "nip", "xep"],
            "status": ["Status"],
            "createdAt": ["created", "Created"],
            "updatedAt": ["updated", "last-updated"],
            # EIP-1 writes `author`; FIPs, NEPs and HIPs also write `authors` / `Author(s)` in some files.
            "author": ["authors", "Author", "Authors"],
        },
        "ids": {"number-template": "{KEY}-{}"},
        "links": {
            "depends_on": ["requires", "requires (*optional)", "dependency"],
            "replaces": {"fields": ["replaces", "replaces (*optional)"], "like": "related"},
            "superseded-by": {"fields": ["superseded-by"], "like": "related"},
        },
        "references": {"empty-markers": ["N/A", "NA", "N.A.", "none", "-", "TBD", "TBA", "<*>"]},
        "vocabulary": {
            "status": [
                "Idea",
                "Draft",
                "In Review",
                "Review",
                "Last Call",
                "Accepted",
                "Final",
                "Active",
                "Living",
                "Stagnant",
                "Deferred",
                "Rejected",
                "Withdrawn",
                "Superseded",
                "Replaced",
                "Obsolete",
            ],  # fmt: skip
            "lifecycle": ["Idea", "Draft", "In Review", "Review", "Last Call", "Accepted", "Final", "Active", "Living"],
            "approval-status": "Accepted",
            "type": [],
            "category": [],
            "priority": [],
        },
        # Final, Active and Living are all finished; Stagnant/Withdrawn/... end a proposal and
        # Moved/Replaced/"Superseded by X" send the reader elsewhere: none is a stage before done.
        "lifecycle": {
            "done": ["Final", "Active", "Living"],
            "abandoned": ["Stagnant", "Deferred", "Rejected", "Withdrawn", "Obsolete"],
            "redirect": ["Superseded", "Replaced", "Moved", "Superseded by *", "Replaced by *", "Moved to *"],
        },
        "required-fields": ["id", "title", "status"],
        "rules": {"orphan": "off", "missing-approval": "off"},
    },
    # Backlog.md task folders (backlog/tasks, completed, archive, drafts, docs, decisions,
    # milestones): parent_task_id, dependencies, ids that drifted from `task-N` to a project
    # prefix such as `BACK-N`, statuses "To Do" / "In Progress" / "Done".
    "backlog-md": {
        "aliases": {
            "parent": ["parent_task_id"],
            "createdAt": ["created_date"],
            "updatedAt": ["updated_date"],
        },
        "ids": {"number-template": "task-{}"},
        "references": {"equivalent-prefixes": [["task-", "back-"]]},
        "vocabulary": {
            "status": [
                "Draft",
                "To Do",
                "In Progress",
                "Done",
                "Won't Do",
                "proposed",
                "accepted",
                "rejected",
                "superseded",
            ],  # fmt: skip
            "lifecycle": ["Draft", "proposed", "To Do", "In Progress", "accepted", "Done"],
            "approval-status": "Done",
            "type": [],
            "category": [],
            "priority": ["low", "medium", "high"],
        },
        # Tasks end Done, decisions end accepted; "Won't Do"/rejected are abandoned.
        "lifecycle": {"done": ["Done", "accepted"], "abandoned": ["Won't Do", "rejected"], "redirect": ["superseded"]},
        "required-fields": ["id", "title"],
        "rules": {"orphan": "off", "missing-approval": "off"},
    },
    # requiem (danieleades/requiem): no id field at all; the human-readable id comes from the
    # path (CORE/SYS/004.md -> CORE-SYS-004) and `parents` is a list of {uuid, fingerprint,
    # hrid} mappings, several parents allowed.
    "requiem": {
        "ids": {
            "from-path": r"(?:^|/)(?P<area>[A-Za-z0-9_]+)/(?P<kind>[A-Za-z0-9_]+)/(?P<num>\d+)\.md$",
            "path-format": "{area}-{kind}-{num}",
        },
        "links": {"parent": {"fields": ["parents"], "multiple": True}},
        "references": {"mapping-keys": ["hrid", "id", "uuid"]},
        "vocabulary": {
            "status": [],
            "lifecycle": [],
            "approval-status": "",
            "type": [],
            "category": [],
            "priority": [],
        },  # fmt: skip
        # No status field: no lifecycle (report and order say so and stop).
        "lifecycle": {"stages": [], "done": [], "abandoned": [], "redirect": []},
        "required-fields": ["id"],
        "rules": {"missing-approval": "off"},
        # No type field: the kind in the id (CORE-SYS-004) is the type for the hierarchy rules.
        "hierarchy": {"type-from-id": r"^[^-]+-(?P<type>[^-]+)-\d+$"},
    },
}

#: Other names users reach for; they select the same preset.
PRESET_ALIASES = {
    "default": "speckit",
    "smart-ai-hub": "speckit-authors",
    "aip": "improvement-proposals",
    "fip": "improvement-proposals",
    "eip": "improvement-proposals",
    "backlog": "backlog-md",
}

PRESET_SUMMARIES = {
    "speckit": "the SpeckIt template's field names and vocabularies (the default)",
    "speckit-authors": "the SpeckIt authors' own layout: spec_id, parent_epic, path links, second frontmatter blocks",
    "improvement-proposals": "AIP/FIP/EIP-style proposals: numbers as ids, requires/replaces/superseded-by",
    "backlog-md": "Backlog.md task folders: parent_task_id, dependencies, task-N/BACK-N ids",
    "requiem": "requiem requirements: ids from the path, parents as {uuid, hrid} mappings",
}


def preset_names() -> tuple[str, ...]:
    return tuple(PRESETS)


def canonical_preset_name(name: str) -> str | None:
    """The preset a name selects, or None when there is no such preset."""
    name = name.strip().lower()
    if name in PRESETS:
        return name
    return PRESET_ALIASES.get(name)


def merge_under(preset: Mapping[str, Any], user: Mapping[str, Any]) -> dict[str, Any]:
    """The user's configuration laid over a preset: user keys win, tables merge key by key.

    A user ``vocabulary.status`` without ``lifecycle`` keeps the preset's lifecycle order for
    the statuses it still lists, so overriding one list never leaves the other inconsistent.
    """
    merged: dict[str, Any] = {key: _copy(value) for key, value in preset.items()}
    for key, value in user.items():
        base = merged.get(key)
        if key in MERGED_TABLES and isinstance(base, dict) and isinstance(value, Mapping):
            table = dict(base)
            table.update({k: _copy(v) for k, v in value.items()})
            if key == "vocabulary":
                _keep_lifecycle_consistent(base, value, table)
            merged[key] = table
        else:
            merged[key] = _copy(value)
    return merged


def _keep_lifecycle_consistent(base: Mapping[str, Any], user: Mapping[str, Any], table: dict[str, Any]) -> None:
    status = user.get("status")
    if "lifecycle" in user or not isinstance(status, list) or "lifecycle" not in base:
        return
    old = base["lifecycle"]
    lifecycle = [s for s in status if s in old] or list(status)
    table["lifecycle"] = lifecycle
    approval = base.get("approval-status")
    if "approval-status" not in user and isinstance(approval, str) and approval and approval not in lifecycle:
        # The preset's approval stage was dropped: the next kept stage after it takes its place.
        later = old[old.index(approval) :] if approval in old else []
        table["approval-status"] = next((s for s in later if s in lifecycle), "")


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
