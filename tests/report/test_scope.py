"""Report scopes: roots, tags and named releases, and their configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.config.discover import load_config
from speckit_graph.config.model import Config, Release
from speckit_graph.config.parse import parse_config
from speckit_graph.core.errors import ConfigError, UsageError
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.report.scope import Via, spec_tags
from speckit_graph.usecases.load import load, resolve_config
from speckit_graph.usecases.report import resolve_scope
from tests.conftest import EXAMPLES, REPO_ROOT

EDGE = REPO_ROOT / "tests" / "report_fixtures" / "edge"
CHECKOUT = EXAMPLES / "checkout"


def loaded(path: Path) -> tuple[SpecGraph, Config]:
    config = resolve_config(path)
    return load(path, config), config


# -- configuration --------------------------------------------------------------------------


def test_releases_are_parsed_from_the_dedicated_file() -> None:
    config = load_config(EDGE)
    assert sorted(config.releases) == ["done", "r1", "r2"]
    assert config.releases["done"] == Release("done", roots=("spec-epic-done-001",), target="approved")
    assert config.releases["r1"].tags == ("r1",)
    assert config.releases["r1"].description == "First release <b>not bold</b> | with a pipe"


def test_releases_are_read_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.speckit-graph.releases."2.1"]\nroots = ["spec-epic-a-001"]\ntags = ["release-2.1"]\n'
    )
    assert load_config(tmp_path).releases["2.1"] == Release("2.1", ("spec-epic-a-001",), ("release-2.1",))


def test_every_release_problem_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(
            {
                "releases": {
                    "empty": {},
                    "typed": {"roots": 3, "tags": ["ok"]},
                    "extra": {"tags": ["x"], "owner": "me"},
                    "target": {"tags": ["x"], "target": "shipped"},
                    "blank": {"tags": [" "]},
                    "flat": "release-2.1",
                }
            }
        )
    errors = caught.value.errors
    assert "releases.empty: needs a non-empty 'roots' or 'tags' list" in errors
    assert any(e.startswith("releases.typed.roots: expected a list of strings") for e in errors)
    assert any(e.startswith("releases.extra.owner: unknown key") for e in errors)
    assert any(e.startswith("releases.target.target: 'shipped' is not in vocabulary.lifecycle") for e in errors)
    assert "releases.blank.tags: entries must not be empty" in errors
    assert any(e.startswith("releases.flat: expected a table") for e in errors)
    assert len(errors) == 6


def test_release_target_is_checked_against_a_custom_lifecycle() -> None:
    config = parse_config(
        {
            "vocabulary": {"status": ["open", "done", "dropped"], "lifecycle": ["open", "done"], "approval-status": "done"},
            "releases": {"x": {"tags": ["t"], "target": "done"}},
        }
    )
    assert config.releases["x"].target == "done"
    with pytest.raises(ConfigError):
        parse_config({"releases": {"x": {"tags": ["t"], "target": "done"}}})


# -- scopes ---------------------------------------------------------------------------------


def test_whole_repository_is_the_default_scope() -> None:
    graph, config = loaded(CHECKOUT)
    scope = resolve_scope(graph, config)
    assert scope.whole_repository and scope.label == "whole repository"
    assert len(scope) == 32 and set(scope.members.values()) == {Via.REPOSITORY}


def test_tag_scope_pulls_in_dependencies_that_carry_no_tag() -> None:
    graph, config = loaded(CHECKOUT)
    scope = resolve_scope(graph, config, tags=["release-2.1"])
    tagged = {s.id for s in graph.specs() if "release-2.1" in spec_tags(s)}
    assert len(tagged) == 13
    assert {i for i, via in scope.members.items() if via is Via.TAG} == tagged
    assert {i for i, via in scope.members.items() if via is Via.DEPENDENCY} == {
        "spec-data-cart-001",  # needed by the checkout session API, tagged nothing of 2.1
        "spec-data-order-001",  # a release-2.0 spec
        "spec-data-payment-001",  # needed by the payment gateway, two links away from any tag
    }
    assert list(scope.members) == sorted(scope.members)


def test_root_scope_is_the_hierarchy_below_plus_what_it_depends_on() -> None:
    graph, config = loaded(CHECKOUT)
    scope = resolve_scope(graph, config, roots=["spec-feature-card-payments-001"])
    assert dict(scope.members) == {
        "spec-api-checkout-session-001": Via.DEPENDENCY,
        "spec-api-payment-intents-001": Via.DESCENDANT,
        "spec-data-cart-001": Via.DEPENDENCY,
        "spec-data-order-001": Via.DEPENDENCY,
        "spec-data-payment-001": Via.DEPENDENCY,
        "spec-feature-card-payments-001": Via.ROOT,
        "spec-service-payment-gateway-001": Via.DEPENDENCY,
        "spec-story-3ds-challenge-001": Via.DESCENDANT,
        "spec-story-pay-by-card-001": Via.DESCENDANT,
        "spec-ui-checkout-flow-001": Via.DEPENDENCY,
    }
    assert scope.label == "root spec-feature-card-payments-001"


def test_dependencies_of_a_deprecated_spec_stay_out_of_scope() -> None:
    graph, config = loaded(EDGE)
    scope = resolve_scope(graph, config, release="r1")
    assert scope.members["spec-data-legacy-001"] is Via.DEPENDENCY
    assert "spec-data-old-001" not in scope  # only the deprecated spec needs it
    assert scope.members["spec-service-core-001"] is Via.DEPENDENCY
    assert scope.label == "release r1" and scope.description is not None


def test_roots_and_tags_combine_and_repeat_harmlessly() -> None:
    graph, config = loaded(EDGE)
    scope = resolve_scope(graph, config, roots=["spec-epic-done-001", "spec-epic-done-001"], tags=["r2"])
    assert scope.roots == ("spec-epic-done-001",)
    assert scope.label == "root spec-epic-done-001; tag r2"
    assert {"spec-story-done-001", "spec-story-a-001"} <= set(scope.members)


def test_unknown_release_names_the_known_ones() -> None:
    graph, config = loaded(EDGE)
    with pytest.raises(UsageError, match=r"unknown release 'r3' in .*\(known releases: done, r1, r2\)"):
        resolve_scope(graph, config, release="r3")


def test_unknown_root_and_tag_suggest_close_matches() -> None:
    graph, config = loaded(CHECKOUT)
    with pytest.raises(
        UsageError, match="--root: no spec has the id 'spec-epic-checkout'; did you mean 'spec-epic-checkout-001'"
    ):
        resolve_scope(graph, config, roots=["spec-epic-checkout"])
    with pytest.raises(
        UsageError, match=r"no spec carries the tag 'release-2.3'; did you mean 'release-2.2', 'release-2.1', 'release-2.0'\?"
    ):
        resolve_scope(graph, config, tags=["release-2.3"])


def test_a_release_naming_a_missing_root_says_where_it_came_from(tmp_path: Path) -> None:
    config = parse_config({"releases": {"x": {"roots": ["spec-nope-001"]}}}, "cfg.toml")
    graph = load(CHECKOUT, config)
    with pytest.raises(UsageError, match="root of release 'x': no spec has the id 'spec-nope-001'"):
        resolve_scope(graph, config, release="x")


def test_tags_field_accepts_a_comma_separated_string(tmp_path: Path) -> None:
    from tests.conftest import good_fields, spec_text, write_repo

    root = write_repo(tmp_path, {"a.md": spec_text(**good_fields("spec-a-001", parent=None, tags="x, y"))})
    graph = load(root)
    assert spec_tags(graph.specs_by_id["spec-a-001"]) == ("x", "y")
    assert list(resolve_scope(graph, Config(), tags=["y"]).members) == ["spec-a-001"]


def test_documented_release_examples_parse() -> None:
    import re

    from speckit_graph.config.discover import tomllib  # tomli on Python 3.10

    for doc in ("configuration.md", "report.md"):
        text = (REPO_ROOT / "docs" / doc).read_text(encoding="utf-8")
        blocks = [b for b in re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL) if "[releases." in b]
        assert blocks, f"docs/{doc} shows no [releases.*] example"
        for block in blocks:
            config = parse_config(tomllib.loads(block))
            assert config.releases["2.1"].tags == ("release-2.1",)
