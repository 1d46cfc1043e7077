"""docs/changes.md shows real output: every command it runs is run again here and compared."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, run_cli
from tests.support.changes import build_demo, needs_git

pytestmark = needs_git

DOC = (REPO_ROOT / "docs" / "changes.md").read_text(encoding="utf-8")
# a ```sh block with one speckit-graph command, then the block showing its output
EXAMPLE = re.compile(r"```sh\n(speckit-graph [^\n]*)\n```\n\n(`{3,4})(?:text|markdown)\n(.*?)\n\2\n", re.DOTALL)


def examples() -> list[tuple[str, str]]:
    found = [(command, output + "\n") for command, _fence, output in EXAMPLE.findall(DOC)]
    assert len(found) >= 6, "docs/changes.md lost its examples"
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("docs") / "demo").root


@pytest.mark.parametrize(("command", "shown"), examples(), ids=[c for c, _ in examples()])
def test_every_example_is_real_output(demo: Path, command: str, shown: str) -> None:
    args = shlex.split(command)[1:]
    cwd = REPO_ROOT if any(arg.startswith("examples/") for arg in args) else demo
    run = run_cli(*args, cwd=cwd)
    assert run.code in (0, 1), run.stderr
    assert run.stdout == shown


def test_json_excerpt_matches_the_real_document(demo: Path) -> None:
    document = json.loads(run_cli("diff", "v2.1", "--format", "json", cwd=demo).stdout)
    excerpt = DOC.split("```json\n", 1)[1].split("```", 1)[0]
    for key in ("before", "after", "summary"):
        shown = json.loads(re.search(rf'"{key}": (\{{.*?\}})', excerpt, re.DOTALL).group(1))  # type: ignore[union-attr]
        assert shown == document[key], key
    assert document["root"] == "." and '"root": "."' in excerpt


def test_shallow_clone_message_is_real(demo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{demo}", str(clone)], check=True, capture_output=True)
    run = run_cli("check", "--history", cwd=clone)
    assert run.stderr in DOC and run.stderr.startswith("speckit-graph: shallow clone: history starts at ")


def test_unknown_id_message_is_real() -> None:
    run = run_cli("tree", "spec-feature-card-payment-001", "examples/checkout", cwd=REPO_ROOT)
    assert run.code == 2 and f"```text\n{run.stderr}```" in DOC


def test_acknowledgement_shown_in_the_docs_clears_the_finding(demo: Path) -> None:
    story = demo / "stories" / "pay-by-card.md"
    acknowledgement = DOC.split("```yaml\nreviewed:\n", 1)[1].split("```", 1)[0]
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("related: []\n", "related: []\nreviewed:\n" + acknowledgement, 1), encoding="utf-8")
    try:
        run = run_cli("check", "--history", "--select", "SG305", cwd=demo)
        assert run.code == 0 and "SG305" not in run.stdout, run.stdout
    finally:
        story.write_text(text, encoding="utf-8")


def test_rules_md_examples_are_real(demo: Path) -> None:
    rules = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = rules.split("## SG305 suspect-link\n", 1)[1].split("\n## ", 1)[0]
    shown = re.findall(r"```text\n(.*?)\n```", section, re.DOTALL)
    committed = run_cli("check", "--history", "--select", "SG305", cwd=demo).stdout
    assert shown[0] + "\n" in committed
    parent = demo / "features" / "card-payments.md"
    text = parent.read_text(encoding="utf-8")
    parent.write_text(text + "Extra sentence.\n", encoding="utf-8")
    try:
        assert shown[1] + "\n" in run_cli("check", "--history", "--select", "SG305", cwd=demo).stdout
    finally:
        parent.write_text(text, encoding="utf-8")
    assert shown[2] in DOC  # the shallow-clone message, checked for real above
