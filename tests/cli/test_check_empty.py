"""``check`` on a folder without specs is an error (exit 2) unless ``--allow-empty``: a misdirected CI gate fails."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cli

Repo = Callable[..., Path]


def test_no_spec_is_exit_2_with_the_reason(repo: Repo) -> None:
    root = repo({"README.md": "# Notes\n", "docs/guide.md": "---\ntitle: Guide\n---\n"})
    run = run_cli("check", root)
    assert_no_traceback(run)
    assert run.code == 2
    assert f"no specs found under {root} (2 Markdown files, none with an id); run `speckit-graph init`" in run.stderr
    assert run.stdout == ""


def test_a_folder_without_markdown_is_exit_2_too(tmp_path: Path) -> None:
    run = run_cli("check", tmp_path)
    assert run.code == 2 and "(0 Markdown files, none with an id)" in run.stderr


def test_unreadable_files_are_counted_in_the_message(repo: Repo) -> None:
    root = repo({"a.md": "---\nid: [unclosed\n---\n"})
    run = run_cli("check", root)
    assert run.code == 2 and "1 file could not be read (--allow-empty shows why)" in run.stderr


def test_allow_empty_goes_on_and_reports(repo: Repo, tmp_path: Path) -> None:
    root = repo({"README.md": "# Notes\n", "a.md": "---\nid: [unclosed\n---\n"})
    run = run_cli("check", root, "--allow-empty", "--format", "json")
    assert_no_traceback(run)
    assert run.code == 1  # the SG001 is an error: the usual threshold applies
    document = json.loads(run.stdout)
    assert document["summary"]["specs"] == 0 and [f["code"] for f in document["findings"]] == ["SG001"]
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "README.md").write_text("# Notes\n")
    assert run_cli("check", tmp_path / "plain", "--allow-empty").code == 0


def test_allow_empty_is_in_the_help() -> None:
    run = run_cli("check", "--help")
    assert "--allow-empty" in run.stdout and "no specs" in run.stdout
