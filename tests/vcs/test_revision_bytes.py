"""A git revision is loaded from its blobs in memory, and gives what loading its files from a folder gave.

``diff`` and ``check --diff-base`` used to write the other revision to a temporary folder and load
that; now the blobs go straight into the loader. The listing must match the folder walk (order,
exclusions, globs), every spec and load issue must be the same, and nothing may be written.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.load.loader import list_markdown_files, load_specs
from speckit_graph.load.walk import list_listed_files
from speckit_graph.usecases.diff import compare_revisions
from speckit_graph.usecases.load import resolve_config
from tests.conftest import REPO_ROOT
from tests.support.changes import needs_git


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


@pytest.mark.parametrize("example", ["broken", "checkout"])
def test_listing_and_loading_bytes_match_the_folder(example: str, tmp_path: Path) -> None:
    root = tmp_path / example
    shutil.copytree(REPO_ROOT / "examples" / example, root)
    # Folders the walk leaves out and files it does not read, so the listing has something to skip.
    for extra in ("node_modules/x.md", ".hidden/y.md", "deep/er/z.MD", "deep/notes.txt", "a b/ü.md"):
        (root / extra).parent.mkdir(parents=True, exist_ok=True)
        (root / extra).write_bytes(b"---\nid: spec-x-001\n---\n")
    config = resolve_config(root)
    walked, issues = list_markdown_files(root, config)
    assert issues == []
    contents = files_of(root)
    assert list_listed_files(contents, config) == walked
    from_disk = load_specs(root, config)
    in_memory = load_specs(root / "does-not-exist", config, files=contents)
    assert in_memory.specs == from_disk.specs
    assert in_memory.issues == from_disk.issues
    assert (in_memory.files_scanned, in_memory.files_skipped) == (from_disk.files_scanned, from_disk.files_skipped)


def test_listing_applies_include_and_exclude_globs() -> None:
    config = Config(include=("specs/**",), exclude=("specs/old/**", "*-draft.md"))
    paths = ["specs/a.md", "specs/old/b.md", "specs/c-draft.md", "docs/d.md", "specs/sub/e.md", "specs/B.md"]
    assert list_listed_files(paths, config) == ["specs/B.md", "specs/a.md", "specs/sub/e.md"]


def test_size_limit_applies_to_bytes_handed_in() -> None:
    config = Config()
    big = b"---\nid: spec-a-001\n---\n" + b"x" * (config.limits.max_file_size + 1)
    result = load_specs(Path("/nonexistent"), config, files={"a.md": big})
    assert [hit.message for hit in result.issues] == [
        f"file is {len(big):,} bytes, over the max-file-size limit of {config.limits.max_file_size:,}"
    ]


@needs_git
def test_diff_writes_no_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "examples" / "checkout", repo)
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=n", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=repo, check=True)
    first = next(p for p in sorted(repo.rglob("*.md")) if "\nid: " in p.read_text(encoding="utf-8"))
    first.write_text(first.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "two"], cwd=repo, check=True)

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("a temporary folder was made")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    diff = compare_revisions(repo, "HEAD~1", "HEAD").diff
    assert [m.body for m in diff.modified] == [True], "the edited body is seen, read from the blobs of both sides"
