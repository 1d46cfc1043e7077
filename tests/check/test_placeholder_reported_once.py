"""A field that still holds template text is reported once, by SG403, not again as a bad value.

FIP-0050 reads `created: <2022-12-05>` and `type: <Technical (Core)>`: unfilled template lines.
SG404 used to add "is not a date" and SG402 "is not one of ...", three findings (two of them
errors) for one thing to do: fill the field in.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli, write_repo

SPEC = """---
id: spec-story-a-001
title: A
type: <user_story>
status: draft
createdAt: <2022-12-05>
updatedAt: "{{YYYY-MM-DD}}"
priority: TBD
estimatedEffort: <hours>
---
"""


def findings(root: Path, *args: str) -> list[str]:
    run = run_cli("check", root, "--no-color", "--no-cache", "--select", "SG4", *args)
    return [line.split(": ", 1)[1] for line in run.stdout.splitlines() if ": SG4" in line]


def test_each_placeholder_is_one_sg403_and_nothing_else(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {"a.md": SPEC})
    assert findings(root) == [
        "SG403 [error] 'type' still holds a template placeholder",
        "SG403 [error] 'createdAt' still holds a template placeholder",
        "SG403 [error] 'updatedAt' still holds a template placeholder",
        "SG403 [error] 'priority' still holds a template placeholder",
        "SG403 [error] 'estimatedEffort' still holds a template placeholder",
    ]


def test_a_value_that_is_no_placeholder_is_still_judged(tmp_path: Path) -> None:
    text = SPEC.replace("<user_story>", "userstory").replace("<2022-12-05>", "2022-31-12").replace("TBD", "urgent")
    root = write_repo(tmp_path / "repo", {"a.md": text.replace("<hours>", "lots")})
    codes = [line.split(" ", 1)[0] for line in findings(root)]
    assert codes.count("SG402") == 2 and codes.count("SG404") == 1 and codes.count("SG405") == 1
    assert codes.count("SG403") == 1  # only updatedAt's {{YYYY-MM-DD}} is left
