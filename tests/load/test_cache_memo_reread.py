"""A check result remembered in the cache is forgotten as soon as a file is read again or goes away.

Found on a gathered corpus: a folder removed and copied again with one more file, then `init`
(whose own check records the new files) and `check`: the cache held every file, each trusted,
and handed back the result remembered for the old folder, "Checked 3 specs in 3 Markdown files"
for a folder of 4. A remembered result holds only for the very files it was computed from.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import assert_no_traceback, run_cli


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled at once (in real use they are seconds old)."""
    monkeypatch.setattr(importlib.import_module("speckit_graph.load.cache"), "RACY_WINDOW_NS", 0)


def spec(n: int) -> str:
    return f"---\nid: S-{n}\ntitle: Spec {n}\ntype: epic\nstatus: draft\n---\n"


def checked(root: Path, cache: Path) -> str:
    run = run_cli("check", root, "--cache-dir", cache, "--no-color")
    assert_no_traceback(run)
    return run.stdout.strip().splitlines()[-1]


def test_a_folder_copied_again_with_one_more_file_is_not_served_the_old_result(tmp_path: Path) -> None:
    source, root, cache = tmp_path / "source", tmp_path / "repo", tmp_path / "cache"
    (source / "sub").mkdir(parents=True)
    for n in (1, 2, 3):
        (source / "sub" / f"s{n}.md").write_text(spec(n), encoding="utf-8")
    shutil.copytree(source, root)
    assert run_cli("init", root, "--cache-dir", cache).code == 0
    assert checked(root, cache).startswith("Checked 3 specs in 3 Markdown files")
    (source / "sub" / "s4.md").write_text(spec(4), encoding="utf-8")
    shutil.rmtree(root)
    shutil.copytree(source, root)
    assert run_cli("init", root, "--cache-dir", cache).code == 0
    assert checked(root, cache).startswith("Checked 4 specs in 4 Markdown files")
    assert checked(root, cache).startswith("Checked 4 specs in 4 Markdown files")  # and remembered as such


def test_a_file_removed_is_not_counted_from_the_remembered_result(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    root.mkdir()
    for n in (1, 2, 3):
        (root / f"s{n}.md").write_text(spec(n), encoding="utf-8")
    assert checked(root, cache).startswith("Checked 3 specs")
    (root / "s3.md").unlink()
    assert checked(root, cache).startswith("Checked 2 specs in 2 Markdown files")
