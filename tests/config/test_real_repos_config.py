"""Configuration for real repositories: link mapping, ids, references, presets, frontmatter blocks."""

from __future__ import annotations

import pickle

import pytest

from speckit_graph.config.model import Config, LinkField
from speckit_graph.config.parse import parse_config
from speckit_graph.config.presets import PRESETS, merge_under, preset_names
from speckit_graph.core.errors import ConfigError
from speckit_graph.core.model import LinkKind


def fields_of(config: Config) -> dict[str, tuple[LinkKind, str | None, bool]]:
    return {lf.key: (lf.kind, lf.label, lf.multiple) for lf in config.link_fields}


def test_defaults_keep_the_speckit_fields_and_aliases() -> None:
    config = Config()
    assert config.preset == "speckit" and config.frontmatter_block == "first"
    assert fields_of(config) == {
        "parent": (LinkKind.PARENT, None, False),
        "parent_id": (LinkKind.PARENT, None, False),
        "parentId": (LinkKind.PARENT, None, False),
        "dependencies": (LinkKind.DEPENDS_ON, None, False),
        "depends_on": (LinkKind.DEPENDS_ON, None, False),
        "dependsOn": (LinkKind.DEPENDS_ON, None, False),
        "depends-on": (LinkKind.DEPENDS_ON, None, False),
        "related": (LinkKind.RELATED, None, False),
        "related_specs": (LinkKind.RELATED, None, False),
        "relatedSpecs": (LinkKind.RELATED, None, False),
    }
    assert parse_config({}) == Config(source="<config>")


def test_links_table_simple_and_named_forms() -> None:
    config = parse_config(
        {
            "aliases": {"dependencies": []},
            "links": {
                "depends_on": ["requires"],
                "supersedes": {"fields": ["replaces", "obsoletes"], "like": "related"},
                "blocked-by": {"fields": "blocked_by", "like": "depends_on"},
                "parent": {"fields": ["parents"], "multiple": True},
                "see-also": ["see_also"],  # a named kind without `like` is informational
            },
        }
    )
    fields = fields_of(config)
    assert fields["requires"] == (LinkKind.DEPENDS_ON, None, False)
    assert fields["replaces"] == fields["obsoletes"] == (LinkKind.RELATED, "supersedes", False)
    assert fields["blocked_by"] == (LinkKind.DEPENDS_ON, "blocked-by", False)
    assert fields["parents"] == (LinkKind.PARENT, None, True)
    assert fields["parent"] == (LinkKind.PARENT, None, True)  # multiple applies to the whole kind
    assert fields["see_also"] == (LinkKind.RELATED, "see-also", False)
    assert "depends_on" not in fields  # the alias list of dependencies was emptied
    assert LinkField("requires", LinkKind.DEPENDS_ON) in config.link_fields


def test_link_table_errors_are_all_reported() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(
            {
                "links": {
                    "Bad Name": ["x"],
                    "supersedes": {"fields": ["replaces"], "like": "sideways", "colour": 1},
                    "parent": {"fields": ["up"], "like": "related"},
                    "empty": {"fields": []},
                    "mine": {"fields": ["related_specs"]},  # already an alias of related
                    "twice": ["dup"],
                    "again": ["dup"],
                    "flag": {"fields": ["f"], "multiple": "yes"},
                }
            },
            "t.toml",
        )
    joined = "\n".join(caught.value.errors)
    for fragment in (
        "links.Bad Name", "links.supersedes.like", "links.supersedes.colour: unknown key",
        "links.parent.like", "links.empty.fields: name at least one", "key 'related_specs' already feeds 'related'",
        "key 'dup' already feeds 'twice'", "links.flag.multiple",
    ):  # fmt: skip
        assert fragment in joined, joined


def test_ids_settings() -> None:
    config = parse_config(
        {"ids": {"number-template": "FIP-{:04d}", "from-path": r"(?P<area>[A-Z]+)/(?P<n>\d+)\.md$", "path-format": "{area}-{n}"}}
    )
    assert config.ids.number_template is not None and config.ids.number_template.format("7") == "FIP-0007"
    assert config.ids.id_from_path("docs/CORE/004.md") == "CORE-004"
    assert config.ids.id_from_path("docs/core/x.md") is None
    joined = parse_config({"ids": {"from-path": r"(?P<a>\w+)-(?P<b>\d+)\.md$"}}).ids
    assert joined.id_from_path("x/task-12.md") == "task-12"
    with pytest.raises(ConfigError) as caught:
        parse_config({"ids": {"number-template": "X-{:4d}", "from-path": "([", "path-format": "{nope}", "other": 1}})
    joined_errors = "\n".join(caught.value.errors)
    assert "ids.number-template" in joined_errors and "ids.from-path: not a valid regular expression" in joined_errors
    assert "ids.other: unknown key" in joined_errors and "ids.path-format: needs ids.from-path" in joined_errors
    with pytest.raises(ConfigError, match="lacks: nope"):
        parse_config({"ids": {"from-path": r"(?P<a>\w+)\.md$", "path-format": "{a}-{nope}"}})


def test_references_settings_and_errors() -> None:
    config = parse_config(
        {
            "references": {
                "empty-markers": ["N/A", "<*>"],
                "mapping-keys": ["hrid"],
                "base-urls": ["https://github.com/o/r/blob/main/"],
                "equivalent-prefixes": [["task-", "BACK-"]],
                "loose-matching": False,
            }
        }
    )
    refs = config.references
    assert refs.empty_markers == ("N/A", "<*>") and refs.mapping_keys == ("hrid",)
    assert refs.equivalent_prefixes == (("task-", "BACK-"),) and refs.loose_matching is False
    with pytest.raises(ConfigError) as caught:
        parse_config({"references": {"base-urls": ["github.com/x"], "equivalent-prefixes": [["only-one"]], "x": 1}})
    assert len(caught.value.errors) == 3


def test_frontmatter_block_choice() -> None:
    assert parse_config({"frontmatter-block": "merge"}).frontmatter_block == "merge"
    with pytest.raises(ConfigError, match="frontmatter-block: expected one of first, second, merge"):
        parse_config({"frontmatter-block": "last"})


def test_vocabulary_ignore_case_and_no_approval_stage() -> None:
    vocabulary = parse_config({"vocabulary": {"ignore-case": True}}).vocabulary
    assert vocabulary.stage("Approved") == 2 and vocabulary.is_retired("DEPRECATED")
    assert vocabulary.allows(vocabulary.status, "Draft")
    strict = Config().vocabulary
    assert strict.stage("Approved") is None and not strict.allows(strict.status, "Draft")
    none = parse_config({"vocabulary": {"status": ["open", "closed"], "lifecycle": ["open", "closed"], "approval-status": ""}})
    assert not none.vocabulary.needs_approval("closed")


# -- presets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_is_a_valid_configuration(name: str) -> None:
    config = parse_config({"preset": name})
    assert config.preset == name
    assert pickle.loads(pickle.dumps(config)) == config  # workers get the configuration pickled


def test_preset_aliases_and_unknown_preset() -> None:
    assert parse_config({"preset": "smart-ai-hub"}).preset == "speckit-authors"
    assert parse_config({"preset": "FIP"}).preset == "improvement-proposals"
    with pytest.raises(ConfigError, match="unknown preset 'nope'"):
        parse_config({"preset": "nope"})
    with pytest.raises(ConfigError, match="preset: expected a string"):
        parse_config({"preset": 3})


def test_user_keys_override_the_preset_key_by_key() -> None:
    config = parse_config(
        {
            "preset": "improvement-proposals",
            "aliases": {"id": ["fip"]},
            "ids": {"number-template": "FIP-{:04d}"},
            "vocabulary": {"status": ["Draft", "Final", "Rejected"]},
            "rules": {"orphan": "warning"},
        }
    )
    assert config.keys_for("id") == ("id", "fip")
    assert config.keys_for("status") == ("status", "Status")  # kept from the preset
    assert config.ids.number_template is not None and config.ids.number_template.text == "FIP-{:04d}"
    assert config.vocabulary.lifecycle == ("Draft", "Final")  # the preset's order, for the statuses kept
    assert "Rejected" in config.vocabulary.retired and "Withdrawn" in config.vocabulary.retired  # [lifecycle] keeps them
    assert config.vocabulary.approval_status == "Final"  # the preset's "Accepted" was dropped: the next stage
    assert config.rules["orphan"] == "warning" and config.rules["missing-approval"] == "off"
    assert "replaces" in {lf.key for lf in config.link_fields}


def test_merge_under_copies_and_never_mutates_the_preset() -> None:
    before = repr(PRESETS["backlog-md"])
    merged = merge_under(PRESETS["backlog-md"], {"aliases": {"parent": ["up"]}, "include": ["x/**"]})
    merged["aliases"]["id"] = ["changed"]
    assert repr(PRESETS["backlog-md"]) == before
    assert merged["aliases"]["parent"] == ["up"] and merged["include"] == ["x/**"]
