"""The pre-commit hook, installed from this repository the way users install it.

The real thing is ``pre-commit try-repo``: it builds the hook's own virtualenv by pip
installing this repository (and its dependencies from the package index), then runs the
hook on a spec repository. That run starts in the background with the session
(tests/e2e/precommit_hook.py, tests/support/background.py); its test asserts on the outcome.
Without network access to the index, that test skips and an equivalent one (which always
runs) installs the hook from the repository by hand (package on the path, the console script
its pyproject declares) and runs the manifest's ``entry`` the way pre-commit would.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from tests.e2e.precommit_hook import pre_commit_command, sh, snapshot_hook_repo, spec_repo
from tests.support.background import result

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFEST = REPO_ROOT / ".pre-commit-hooks.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this repository's installable files (what users point pre-commit at)."""
    return snapshot_hook_repo(tmp_path_factory.mktemp("hook-repo"))


@pytest.fixture(scope="module")
def pre_commit(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, str]]:
    """The pre-commit command: the installed one, or one pip installs into a scratch folder."""
    found = pre_commit_command(tmp_path_factory.mktemp("pre-commit-lib"))
    if isinstance(found, str):
        pytest.skip(found)
    return found


def test_manifest_is_valid_for_pre_commit(pre_commit: tuple[list[str], dict[str, str]]) -> None:
    command, env = pre_commit
    done = sh([*command, "validate-manifest", str(MANIFEST)], REPO_ROOT, **env)  # type: ignore[arg-type]  # env: str only
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_try_repo_runs_the_hook(tmp_path: Path) -> None:
    """One run on the defective example: it proves the hook installs, runs, reports and fails.

    The clean example is left to the other tests: check exits 0 on it.
    """
    done = result("tests.e2e.precommit_hook:try_repo_job", tmp_path, timeout=600)
    if done.skip:
        pytest.skip(done.skip)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"speckit-graph check\.+Failed", done.stdout), done.stdout
    assert "- exit code: 1" in done.stdout and "SG101 [error]" in done.stdout
    assert re.search(r"Checked \d+ specs in \d+ Markdown files", done.stdout)


def test_hook_installed_by_hand(tmp_path: Path, hook_repo: Path) -> None:
    run_hook_like_pre_commit(tmp_path, hook_repo)


def run_hook_like_pre_commit(tmp_path: Path, hook_repo: Path) -> None:
    """Offline: install the hook from the repository by hand, then run the manifest's entry.

    For this pure-Python package, installing means putting the package on the path and
    creating the console script that ``[project.scripts]`` declares; building a wheel would
    need build tools from the index. Everything else follows the manifest, as pre-commit does.
    """
    (hook,) = yaml.safe_load((hook_repo / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    command, *arguments = shlex.split(hook["entry"])
    scripts = tomllib.loads((hook_repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert command in scripts, f"the entry {command!r} is not a console script of the package"
    module, function = scripts[command].split(":")
    bin_dir = tmp_path / "hook-bin"
    bin_dir.mkdir()
    script = bin_dir / command
    script.write_text(
        f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(hook_repo)!r})\n"
        f"from {module} import {function}\nsys.exit({function}())\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    for example, expected in (("checkout", 0), ("broken", 1)):
        repo = spec_repo(tmp_path, example)
        tracked = sh(["git", "ls-files"], repo).stdout.split()
        assert any(re.search(hook["files"], name) for name in tracked), "the hook would not be triggered"
        done = sh([str(script), *arguments], repo)
        assert done.returncode == expected, done.stdout + done.stderr
    assert "SG101 [error]" in done.stdout
