"""``rename --move-file``: a file named after the old id is moved to the new id's name in the same command."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.cli._support import invoke
from tests.conftest import write_repo

FILES = {
    "reqs/REQ-0007.md": "---\nid: REQ-0007\ntitle: Seven\nrelated: [REQ-0001]\n---\nSee [one](REQ-0001.md).\n",
    "reqs/REQ-0001.md": (
        "---\nid: REQ-0001\ntitle: One\ndependencies: [REQ-0007]\nrelated: [./REQ-0007.md]\n---\n"
        "Details in [seven](REQ-0007.md#scope).\n"
    ),
}


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.md"))}


def check(root: Path) -> str:
    return invoke("check", str(root), "--no-cache", "--select", "SG1")[1]


def test_rename_moves_the_file_named_after_the_id(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    code, out, err = invoke("rename", "REQ-0007", "REQ-0013", str(root), "--move-file", "--no-cache")
    assert code == 0, err
    assert files(root) == {
        "reqs/REQ-0001.md": FILES["reqs/REQ-0001.md"].replace("REQ-0007", "REQ-0013"),
        "reqs/REQ-0013.md": FILES["reqs/REQ-0007.md"].replace("REQ-0007", "REQ-0013"),
    }
    assert "renamed REQ-0007 to REQ-0013" in err and "moved reqs/REQ-0007.md to reqs/REQ-0013.md" in err
    assert out.splitlines() == [str(root / "reqs/REQ-0001.md"), str(root / "reqs/REQ-0013.md")]
    assert "0 errors" in check(root)


def test_without_the_flag_the_file_stays_and_a_note_says_so(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    code, _, err = invoke("rename", "REQ-0007", "REQ-0013", str(root), "--no-cache")
    assert code == 0, err
    assert (root / "reqs/REQ-0007.md").exists()
    assert "still named after 'REQ-0007'; 'speckit-graph move' renames it and its path links (or rename with --move-file" in err


def test_dry_run_writes_nothing_and_shows_both_steps(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    code, out, err = invoke("rename", "REQ-0007", "REQ-0013", str(root), "--move-file", "--dry-run", "--no-cache")
    assert code == 0, err
    assert files(root) == FILES
    assert "+id: REQ-0013" in out and "+Details in [seven](REQ-0013.md#scope)." in out
    assert "would move reqs/REQ-0007.md to reqs/REQ-0013.md: 2 link(s) to the file rewritten" in err


def test_a_refused_move_refuses_the_rename_too(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {**FILES, "reqs/REQ-0013.md": "not a spec, but in the way\n"})
    code, _, err = invoke("rename", "REQ-0007", "REQ-0013", str(root), "--move-file", "--no-cache")
    assert code == 2 and "already exists" in err
    assert files(root)["reqs/REQ-0007.md"] == FILES["reqs/REQ-0007.md"], "nothing renamed"


def test_dirty_files_of_the_move_are_refused_before_the_rename(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "init"], check=True)
    extra = "---\nid: REQ-0002\ntitle: Two\nrelated: [REQ-0007.md]\n---\n"
    (root / "reqs/REQ-0002.md").write_text(extra)  # untracked: only the move would edit it
    code, _, err = invoke("rename", "REQ-0007", "REQ-0013", str(root), "--move-file", "--no-cache")
    assert code == 2 and "uncommitted" in err, err
    assert files(root)["reqs/REQ-0007.md"] == FILES["reqs/REQ-0007.md"]
    code, _, err = invoke("rename", "REQ-0007", "REQ-0013", str(root), "--move-file", "--allow-dirty", "--no-cache")
    assert code == 0, err
    assert (root / "reqs/REQ-0002.md").read_text() == extra.replace("REQ-0007.md", "REQ-0013.md")
