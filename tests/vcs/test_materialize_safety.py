"""A crafted git tree cannot make materialising a revision write outside its temporary folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from speckit_graph.vcs.materialize import materialize

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


def _git(repo: Path, *args: str, data: bytes | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    return subprocess.run(["git", *args], cwd=repo, input=data, capture_output=True, check=True, env=env).stdout.decode().strip()


def _blob(repo: Path, data: bytes) -> str:
    return _git(repo, "hash-object", "-w", "--stdin", data=data)


def _tree(repo: Path, entries: list[tuple[str, str, str, str]]) -> str:
    listing = "".join(f"{mode} {kind} {sha}\t{name}\n" for mode, kind, sha, name in entries)
    return _git(repo, "mktree", "--missing", data=listing.encode())


@pytest.fixture()
def crafted(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """A commit whose tree holds a symlink ``x -> OUTSIDE`` and a subtree ``x/README.md``."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("untouched\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    spec = _blob(repo, b"---\nid: evil\n---\nplanted\n")
    link = _blob(repo, str(outside).encode())
    sub = _tree(repo, [("100644", "blob", spec, "README.md"), ("100644", "blob", spec, "keep.md")])
    commits = []
    for listing in ([("120000", link, "x"), ("40000", sub, "x")], [("40000", sub, "x"), ("120000", link, "x")]):
        # git mktree refuses two entries of one name: write the tree object by hand, as an attacker would.
        raw = b"".join(f"{mode} {name}".encode() + b"\0" + bytes.fromhex(sha) for mode, sha, name in listing)
        tree = _git(repo, "hash-object", "-w", "-t", "tree", "--literally", "--stdin", data=raw)
        commits.append(_git(repo, "commit-tree", tree, "-m", "evil"))
    return repo, outside, commits


def test_a_symlinked_folder_in_the_tree_never_receives_a_write(crafted: tuple[Path, Path, list[str]]) -> None:
    repo, outside, commits = crafted
    for commit in commits:
        with materialize(repo, commit, suffixes=(".md",)) as folder:
            written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
            assert "x/README.md" in written  # the folder won; the link was not placed over it
            assert not (folder / "x").is_symlink()
        assert sorted(p.name for p in outside.iterdir()) == ["keep.md"]
        assert (outside / "keep.md").read_text() == "untouched\n"
