"""The project keeps its promises about itself: the README and docs match behaviour, layers hold.

Lint and types: tests/test_tooling.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from speckit_graph.check.rules import all_rules
from tests.conftest import REPO_ROOT, run_cli

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def fenced_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [block.strip() for block in fenced_blocks(quick_start, "sh")]
    assert len(commands) == 2
    assert "speckit-graph check examples/" in commands[0]
    ci_script = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci_script[-1] == commands[1]


def test_readme_shows_the_real_output_of_the_broken_example() -> None:
    shown = fenced_blocks(README, "text")[0]
    run = run_cli("check", "examples/broken", cwd=REPO_ROOT)
    assert run.code == 1
    assert shown == run.stdout


def test_every_rule_is_documented_with_its_default_severity() -> None:
    rules_doc = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in all_rules():
        heading = f"## {rule.code} {rule.name}\n"
        assert heading in rules_doc, f"docs/rules.md lacks the section {heading.strip()!r}"
        section = rules_doc.split(heading, 1)[1].split("\n## ", 1)[0]
        assert f"Default severity: **{rule.default_severity.value}**" in section, rule.code


def test_import_layers_hold() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if lint_imports is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    proc = subprocess.run([lint_imports], cwd=REPO_ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
