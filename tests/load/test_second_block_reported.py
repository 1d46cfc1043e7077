"""Two frontmatter blocks are always reported: ignored, merged with disagreements named, or not parsable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import check_repo

Repo = Callable[..., Path]

TWO = (
    "---\nid: spec-a-001\ntitle: A\ntype: epic\nstatus: draft\npriority: medium\nowner: ann\n---\n\n# A\n\n"
    "---\nstatus: review\npriority: high\nowner: ann\n---\n"  # second block opens on line 12
)


def sg005(root: Path, mode: str) -> list[tuple[int | None, str]]:
    result = check_repo(root, {"frontmatter-block": mode})
    return [(f.line, f.message) for f in result.findings if f.code == "SG005"]


def test_merge_names_each_disagreement_and_the_winner(repo: Repo) -> None:
    assert sg005(repo({"a.md": TWO}), "merge") == [
        (
            12,
            "second frontmatter block disagrees with the first on status ('draft' vs 'review'; 'review' wins), "
            "priority ('medium' vs 'high'; 'high' wins)",
        )
    ]


def test_second_mode_says_the_same(repo: Repo) -> None:
    whole = TWO.replace("---\nstatus: review", "---\nid: spec-a-001\ntitle: A\ntype: epic\nstatus: review")
    [(line, message)] = sg005(repo({"a.md": whole}), "second")
    assert line == 12 and "status ('draft' vs 'review'; 'review' wins)" in message


def test_first_mode_still_says_the_block_is_ignored(repo: Repo) -> None:
    [(line, message)] = sg005(repo({"a.md": TWO}), "first")
    assert line == 12 and "only the first block is read" in message


def test_blocks_that_agree_are_not_reported(repo: Repo) -> None:
    same = TWO.replace("status: review\npriority: high\n", "status: draft\n")
    assert sg005(repo({"a.md": same}), "merge") == []


@pytest.mark.parametrize("mode", ["merge", "second"])
def test_a_second_block_that_does_not_parse_is_sg001_on_its_line(repo: Repo, mode: str) -> None:
    broken = TWO.replace("priority: high\n", "title: Epic 1: Setup\n")  # line 14, ': ' inside a plain scalar
    result = check_repo(repo({"a.md": broken}), {"frontmatter-block": mode})
    [bad] = [f for f in result.findings if f.code == "SG001"]
    assert (bad.line, bad.column) == (14, 14)  # where PyYAML stops, just after the second ':'
    assert bad.message.startswith("second frontmatter block is not valid YAML: mapping values are not allowed")
    assert result.specs == 1  # the first block still makes the spec


def test_first_mode_does_not_parse_prose_between_rules(repo: Repo) -> None:
    broken = TWO.replace("priority: high\n", "title: Epic 1: Setup\n")
    assert [f.code for f in check_repo(repo({"a.md": broken})).findings if f.code == "SG001"] == []
