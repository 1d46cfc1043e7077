"""docs/real-repositories.md states, per corpus, the `report` verdict and the top three blockers.

Every corpus in the tests has its paragraph; the excerpts of the small gathered corpora are
run again here (init then report on a copy) and must be real output, line for line.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SHARED, assert_no_traceback, run_cli

DOC = (REPO_ROOT / "docs" / "real-repositories.md").read_text(encoding="utf-8")
SECTION = DOC[DOC.index("## Release readiness on the corpora") : DOC.index("## Type hierarchies on the corpora")]
GATHERED = REPO_ROOT / "tests" / "fixtures" / "corpora"
SHARED_NAMES = ("aptos-aips", "backlog-md", "filecoin-fips", "requiem", "smart-ai-hub-99f8c88", "smart-ai-hub-head")


def paragraph(name: str) -> str:
    """The excerpt and the reasoning under ``**name**``, up to the next corpus or heading."""
    pieces = re.split(r"\n\*\*([a-z0-9-]+)\*\*\n", SECTION)
    by_name = {pieces[i]: pieces[i + 1].split("\n### ")[0] for i in range(1, len(pieces) - 1, 2)}
    assert name in by_name, f"docs/real-repositories.md has no readiness paragraph for {name}"
    return by_name[name]


@pytest.mark.parametrize("name", sorted({*SHARED_NAMES, *(p.name for p in GATHERED.iterdir() if p.is_dir())}))
def test_every_corpus_has_a_verdict_and_its_top_three(name: str) -> None:
    text = paragraph(name)
    assert "**Verdict:" in text or "**No verdict" in text, name
    if "**Verdict:" in text:
        rows = re.findall(r"^\| [123] \| ", text, flags=re.MULTILINE)
        assert 1 <= len(rows) <= 3, f"{name}: the top blockers are not pasted"
    else:
        assert "no lifecycle to judge against" in text


@pytest.mark.parametrize("name", ["ipfs-ipips", "cardano-cips", "madr"])
def test_the_pasted_excerpt_is_real_output(name: str, tmp_path: Path) -> None:
    root = tmp_path / name
    shutil.copytree(GATHERED / name, root)
    assert run_cli("init", root).code == 0
    run = run_cli("report", root, "--date", "2026-12-01", "--limit", "3")
    assert_no_traceback(run)
    fence = re.search(r"```(?:markdown excerpt|text)\n(.*?)\n```", paragraph(name), flags=re.DOTALL)
    assert fence is not None
    output = (run.stdout or run.stderr).splitlines()
    shown = [line for line in fence.group(1).splitlines() if line]
    positions = [output.index(line) for line in shown]  # every line shown is a line printed, in order
    assert positions == sorted(positions)


def test_the_shared_corpora_are_there_when_checked_out() -> None:
    if not (SHARED / "corpora").is_dir():
        pytest.skip("corpora not found (CI checks ../shared out beside the repository)")
    assert set(SHARED_NAMES) <= {p.name for p in (SHARED / "corpora").iterdir()}
