"""``speckit-graph rename``: the id and every reference to it change, and not one other byte."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli._support import CHECKOUT, invoke
from tests.conftest import write_repo

OLD, NEW = "spec-feature-card-payments-001", "spec-feature-cards-002"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    target = tmp_path / "checkout"
    shutil.copytree(CHECKOUT, target)
    return target


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_rename_changes_exactly_the_lines_that_held_the_id(checkout: Path) -> None:
    before = _files(checkout)
    code, out, err = invoke("rename", OLD, NEW, str(checkout), "--no-cache")
    assert code == 0, err
    assert "renamed spec-feature-card-payments-001 to spec-feature-cards-002: 5 reference(s) in 5 file(s)" in err
    after = _files(checkout)
    assert after.keys() == before.keys()
    changed_lines = 0
    for relpath, old_bytes in before.items():
        old_lines, new_lines = old_bytes.split(b"\n"), after[relpath].split(b"\n")
        assert len(old_lines) == len(new_lines)
        for old_line, new_line in zip(old_lines, new_lines, strict=True):
            if OLD.encode() in old_line:
                assert new_line == old_line.replace(OLD.encode(), NEW.encode())  # parent, dependency, related, id
                changed_lines += 1
            else:
                assert new_line == old_line
    assert changed_lines == 6
    code, out, _ = invoke("check", str(checkout), "--no-cache", "--fail-on", "info")
    assert code == 0, out
    assert "0 errors, 0 warnings, 0 infos" in out


def test_rename_dry_run_prints_the_diff_and_writes_nothing(checkout: Path) -> None:
    before = _files(checkout)
    code, out, err = invoke("rename", OLD, NEW, str(checkout), "--dry-run", "--no-cache")
    assert code == 0, err
    assert "--- a/features/wallet-payments.md\n+++ b/features/wallet-payments.md\n" in out
    assert f"\n-related: ['{OLD}']\n" in out and f"\n+related: ['{NEW}']\n" in out
    assert "would rename" in err
    assert _files(checkout) == before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("spec-feature-card-paymnts-001", NEW, f"did you mean '{OLD}'"),
        (OLD, "spec-feature-wallet-payments-001", "a spec already has the id"),
        (OLD, "SPEC-feature-wallet-payments-1", "only in case or zero padding"),
        (OLD, OLD, "the same id"),
        (OLD, "has space", "is not an id"),
    ],
)
def test_rename_refuses(checkout: Path, old: str, new: str, message: str) -> None:
    before = _files(checkout)
    code, _out, err = invoke("rename", old, new, str(checkout), "--no-cache")
    assert code == 2
    assert message in err
    assert _files(checkout) == before


def test_rename_refuses_an_id_outside_the_id_pattern(checkout: Path) -> None:
    (checkout / ".speckit-graph.toml").write_text('id-pattern = "^spec-[a-z-]+-\\\\d{3}$"\n', encoding="utf-8")
    code, _out, err = invoke("rename", OLD, "spec-feature-cards-2", str(checkout), "--no-cache")
    assert code == 2
    assert "does not match the id-pattern" in err


def test_rename_rewrites_every_spelling(tmp_path: Path) -> None:
    files = {
        "a.md": "---\nid: REQ-0007\ntitle: A\n---\n",
        "b.md": (
            '---\r\nid: REQ-0008\r\ntitle: B  # a comment\r\nparent: "REQ-0007: A, the first"\r\n'
            "depends_on:\r\n  - req-7\r\n  - '[A](a.md)'\r\nrelated: '[REQ-0007](a.md), REQ-0009'\r\n---\r\nBody REQ-0007.\r\n"
        ),
        "c.md": "---\nid: REQ-0009\ntitle: C\nrelated: [REQ-0008]\n---\n",
    }
    root = write_repo(tmp_path / "repo", files)
    code, _out, err = invoke("rename", "REQ-0007", "REQ-0042", str(root), "--no-cache")
    assert code == 0, err
    assert (root / "a.md").read_bytes() == b"---\nid: REQ-0042\ntitle: A\n---\n"
    assert (root / "b.md").read_bytes() == (
        b'---\r\nid: REQ-0008\r\ntitle: B  # a comment\r\nparent: "REQ-0042: A, the first"\r\n'
        b"depends_on:\r\n  - REQ-0042\r\n  - '[A](a.md)'\r\nrelated: '[REQ-0042](a.md), REQ-0009'\r\n---\r\nBody REQ-0007.\r\n"
    )  # the path link still names a.md; the body is prose, not a link
    assert (root / "c.md").read_bytes() == files["c.md"].encode()
    assert "1 path link(s) name the file a.md" in err


def test_rename_says_when_the_file_is_named_after_the_old_id(tmp_path: Path) -> None:
    files = {"REQ-0007.md": "---\nid: REQ-0007\ntitle: A\n---\n", "b.md": "---\nid: REQ-8\ntitle: B\nparent: REQ-0007.md\n---\n"}
    root = write_repo(tmp_path / "repo", files)
    code, _out, err = invoke("rename", "REQ-0007", "REQ-0042", str(root), "--no-cache")
    assert code == 0, err
    assert "REQ-0007.md is still named after 'REQ-0007'; 'speckit-graph move' renames it" in err
    assert (root / "b.md").read_text() == files["b.md"]  # the path link still names the file


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True, capture_output=True)


def test_rename_refuses_uncommitted_files_unless_allowed(checkout: Path) -> None:
    _git(checkout, "init", "-q")
    _git(checkout, "add", "-A")
    _git(checkout, "commit", "-qm", "specs")
    wallet = checkout / "features" / "wallet-payments.md"
    wallet.write_bytes(wallet.read_bytes() + b"\nMore.\n")
    before = _files(checkout)
    code, _out, err = invoke("rename", OLD, NEW, str(checkout), "--no-cache")
    assert code == 2
    assert "uncommitted changes: features/wallet-payments.md" in err
    assert _files(checkout) == before
    code, _out, err = invoke("rename", OLD, NEW, str(checkout), "--no-cache", "--allow-dirty")
    assert code == 0, err
    assert NEW in wallet.read_text(encoding="utf-8")


def test_rename_edits_the_id_inside_a_mapping_entry(tmp_path: Path) -> None:
    files = {
        ".speckit-graph.toml": '[references]\nmapping-keys = ["hrid"]\n',
        "a.md": "---\nid: USR-006\ntitle: A\n---\n",
        "b.md": "---\nid: SYS-013\ntitle: B\nparent:\n- uuid: 4893e594\n  fingerprint: 2e16\n  hrid: USR-006\n---\n",
    }
    root = write_repo(tmp_path / "repo", files)
    code, _out, err = invoke("rename", "USR-006", "USR-106", str(root), "--no-cache")
    assert code == 0, err
    assert (root / "b.md").read_text() == files["b.md"].replace("hrid: USR-006", "hrid: USR-106")
    assert (root / "a.md").read_text() == files["a.md"].replace("USR-006", "USR-106")


def test_rename_refuses_an_id_taken_from_the_path(tmp_path: Path) -> None:
    files = {
        ".speckit-graph.toml": '[ids]\nfrom-path = "(?P<id>REQ-\\\\d+)\\\\.md$"\n',
        "REQ-1.md": "---\ntitle: A\n---\n",
        "REQ-2.md": "---\ntitle: B\nparent: REQ-1\n---\n",
    }
    root = write_repo(tmp_path / "repo", files)
    code, _out, err = invoke("rename", "REQ-1", "REQ-3", str(root), "--no-cache")
    assert code == 2, err
    assert "derived from the path of REQ-1.md" in err


def test_rename_moves_review_acknowledgements_to_the_new_id(tmp_path: Path) -> None:
    files = {
        "a.md": "---\nid: REQ-7\ntitle: A\n---\n",
        "b.md": "---\nid: REQ-8\ntitle: B\ndependencies: [REQ-7]\nreviewed: {'REQ-7': 3f2a91c0de, REQ-9: abc}\n---\n",
        "c.md": "---\nid: REQ-9\ntitle: C\nreviewed:\n  REQ-7: 3f2a91c0de  # after the API change\n---\n",
    }
    root = write_repo(tmp_path / "repo", files)
    code, _out, err = invoke("rename", "REQ-7", "REQ-70", str(root), "--no-cache")
    assert code == 0, err
    assert (root / "b.md").read_text() == files["b.md"].replace("REQ-7]", "REQ-70]").replace("'REQ-7'", "'REQ-70'")
    assert (root / "c.md").read_text() == files["c.md"].replace("  REQ-7:", "  REQ-70:")


def test_rename_refuses_a_reference_it_cannot_edit_and_writes_nothing(tmp_path: Path) -> None:
    files = {
        "a.md": "---\nid: REQ-7\ntitle: A\n---\n",
        "b.md": "---\nid: REQ-8\ntitle: B\nparent: |\n  REQ-7\n---\n",
        "c.md": "---\nid: REQ-9\ntitle: C\nparent: REQ-7\n---\n",
    }
    root = write_repo(tmp_path / "repo", files)
    code, _out, err = invoke("rename", "REQ-7", "REQ-70", str(root), "--no-cache")
    assert code == 2, err
    assert "b.md" in err and "nothing written" in err and "internal error" not in err
    assert {p.name: p.read_text() for p in root.iterdir()} == files
