"""Issue 14 items 7 and 10: deep folders, FIFOs and symlinks swapped in cannot hide findings, hang or leak files."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.load import safe_read
from speckit_graph.load.issues import FileOutcome
from speckit_graph.load.walk import list_markdown_files, walk_folders
from tests.support.cli import run_cli
from tests.support.scratch import in_memory_folder

SPEC = "---\nid: {id}\ntitle: T\ndepends_on: [MISSING]\n---\n"


def _nest(root: Path, depth: int, name: str, text: str) -> None:
    """``depth`` nested folders built through descriptors: no path ever gets too long to create."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, text.encode())
        os.close(out)
    finally:
        os.close(fd)


def _unnest(root: Path) -> None:
    """Remove the nest one level at a time: pytest's own cleanup (shutil.rmtree) recurses per level."""
    top = root / "d"
    while top.exists():
        if (top / "d").exists():
            os.rename(top / "d", root / "next")
        for name in os.listdir(top):
            os.unlink(top / name)
        os.rmdir(top)
        if (root / "next").exists():
            os.rename(root / "next", top)


@pytest.fixture
def nest(tmp_path: Path) -> Iterator[Path]:
    """A folder in RAM: 2,000 levels took seconds to build and remove on a busy disk, milliseconds there."""
    with in_memory_folder(tmp_path) as folder:
        yield folder
        _unnest(folder)


@pytest.mark.slow
def test_2000_nested_folders_do_not_hide_findings(nest: Path) -> None:
    tmp_path = nest
    (tmp_path / "a.md").write_text(SPEC.format(id="A"), encoding="utf-8")
    _nest(tmp_path, 2000, "deep.md", SPEC.format(id="DEEP"))
    files, issues = list_markdown_files(tmp_path, Config())
    assert files[0] == "a.md" and len(files) + len(issues) == 2  # the deep file is read or reported, never a crash
    # In this process, under pytest's frames: a recursive walk would hit the recursion limit
    # sooner than in a fresh interpreter, so this is at least as strict as a subprocess.
    run = run_cli("check", tmp_path, "--no-cache")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "a.md" in run.stdout and "MISSING" in run.stdout


def test_the_iterative_walk_keeps_os_walk_order_and_does_not_enter_folder_symlinks(tmp_path: Path) -> None:
    for folder in ("b/x", "a/z", "a/y", "c"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "f.md").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)

    def sorted_walk(walk: object) -> list[tuple[str, list[str], list[str]]]:
        out = []
        for top, dirs, files in walk:  # type: ignore[attr-defined]
            dirs.sort()
            out.append((top, list(dirs), sorted(files)))
        return out

    assert sorted_walk(walk_folders(tmp_path)) == sorted_walk(os.walk(tmp_path))


def test_a_fifo_named_like_a_spec_is_a_finding_and_the_command_finishes(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(SPEC.format(id="A"), encoding="utf-8")
    os.mkfifo(tmp_path / "x.md")
    run = subprocess.run(
        [sys.executable, "-m", "speckit_graph", "check", str(tmp_path), "--no-cache"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": os.getcwd()},
    )  # fmt: skip  # a regression hangs: the timeout turns it into a failure
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "x.md" in run.stdout and "not a regular file; not read" in run.stdout


def test_a_fifo_is_refused_by_the_cache_digest_read_too(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.md")
    with pytest.raises(safe_read.NotRegularFile):
        safe_read.read_limited(tmp_path / "x.md", 100)


def test_a_symlink_swapped_in_after_the_check_is_never_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race: ``lstat`` sees a regular file, then the file becomes a link to a secret outside."""
    from speckit_graph.load import frontmatter

    repo = tmp_path / "repo"
    repo.mkdir()
    secret = tmp_path / "secret.md"
    secret.write_text("---\nid: SECRET\ntitle: stolen\n---\n", encoding="utf-8")
    spec = repo / "x.md"
    spec.write_text(SPEC.format(id="X"), encoding="utf-8")
    real_lstat = os.lstat

    def lstat_then_swap(path: object) -> os.stat_result:
        info = real_lstat(path)  # type: ignore[arg-type]
        if Path(str(path)) == spec:
            spec.unlink()
            spec.symlink_to(secret)  # the attacker wins the race every time
        return info

    monkeypatch.setattr(frontmatter.os, "lstat", lstat_then_swap)
    outcome = FileOutcome()
    assert frontmatter._read_bytes(repo, "x.md", Config(), outcome) is None
    (hit,) = outcome.issues
    assert "replaced by a symlink" in hit.message and "stolen" not in hit.message
    with pytest.raises(OSError) as refused:
        os.close(os.open(spec, safe_read.OPEN_FLAGS))
    assert refused.value.errno == errno.ELOOP


def test_a_symlink_inside_the_repository_is_still_read(tmp_path: Path) -> None:
    from speckit_graph.load import frontmatter

    (tmp_path / "real.md").write_text(SPEC.format(id="R"), encoding="utf-8")
    (tmp_path / "alias.md").symlink_to(tmp_path / "real.md")
    outcome = FileOutcome()
    assert frontmatter._read_bytes(tmp_path, "alias.md", Config(), outcome) == SPEC.format(id="R").encode()
    assert not outcome.issues
