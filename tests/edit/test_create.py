"""Creating a new file: inside the root only, never over an existing file or symlink, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.edit.create import create_file


def test_creates_the_file_and_its_folders(tmp_path: Path) -> None:
    written = create_file(tmp_path, "a/b/c.md", "héllo\n")
    assert written.read_bytes() == "héllo\n".encode()
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["c.md"]  # no temporary file left


@pytest.mark.parametrize("relpath", ["../x.md", "link/x.md", "dangling.md", "taken.md"])
def test_refuses_outside_or_existing(tmp_path: Path, relpath: str) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "dangling.md").symlink_to(outside / "nothing.md")
    (root / "taken.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(UsageError):
        create_file(root, relpath, "new\n")
    assert list(outside.iterdir()) == []
    assert (root / "taken.md").read_text(encoding="utf-8") == "mine\n"
