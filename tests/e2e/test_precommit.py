"""The pre-commit hook, installed from this repository the way users install it.

The real thing is ``pre-commit try-repo``: it builds the hook's own virtualenv by pip
installing this repository (and its dependencies from the package index), then runs the
hook on a spec repository. Without network access to the index, that test skips and an equivalent one (which always runs) installs
the hook from the repository by hand (package on the path, the console script its
pyproject declares) and runs the manifest's ``entry`` the way pre-commit would.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
MANIFEST = REPO_ROOT / ".pre-commit-hooks.yaml"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}  # fmt: skip
#: What the hook needs to install: the package and its build description.
HOOK_FILES = ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md", "LICENSE", "speckit_graph")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def sh(command: list[str], cwd: Path, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **GIT_ENV, **env})


def git_repo(root: Path) -> Path:
    sh(["git", "init", "-q", "-b", "main"], root)
    sh(["git", "add", "-A"], root)
    done = sh(["git", "commit", "-q", "-m", "snapshot"], root)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this repository's installable files (what users point pre-commit at)."""
    root = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.is_file():
            shutil.copy2(source, root / name)
    return git_repo(root)


@pytest.fixture(scope="module")
def pre_commit(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, str]]:
    """The pre-commit command: the installed one, or one pip installs into a scratch folder."""
    try:
        import pre_commit  # noqa: F401

        return [sys.executable, "-m", "pre_commit"], {}
    except ImportError:
        pass
    target = tmp_path_factory.mktemp("pre-commit-lib")
    done = sh([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--target", str(target), "pre-commit"], target, timeout=300)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"pre-commit cannot be installed: {done.stderr.strip().splitlines()[-1:]}")
    return [sys.executable, "-m", "pre_commit"], {"PYTHONPATH": str(target)}


def index_reachable(scratch: Path) -> bool:
    """Can pip download from the package index (pre-commit's hook install needs it)?"""
    done = sh([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-cache-dir",
               "--disable-pip-version-check", "--dest", str(scratch), "cfgv"], scratch, timeout=60)  # fmt: skip
    return done.returncode == 0


def spec_repo(tmp_path: Path, example: str) -> Path:
    root = tmp_path / example
    shutil.copytree(EXAMPLES / example, root)
    return git_repo(root)


def test_manifest_is_valid_for_pre_commit(pre_commit: tuple[list[str], dict[str, str]]) -> None:
    command, env = pre_commit
    done = sh([*command, "validate-manifest", str(MANIFEST)], REPO_ROOT, **env)  # type: ignore[arg-type]  # env: str only
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_try_repo_runs_the_hook(tmp_path: Path, hook_repo: Path, pre_commit: tuple[list[str], dict[str, str]]) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    if not index_reachable(scratch):
        pytest.skip("no network to the package index, which try-repo needs to build the hook's environment; "
                    "test_hook_installed_by_hand covers the hook offline")  # fmt: skip
    run_try_repo(tmp_path, hook_repo, pre_commit)


def test_hook_installed_by_hand(tmp_path: Path, hook_repo: Path) -> None:
    run_hook_like_pre_commit(tmp_path, hook_repo)


def run_try_repo(tmp_path: Path, hook_repo: Path, pre_commit: tuple[list[str], dict[str, str]]) -> None:
    """One run on the defective example: it proves the hook installs, runs, reports and fails.

    try-repo builds a fresh hook environment every time (a virtualenv, then ``pip install .``
    of the hook repository), so the clean example is left to the other tests: check exits 0
    on it. The virtualenv sees this Python's site-packages, where the test extras put the
    package's dependencies: pip then builds and installs only the hook itself instead of
    downloading networkx and the rest from the index (a minute saved on every run).
    """
    command, env = pre_commit
    env = {**env, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1",
           "VIRTUALENV_SYSTEM_SITE_PACKAGES": "true"}  # fmt: skip
    try_repo = [*command, "try-repo", str(hook_repo), "speckit-graph", "--all-files", "--color", "never"]
    done = sh(try_repo, spec_repo(tmp_path, "broken"), timeout=300, **env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"speckit-graph check\.+Failed", done.stdout), done.stdout
    assert "- exit code: 1" in done.stdout and "SG101 [error]" in done.stdout
    assert re.search(r"Checked \d+ specs in \d+ Markdown files", done.stdout)


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
