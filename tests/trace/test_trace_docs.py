"""docs/trace.md shows real output: every command it runs on examples/traced is run again here and compared."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import REPO_ROOT, run_cli

DOC = (REPO_ROOT / "docs" / "trace.md").read_text(encoding="utf-8")
# a ```sh block with one speckit-graph command, then the block showing its output (whole, or an excerpt)
EXAMPLE = re.compile(
    r"```sh\n(speckit-graph [^\n]*)\n```\n\n```(text|markdown|mermaid|markdown excerpt)\n(.*?)\n```\n", re.DOTALL
)
# the files the example section quotes: its code and tests, shown whole
QUOTED = re.compile(r"\*\*((?:src|tests)/[^*]+)\*\*:\n\n```python\n(.*?)\n```\n", re.DOTALL)


def examples() -> list[tuple[str, str, str]]:
    found = [(command, fence, output + "\n") for command, fence, output in EXAMPLE.findall(DOC)]
    assert len(found) >= 7, "docs/trace.md lost its examples"
    return found


@pytest.mark.parametrize(("command", "fence", "shown"), examples(), ids=[c for c, _, _ in examples()])
def test_every_example_is_real_output(command: str, fence: str, shown: str) -> None:
    args = shlex.split(command)[1:]
    assert any(arg.startswith(("examples/traced", "examples/checkout")) for arg in args), "the docs run on committed examples"
    run = run_cli(*args, "--no-color", cwd=REPO_ROOT)
    assert run.code in (0, 1), run.stderr
    if fence.endswith("excerpt"):  # every line shown, in the order shown
        lines = run.stdout.splitlines()
        positions = [lines.index(line) for line in shown.splitlines() if line]
        assert positions == sorted(positions)
    else:
        assert run.stdout == shown


def test_the_quoted_files_are_the_committed_ones() -> None:
    quoted = QUOTED.findall(DOC)
    assert {path for path, _ in quoted} == {"src/checkout/payment.py", "tests/test_payment.py"}
    for path, text in quoted:
        assert (REPO_ROOT / "examples" / "traced" / path).read_text(encoding="utf-8") == text + "\n"


def test_the_verified_report_blocks_and_exits_1() -> None:
    run = run_cli("report", "examples/traced/specs", "--target", "verified", "-f", "json", cwd=REPO_ROOT)
    assert run.code == 1
    assert '"verified": true' in run.stdout and '"kind": "untested"' in run.stdout


def test_the_untraced_example_shows_its_note() -> None:
    """The section on tracing without configuration runs on this repository: its stderr note is real too."""
    block = re.search(r"```sh\n(speckit-graph matrix examples/checkout[^\n]*)\n```.*?```text stderr\n(.*?)\n```", DOC, re.DOTALL)
    assert block is not None, "docs/trace.md lost the example without configuration"
    run = run_cli(*shlex.split(block.group(1))[1:], "--no-color", cwd=REPO_ROOT)
    assert run.code == 0 and run.stderr == block.group(2) + "\n", "re-run the command and paste its output"
