"""Configuration is found, validated completely, and rejected with every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.config.discover import find_config_file, load_config
from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.errors import ConfigError
from speckit_graph.core.findings import Severity


def test_defaults_when_nothing_is_found(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()


def test_dedicated_file_is_found_upward(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the search climbs to the repository top, no further
    (tmp_path / ".speckit-graph.toml").write_text('root-types = ["initiative"]\nfail-on = "warning"\n')
    nested = tmp_path / "specs" / "deep"
    nested.mkdir(parents=True)
    config = load_config(nested)
    assert config.root_types == ("initiative",)
    assert config.fail_on is Severity.WARNING
    assert config.source == str(tmp_path / ".speckit-graph.toml")


def test_pyproject_section_is_used_and_pyproject_without_it_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the search climbs to the repository top, no further
    (tmp_path / "pyproject.toml").write_text('[tool.speckit-graph]\nid-pattern = "spec-.*"\n')
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config_file(inner) == tmp_path / "pyproject.toml"
    assert load_config(inner).id_pattern == "spec-.*"


def test_explicit_file_wins_and_must_exist(tmp_path: Path) -> None:
    explicit = tmp_path / "custom.toml"
    explicit.write_text('required-fields = ["id"]\n')
    assert load_config(tmp_path, explicit).required_fields == ("id",)
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path, tmp_path / "missing.toml")


def test_every_error_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(
            {
                "colour": "blue",
                "include": "specs/**/*.md",  # a single string is accepted as a list
                "root-types": 3,
                "fail-on": "fatal",
                "id-pattern": "([",
                "rules": {"SG101": "loud", "not a rule!": "off"},
                "vocabulary": {"status": ["open"], "lifecycle": ["open", "closed"], "colour": []},
                "limits": {"max-file-size": -1},
            },
            "test.toml",
        )
    errors = caught.value.errors
    assert len(errors) == 10, errors
    joined = "\n".join(errors)
    for fragment in ("colour: unknown key", "root-types: expected a list", "fail-on: expected one of",
                     "id-pattern: not a valid regular expression", "rules.SG101", "rules.not a rule!",
                     "vocabulary.lifecycle: statuses not in vocabulary.status: closed",
                     "vocabulary.colour: unknown key", "limits.max-file-size", "approval-status"):  # fmt: skip
        assert fragment in joined
    assert str(caught.value).startswith("invalid configuration in test.toml (10 problems):")


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / ".speckit-graph.toml").write_text("root-types = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path)


def test_rule_settings_accept_severity_on_off_and_booleans() -> None:
    config = parse_config({"rules": {"SG204": "on", "orphan": "off", "SG101": "warning", "SG105": False}})
    assert dict(config.rules) == {"SG204": "on", "orphan": "off", "SG101": "warning", "SG105": "off"}


def test_vocabulary_lifecycle_defaults_from_status() -> None:
    vocabulary = parse_config({"vocabulary": {"status": ["draft", "approved", "done", "dropped"],
                                              "lifecycle": ["draft", "approved", "done"]}}).vocabulary  # fmt: skip
    assert vocabulary.retired == frozenset({"dropped"})
    assert vocabulary.needs_approval("done") and not vocabulary.needs_approval("draft")
