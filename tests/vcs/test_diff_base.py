"""``check --diff-base REF`` and the git source it reads revisions from."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from speckit_graph.vcs import git as gitsource
from speckit_graph.vcs.materialize import materialize
from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="git is not installed"
)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
}  # fmt: skip


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert done.returncode == 0, done.stderr
    return done.stdout


def write_spec(root: Path, relpath: str, **fields: Any) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{yaml.safe_dump(fields, sort_keys=False)}---\n\nBody.\n", encoding="utf-8")


def story(spec_id: str, **changes: Any) -> dict[str, Any]:
    return {"id": spec_id, "title": spec_id, "type": "user_story", "status": "draft", "parent": "spec-epic-001", **changes}


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A repository with specs under docs/specs, an old problem committed on main, and a second commit."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    specs = root / "docs" / "specs"
    write_spec(specs, "epic.md", id="spec-epic-001", title="Epic", type="epic", status="draft")
    write_spec(specs, "old.md", **story("spec-old-001", dependencies=["spec-missing-001"]))
    write_spec(specs, "fixme.md", **story("spec-fixme-001", status="Draft"))
    (root / "README.md").write_text("not a spec\n", encoding="utf-8")
    commit(root, "base")
    git(root, "tag", "base")
    return root


def check(path: Path, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    result = run_cli("check", str(path), "--format", "json", *args)
    findings = json.loads(result.stdout)["findings"] if result.stdout else []
    return result.exit_code, findings, result.stderr


def test_only_findings_introduced_since_ref_are_reported(repo: Path) -> None:
    specs = repo / "docs" / "specs"
    write_spec(specs, "new.md", **story("spec-new-001", dependencies=["spec-typo-001"]))  # new problem
    write_spec(specs, "fixme.md", **story("spec-fixme-001"))  # fixed problem
    commit(repo, "pr")
    status, findings, stderr = check(specs, "--diff-base", "base")
    assert status == 1
    assert [(f["code"], f["spec"]) for f in findings] == [("SG101", "spec-new-001")]
    assert "--diff-base base: 1 finding already there hidden, 1 fixed since" in stderr
    # Without --diff-base the old problem is still there.
    assert len(check(specs)[1]) == 2


def test_uncommitted_and_untracked_changes_count_as_new(repo: Path) -> None:
    specs = repo / "docs" / "specs"
    write_spec(specs, "draft.md", **story("spec-draft-001", parent="spec-nowhere-001"))  # untracked
    status, findings, _ = check(specs, "--diff-base", "HEAD")
    assert status == 1 and [f["spec"] for f in findings] == ["spec-draft-001"]


def test_moving_a_spec_is_not_a_new_finding(repo: Path) -> None:
    specs = repo / "docs" / "specs"
    (specs / "sub").mkdir()
    git(repo, "mv", "docs/specs/old.md", "docs/specs/sub/renamed.md")
    status, findings, _ = check(specs, "--diff-base", "base")
    assert status == 0 and findings == []


def test_working_tree_index_and_head_are_untouched(repo: Path) -> None:
    specs = repo / "docs" / "specs"
    write_spec(specs, "old.md", **story("spec-old-001"))  # a local edit must survive
    before = (git(repo, "status", "--porcelain=v1", "--untracked-files=all"), git(repo, "rev-parse", "HEAD"),
              (repo / ".git" / "index").read_bytes(), sorted(p.relative_to(repo) for p in repo.rglob("*")))  # fmt: skip
    check(specs, "--diff-base", "base")
    after = (git(repo, "status", "--porcelain=v1", "--untracked-files=all"), git(repo, "rev-parse", "HEAD"),
             (repo / ".git" / "index").read_bytes(), sorted(p.relative_to(repo) for p in repo.rglob("*")))  # fmt: skip
    assert before == after


def test_repository_root_and_subfolder_agree(repo: Path) -> None:
    write_spec(repo / "docs" / "specs", "new.md", **story("spec-new-001", parent="spec-nowhere-001"))
    from_root = check(repo, "--diff-base", "base")[1]
    from_sub = check(repo / "docs" / "specs", "--diff-base", "base")[1]
    assert [f["fingerprint"] for f in from_root] == [f["fingerprint"] for f in from_sub] and len(from_sub) == 1


def test_folder_that_did_not_exist_at_ref_is_all_new(repo: Path) -> None:
    write_spec(repo / "later", "a.md", **story("spec-later-001", parent="spec-nowhere-001"))
    commit(repo, "add later")
    status, findings, stderr = check(repo / "later", "--diff-base", "base")
    assert status == 1 and len(findings) == 1 and "0 findings already there hidden" in stderr


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("no-such-branch", "unknown git revision 'no-such-branch'"),
        ("--help", "not a git revision: '--help'"),
        ("HEAD~9", "unknown git revision 'HEAD~9'"),
    ],  # fmt: skip
)
def test_unknown_ref_is_a_one_line_error(repo: Path, ref: str, expected: str) -> None:
    status, _, stderr = check(repo, f"--diff-base={ref}")
    assert status == 2 and expected in stderr and len(stderr.strip().splitlines()) == 1


def test_not_a_git_repository_is_a_one_line_error(tmp_path: Path) -> None:
    write_spec(tmp_path / "plain", "a.md", **story("spec-a-001"))
    status, _, stderr = check(tmp_path / "plain", "--diff-base", "main")
    assert status == 2 and "is not inside a git work tree" in stderr and len(stderr.strip().splitlines()) == 1


def test_command_end_to_end_from_the_repository_root(repo: Path) -> None:
    write_spec(repo / "docs" / "specs", "new.md", **story("spec-new-001", parent="spec-nowhere-001"))
    done = run_cli("check", "docs/specs", "--diff-base", "base", "--format", "github", cwd=repo)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::error file=docs/specs/new.md,line=")


# -- the reusable git source ----------------------------------------------------------------


def test_locate_and_resolve(repo: Path) -> None:
    location = gitsource.locate(repo / "docs" / "specs")
    assert location.root.resolve() == repo.resolve() and location.prefix == "docs/specs"
    assert gitsource.locate(repo).prefix == ""
    assert gitsource.resolve(repo, "base") == git(repo, "rev-parse", "HEAD").strip()


def test_materialize_mirrors_the_folder_and_cleans_up(repo: Path) -> None:
    specs = repo / "docs" / "specs"
    (specs / "notes.txt").write_text("x", encoding="utf-8")
    os.symlink("old.md", specs / "alias.md")
    commit(repo, "more")
    (specs / "old.md").write_text("changed in the working tree", encoding="utf-8")
    with materialize(repo, "HEAD", "docs/specs") as folder:
        assert not folder.resolve().is_relative_to(repo.resolve())
        names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
        assert names == ["alias.md", "epic.md", "fixme.md", "notes.txt", "old.md"]
        assert (folder / "old.md").read_text(encoding="utf-8").startswith("---\nid: spec-old-001")
        assert os.readlink(folder / "alias.md") == "old.md"
    assert not folder.exists()
    with materialize(repo, "HEAD", "docs/specs", suffixes=(".MD",)) as folder:
        assert sorted(p.name for p in folder.iterdir()) == ["alias.md", "epic.md", "fixme.md", "old.md"]
    with materialize(repo, "base", "") as folder:
        assert (folder / "README.md").is_file() and (folder / "docs" / "specs" / "epic.md").is_file()
    with materialize(repo, "base", "no/such/dir") as folder:
        assert list(folder.iterdir()) == []


def test_materialize_runs_a_constant_number_of_git_processes(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = repo / "docs" / "specs"
    for index in range(300):
        write_spec(specs / "bulk", f"s{index:03}.md", **story(f"spec-bulk-{index:03}"))
    commit(repo, "bulk")
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(args: list[str], **kwargs: Any) -> Any:  # subprocess.run goes through Popen too
        calls.append(list(args))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    with materialize(repo, "HEAD", "docs/specs") as folder:
        assert len(list((folder / "bulk").iterdir())) == 300
    assert [call[1] for call in calls] == ["rev-parse", "ls-tree", "cat-file"]
