"""A blocker's reasons name each distinct error once (Backlog.md: two header lines that do not parse).

The "Why" cell used to repeat "frontmatter is not valid YAML ..." word for word, once per line,
which reads like a rendering bug; the reason now says once which lines hold it.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli, write_repo


def test_the_same_error_on_two_lines_is_one_reason_naming_both(tmp_path: Path) -> None:
    task = "---\nid: T-1\ntitle: One\nstatus: draft\nassignee: @ann\nreporter: @bob\n---\n"
    other = "---\nid: T-2\ntitle: Two\nstatus: draft\ndependencies: [T-1]\n---\n"
    root = write_repo(tmp_path / "repo", {"t1.md": task, "t2.md": other})
    check = json.loads(run_cli("check", root, "--format", "json").stdout)
    lines = sorted(f["line"] for f in check["findings"] if f["code"] == "SG001" and f["path"] == "t1.md")
    assert lines == [5, 6]  # check still reports each line
    run = run_cli("report", root, "--format", "json", "--date", "2024-01-01")
    blocker = next(b for b in json.loads(run.stdout)["blockers"] if b["id"] == "T-1")
    sg001 = [r["message"] for r in blocker["reasons"] if r["code"] == "SG001"]
    assert len(sg001) == 1 and sg001[0].endswith("(lines 5, 6)"), sg001
