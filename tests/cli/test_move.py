"""``speckit-graph move``: the file moves and every path link follows it, in the form it was written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli._support import invoke
from tests.conftest import write_repo

FILES = {
    "features/f.md": (
        "---\nid: F-001\ntitle: F  # kept\nrelated: ['../stories/a.md#criteria']\n"
        "dependencies: ['[A](./../stories/a.md)', stories/b.md]\nparent: /stories/a.md\n---\nSee [A](../stories/a.md).\n"
    ),
    "stories/a.md": "---\r\nid: A-001\r\ntitle: A\r\nparent: ../features/f.md\r\nrelated: [./b.md]\r\n---\r\n",
    "stories/b.md": '---\nid: B-001\ntitle: B\nparent: F-001\nrelated:\n  - a.md\n  - "http://x/y.md"\n---\n',
}
EXPECTED = {
    "features/f.md": (
        "---\nid: F-001\ntitle: F  # kept\nrelated: ['../stories/sub/a2.md#criteria']\n"
        "dependencies: ['[A](../stories/sub/a2.md)', stories/b.md]\nparent: /stories/sub/a2.md\n---\n"
        "See [A](../stories/sub/a2.md).\n"
    ),  # the body's Markdown link follows too
    "stories/sub/a2.md": "---\r\nid: A-001\r\ntitle: A\r\nparent: ../../features/f.md\r\nrelated: [../b.md]\r\n---\r\n",
    "stories/b.md": '---\nid: B-001\ntitle: B\nparent: F-001\nrelated:\n  - sub/a2.md\n  - "http://x/y.md"\n---\n',
}


def _files(root: Path) -> dict[str, str]:
    skip = (".git/",)
    return {
        p.relative_to(root).as_posix(): p.read_bytes().decode()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(skip)
    }


def _check(root: Path) -> str:
    return invoke("check", str(root), "--no-cache", "--select", "SG1")[1]


def test_move_rewrites_every_path_link_and_nothing_else(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    before_check = _check(root)
    code, out, err = invoke("move", str(root / "stories/a.md"), str(root / "stories/sub/a2.md"), str(root), "--no-cache")
    assert code == 0, err
    assert "moved stories/a.md to stories/sub/a2.md: 6 path link(s) and 1 body link(s) rewritten in 3 file(s)" in err
    assert _files(root) == EXPECTED
    assert _check(root) == before_check.replace("repo/stories/a.md", "repo/stories/sub/a2.md")
    assert "1 error," in before_check and "names 'http://x/y.md'" in before_check  # the one finding: a foreign URL


def test_move_dry_run_shows_the_diff_under_the_new_name(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    code, out, err = invoke(
        "move", str(root / "stories/a.md"), str(root / "stories/sub/a2.md"), str(root), "--dry-run", "--no-cache"
    )
    assert code == 0, err
    assert "--- a/stories/a.md\n+++ b/stories/sub/a2.md\n" in out
    assert "-related: ['../stories/a.md#criteria'" in out
    assert _files(root) == FILES


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("stories/a.md", "stories/b.md", "already exists; not overwritten"),
        ("stories/a.md", "../outside.md", "is outside"),
        ("stories/a.md", "stories/a.txt", "does not end in .md"),
        ("stories/a.md", "templates/a.md", "the scan skips"),
        ("stories/zz.md", "stories/y.md", "is not a spec file"),
    ],
)
def test_move_refuses(tmp_path: Path, old: str, new: str, message: str) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    code, _out, err = invoke("move", str(root / old), str(root / new), str(root), "--no-cache")
    assert code == 2
    assert message in err
    assert _files(root) == FILES


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True, capture_output=True)
    return done.stdout.decode()


def test_move_uses_git_mv_and_refuses_dirty_files(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "specs")
    (root / "stories/b.md").write_text(FILES["stories/b.md"] + "More.\n", encoding="utf-8")
    args = ("move", str(root / "stories/a.md"), str(root / "stories/sub/a2.md"), str(root), "--no-cache")
    code, _out, err = invoke(*args)
    assert code == 2
    assert "uncommitted changes: stories/b.md" in err
    assert (root / "stories/a.md").exists()
    _git(root, "checkout", "--", "stories/b.md")
    code, _out, err = invoke(*args)
    assert code == 0, err
    assert "(git mv)" in err
    status = _git(root, "status", "--porcelain")
    assert "stories/a.md -> stories/sub/a2.md" in status  # renamed in the index, link edits unstaged
    assert _files(root) == EXPECTED


def test_move_follows_urls_and_loose_case_links(tmp_path: Path) -> None:
    base = "https://github.com/o/r/blob/main"
    files = {
        ".speckit-graph.toml": f'[references]\nbase-urls = ["{base}"]\n',
        "a.md": "---\nid: A-1\ntitle: A\n---\n",
        "b.md": f"---\nid: B-1\ntitle: B\nparent: {base}/a.md#top\nrelated: [A.MD]\n---\n",
    }
    root = write_repo(tmp_path / "repo", files)
    code, _out, err = invoke("move", str(root / "a.md"), str(root / "docs/a.md"), str(root), "--no-cache")
    assert code == 0, err
    lines = (root / "b.md").read_text().split("\n")
    # The shared scalar renderer quotes a plain value holding ':' or '#' (the value is the same).
    assert lines[3] in (f"parent: {base}/docs/a.md#top", f'parent: "{base}/docs/a.md#top"')
    assert lines[4] == "related: [docs/a.md]"
    assert lines[:3] + lines[5:] == files["b.md"].split("\n")[:3] + files["b.md"].split("\n")[5:]
    assert (root / "docs/a.md").read_text() == files["a.md"]
