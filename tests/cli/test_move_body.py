"""``move`` follows links in Markdown bodies (never in code), and a failure leaves no stale reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.usecases import movewrite
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.move import MoveRequest, run_move
from tests.cli._support import invoke
from tests.conftest import write_repo

A = "---\nid: A-001\ntitle: A\n---\nSee [B](b.md), [self](#top), [gone](nothing.md), [F](/features/f.md).\n"
B = (
    "---\nid: B-001\ntitle: B\n---\n"
    "Read [A](a.md#acceptance) and [again](./a.md), `[code](a.md)`, [web](https://x.org/stories/a.md).\n"
    "```\n[fenced](a.md)\n```\n"
    "[ref]: /stories/a.md\n"
)
F = "---\nid: F-001\ntitle: F\n---\nStories: [A](../stories/a.md 'the story'), [B](../stories/b.md).\n"
FILES = {"stories/a.md": A, "stories/b.md": B, "features/f.md": F, "notes.md": "no frontmatter [A](stories/a.md)\n"}


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_body_links_follow_the_moved_file(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    code, _, err = invoke("move", str(root / "stories/a.md"), str(root / "stories/done/a.md"), str(root), "--no-cache")
    assert code == 0, err
    assert "0 path link(s) and 5 body link(s) rewritten in 3 file(s)" in err
    assert files(root) == {
        "stories/done/a.md": A.replace("(b.md)", "(../b.md)"),  # its own relative links follow its folder
        "stories/b.md": B.replace("[A](a.md#", "[A](done/a.md#")
        .replace("(./a.md)", "(./done/a.md)")
        .replace("[ref]: /stories/a.md", "[ref]: /stories/done/a.md"),
        "features/f.md": F.replace("../stories/a.md", "../stories/done/a.md"),
        "notes.md": FILES["notes.md"],  # not a spec: left alone
    }


def test_percent_encoding_and_angle_brackets_are_kept(tmp_path: Path) -> None:
    b = "---\nid: B-001\ntitle: B\n---\n[A](my%20a.md) [A](<my a.md>)\n"
    root = write_repo(tmp_path / "repo", {"s/my a.md": "---\nid: A-001\ntitle: A\n---\n", "s/b.md": b})
    code, _, err = invoke("move", str(root / "s/my a.md"), str(root / "t/your a.md"), str(root), "--no-cache")
    assert code == 0, err
    assert (root / "s/b.md").read_text().endswith("[A](../t/your%20a.md) [A](<../t/your a.md>)\n")


def test_a_failed_move_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    before = files(root)

    def refuse(*_: object) -> bool:
        raise UsageError("git mv failed")

    monkeypatch.setattr(movewrite, "move_file", refuse)
    with pytest.raises(UsageError, match="git mv failed"):
        run_move(MoveRequest(root / "stories/a.md", root / "x/a.md", LoadOptions(path=root)))
    assert files(root) == before, "no link rewritten, no temporary file left"


def test_a_failure_after_the_move_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    before = files(root)
    real = movewrite.swap_in
    calls: list[object] = []

    def second_fails(*args: object) -> None:
        calls.append(args)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied")
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(movewrite, "swap_in", second_fails)
    with pytest.raises(UsageError, match="the move was undone"):
        run_move(MoveRequest(root / "stories/a.md", root / "x/a.md", LoadOptions(path=root)))
    assert files(root) == before
