"""Shell completion as bash and zsh ask for it: subcommands, options, formats and spec ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, run_cli

CHECKOUT = REPO_ROOT / "examples" / "checkout"


def complete(shell: str, words: str, cwd: Path, tmp_path: Path) -> list[str]:
    """What the completion script of ``shell`` gets back for the command line ``words`` (cursor at the end).

    The shell's completion function runs ``speckit-graph`` with these variables set; the
    entry point answers on stdout and exits 0. It runs in this process (the entry point is
    the same ``main()`` the console script calls); ``tests/e2e`` runs the installed command.
    """
    env: dict[str, str | None] = {
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "_SPECKIT_GRAPH_COMPLETE": f"complete_{shell}",
    }
    if shell == "bash":
        parts = words.split(" ")
        env.update({"COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)})
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    done = run_cli(cwd=cwd, env=env)
    assert done.code == 0, done.stderr
    if shell == "bash":
        return done.stdout.split()
    # zsh: _arguments '*: :(("value":"help" "value2"))': each value opens a quoted word, its help follows after ":"
    return re.findall(r'(?:^|[(\s])"((?:[^"\\:]|\\.)*)"', done.stdout)


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_subcommands_complete(shell: str, tmp_path: Path) -> None:
    assert complete(shell, "speckit-graph gr", REPO_ROOT, tmp_path) == ["graph"]
    assert set(complete(shell, "speckit-graph ", REPO_ROOT, tmp_path)) >= {"check", "graph", "diff", "tree", "report"}


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_options_and_formats_complete(shell: str, tmp_path: Path) -> None:
    assert "--format" in complete(shell, "speckit-graph check --fo", REPO_ROOT, tmp_path)
    assert complete(shell, "speckit-graph graph --format ", REPO_ROOT, tmp_path) == ["dot", "svg", "mermaid", "graphml", "json"]
    assert complete(shell, "speckit-graph check -f s", REPO_ROOT, tmp_path) == ["sarif"]
    assert complete(shell, "speckit-graph tree X --direction d", REPO_ROOT, tmp_path) == ["deps", "dependents"]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_spec_ids_complete_from_the_repository(shell: str, tmp_path: Path) -> None:
    assert complete(shell, "speckit-graph tree spec-epic-p", CHECKOUT, tmp_path) == ["spec-epic-payments-001"]
    assert complete(shell, "speckit-graph impact spec-data-o", CHECKOUT, tmp_path) == ["spec-data-order-001"]
    words = "speckit-graph graph examples/checkout --root spec-feature-ca"
    assert complete(shell, words, REPO_ROOT, tmp_path) == ["spec-feature-card-payments-001", "spec-feature-cart-001"]
    words = "speckit-graph report examples/checkout --root spec-epic-payments-001,spec-data-p"
    assert complete(shell, words, REPO_ROOT, tmp_path) == ["spec-epic-payments-001,spec-data-payment-001"]


def test_no_repository_means_no_ids_and_no_error(tmp_path: Path) -> None:
    assert complete("bash", "speckit-graph tree spec-", tmp_path, tmp_path) == []
