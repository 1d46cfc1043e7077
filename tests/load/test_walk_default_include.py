"""The default include (``**/*.md``) is decided on the file's name alone, without the glob's regex:
the same files must be checked as through the regex, whatever their case or folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.load.walk import list_markdown_files

NAMES = [
    "a.md",
    "B.MD",
    "c.Md",
    "d.markdown",
    "e.md~",
    "f.mdx",
    ".hidden.md",
    "sub/g.md",
    "sub/H.MD",
    "x.md/inner.md",  # a folder whose name ends in .md
    "x.md/inner.txt",
    "deep/er/still/i.md",
    "notes.MD.md",
    "spec.md.bak",
]


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    for name in NAMES:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\nid: X\n---\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "include",
    [("**/*.md",), ("**/*.MD",), ("**/*.md", "**/*.MD"), (" **/*.md ",), ("**/*g.md",)],
)
def test_the_name_alone_lists_what_the_glob_lists(tree: Path, include: tuple[str, ...]) -> None:
    fast = list_markdown_files(tree, Config(include=include))
    # A second pattern that matches no file keeps the same set but takes the regex path.
    through_regex = list_markdown_files(tree, Config(include=(*include, "**/no-such-[name].md")))
    assert fast == through_regex
    assert fast[0], "the tree holds files of each include"


def test_default_lists_lower_case_md_files_folder_by_folder(tree: Path) -> None:
    listed, issues = list_markdown_files(tree, Config())
    assert issues == []
    assert listed == [".hidden.md", "a.md", "notes.MD.md", "deep/er/still/i.md", "sub/g.md", "x.md/inner.md"]
