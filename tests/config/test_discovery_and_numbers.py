"""Issue 14 items 13 and 15: discovery stays in the repository; every configuration number is range-checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.config import discover
from speckit_graph.config.discover import find_config_file, load_config
from speckit_graph.config.parse import LIMIT_RANGES, parse_config
from speckit_graph.core.errors import ConfigError
from tests.support.cli import run_cli

OFF = '[rules]\ndangling-reference = "off"\n'
SPEC = "---\nid: A\ntitle: T\ndepends_on: [MISSING]\n---\n"


def test_a_config_in_a_shared_parent_above_the_git_top_is_not_read(tmp_path: Path) -> None:
    (tmp_path / ".speckit-graph.toml").write_text(OFF, encoding="utf-8")  # the shared parent folder
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "specs").mkdir()
    (repo / "specs" / "a.md").write_text(SPEC, encoding="utf-8")
    assert find_config_file(repo / "specs") is None
    run = run_cli("check", repo / "specs", "--no-cache")
    assert run.code == 1 and "MISSING" in run.stdout


def test_outside_git_only_path_itself_is_searched(tmp_path: Path) -> None:
    (tmp_path / ".speckit-graph.toml").write_text(OFF, encoding="utf-8")
    (tmp_path / "specs").mkdir()
    assert find_config_file(tmp_path / "specs") is None
    assert find_config_file(tmp_path) == tmp_path / ".speckit-graph.toml"


def test_a_config_inside_the_repository_is_still_found_upward(tmp_path: Path) -> None:
    (tmp_path / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")  # a worktree's .git file counts too
    (tmp_path / ".speckit-graph.toml").write_text(OFF, encoding="utf-8")
    (tmp_path / "specs" / "deep").mkdir(parents=True)
    assert find_config_file(tmp_path / "specs" / "deep") == tmp_path / ".speckit-graph.toml"


def test_a_config_owned_by_another_user_is_ignored_with_a_note_unless_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    planted = tmp_path / ".speckit-graph.toml"
    planted.write_text(OFF, encoding="utf-8")
    real = discover.owner_of
    monkeypatch.setattr(discover, "owner_of", lambda path: 4242 if path == planted else real(path))
    notes: list[str] = []
    assert load_config(tmp_path, notes=notes).rules.get("dangling-reference") != "off"
    assert len(notes) == 1 and "owned by another user" in notes[0] and "--config" in notes[0]
    assert load_config(tmp_path, planted).rules.get("dangling-reference") == "off"


@pytest.mark.parametrize("key", sorted(LIMIT_RANGES))
def test_every_limit_refuses_huge_negative_and_non_numbers_together(key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"limits": {key: 99999999999999999999999}, "ids": {"number-template": "X-{:0999999999d}"}})
    assert len(caught.value.errors) == 2 and f"limits.{key}" in caught.value.errors[0]
    assert f"expected an integer from 1 to {LIMIT_RANGES[key]:,}" in caught.value.errors[0]
    for bad in (-5, 0, "big", 1.5, True):
        with pytest.raises(ConfigError, match=f"limits.{key}"):
            parse_config({"limits": {key: bad}})
    parse_config({"limits": {key: LIMIT_RANGES[key]}})


def test_the_cli_reports_a_huge_limit_as_a_configuration_error_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(SPEC, encoding="utf-8")
    for value in ("99999999999999999999999", "-1", '"ten"', "9" * 5000):
        (tmp_path / ".speckit-graph.toml").write_text(f"[limits]\nmax-file-size = {value}\n", encoding="utf-8")
        run = run_cli("check", tmp_path, "--no-cache")
        assert run.code == 2 and "Traceback" not in run.stderr and "Overflow" not in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1 and "invalid configuration" in run.stderr
