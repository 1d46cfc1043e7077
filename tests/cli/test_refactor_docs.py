"""docs/refactor.md shows real output: each example is run again here and must match."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from tests.cli._support import CHECKOUT, invoke
from tests.conftest import REPO_ROOT

DOC = (REPO_ROOT / "docs" / "refactor.md").read_text(encoding="utf-8")


def _block(language: str, index: int = 0) -> str:
    return re.findall(rf"```{language}\n(.*?)```", DOC, re.DOTALL)[index]


def test_new_example_is_real(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    shutil.copytree(CHECKOUT, root)
    args = ("--type", "user_story", "--parent", "spec-feature-card-payments-001", "--title", "Save card for later")
    code, out, err = invoke("new", str(root), *args, "--no-cache")
    assert code == 0, err
    for line in err.splitlines():
        assert line.replace(str(root), "checkout") in DOC
    text = Path(out.strip()).read_text(encoding="utf-8")
    frontmatter = "---\n" + text.split("---\n")[1] + "---\n"
    shown = _block("yaml").replace("2026-12-02", dt.date.today().isoformat())
    assert frontmatter == shown


def test_rename_example_is_real(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    shutil.copytree(CHECKOUT, root)
    code, out, err = invoke(
        "rename", "spec-feature-card-payments-001", "spec-feature-cards-002", str(root), "--dry-run", "--no-cache"
    )
    assert code == 0, err
    assert _block("diff") in out
    code, out, err = invoke("rename", "spec-feature-card-payments-001", "spec-feature-cards-002", str(root), "--no-cache")
    assert code == 0, err
    console = _block("console", 1)
    for line in (out + err).splitlines():
        assert line.replace(str(root), "checkout") in console


def test_move_example_is_real(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    (demo / "stories").mkdir(parents=True)
    (demo / "features").mkdir()
    (demo / "features/saved-cards.md").write_text(
        "---\nid: F-001\ntitle: Saved cards\nrelated: ['../stories/save-card.md#acceptance']\n---\n", encoding="utf-8"
    )
    (demo / "stories/save-card.md").write_text(
        "---\nid: S-001\ntitle: Save a card\nparent: ../features/saved-cards.md\nrelated: [./remove-card.md]\n---\n",
        encoding="utf-8",
    )
    (demo / "stories/remove-card.md").write_text(
        "---\nid: S-002\ntitle: Remove a card\nparent: F-001\nrelated: ['[Save a card](save-card.md)']\n---\n", encoding="utf-8"
    )
    old, new = str(demo / "stories/save-card.md"), str(demo / "stories/cards/save-card.md")
    code, out, err = invoke("move", old, new, str(demo), "--dry-run", "--no-cache")
    assert code == 0, err
    console = _block("console", 2)
    assert out in console
    assert err.strip() in console
