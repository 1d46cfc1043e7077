"""The Markdown report folds columns that repeat one value and explains its marks, as HTML does.

A pull-request comment with a "Priority" column of dashes on every row wastes the width the
title and the reasons need; the reader of the Markdown and of the HTML report sees the same
columns and the same sentence about the folded ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from speckit_graph.render.columns import fold_constant, same_on_every_row
from speckit_graph.render.report.html_table import table
from tests.conftest import EPIC, REPO_ROOT, good_fields, run_cli, spec_text, write_repo

RANK = {"error": 0, "warning": 1, "info": 2}


def make_repo(root: Path) -> Path:
    """Three stories in draft without a priority: Status and Priority repeat on every row."""
    epic = {k: v for k, v in EPIC.items() if k != "priority"}
    files = {"epic.md": spec_text(**epic)}
    for n in (1, 2, 3):
        spec_id = f"spec-story-s{n}-001"
        files[f"s{n}.md"] = spec_text(**good_fields(spec_id, priority=..., status="draft"))
    return write_repo(root, files)


def report(root: Path, *args: str) -> str:
    run = run_cli("report", root, "--date", "2024-03-15", *args)
    assert run.code in (0, 1), run.stderr
    return run.stdout


def table_after(text: str, heading: str) -> list[str]:
    """The lines of the first table under ``heading`` (and the lines between them)."""
    lines = text[text.index(heading) :].splitlines()[1:]
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return lines[:end]


def test_markdown_states_a_constant_column_once_above_the_table(tmp_path: Path) -> None:
    text = report(make_repo(tmp_path / "repo"), "--format", "md")
    blockers = table_after(text, "## Blockers")
    header = next(line for line in blockers if line.startswith("| #"))
    assert "Priority" not in header and "Status" not in header
    folded = next(line for line in blockers if line.startswith("On every row:"))
    assert folded.startswith("On every row: **Status** draft, **Priority** \u2014 (not set), ")
    assert "| Title |" in header and "| Why |" in header
    # every row has as many cells as the header and its alignment line
    widths = {line.count("|") for line in blockers if line.startswith("|")}
    assert len(widths) == 1
    specs = table_after(text, "## Specs in scope")
    assert any(line.startswith("On every row:") and "**Priority** \u2014 (not set)" in line for line in specs)
    assert "Priority" not in next(line for line in specs if line.startswith("| Spec"))


def test_markdown_and_html_fold_the_same_columns_in_the_same_words(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    md_line = next(line for line in report(root, "--format", "md").splitlines() if line.startswith("On every row:"))
    html = report(root, "--format", "html")
    html_line = re.search(r'id="blockers-same">(.*?)</p>', html)
    assert html_line is not None
    assert re.sub(r"</?b>", "", html_line.group(1)) == md_line.replace("**", "")


def test_a_column_that_varies_is_kept_in_markdown() -> None:
    run = run_cli("report", "examples/broken", "--format", "md", "--date", "2024-03-15", cwd=REPO_ROOT)
    blockers = table_after(run.stdout, "## Blockers")
    header = next(line for line in blockers if line.startswith("| #"))
    assert header.startswith("| # | Spec | Title | Status | Priority | Author | Waiting |")
    assert not any(line.startswith("On every row:") for line in blockers)


def test_markdown_findings_are_by_severity_then_path_and_marks_are_explained() -> None:
    run = run_cli("report", "examples/broken", "--format", "md", "--date", "2024-03-15", cwd=REPO_ROOT)
    text = run.stdout
    rows = [line for line in table_after(text, "## Findings in scope") if line.startswith("| ") and "---" not in line]
    severities = [row.split(" | ")[0].strip("| ") for row in rows[1:]]
    doc = json.loads(run_cli("report", "examples/broken", "--format", "json", "--date", "2024-03-15", cwd=REPO_ROOT).stdout)
    expected = [f["severity"] for f in doc["findings"]][: len(severities)]
    assert severities == expected and [RANK[s] for s in severities] == sorted(RANK[s] for s in severities)
    assert "Most severe first" in text
    assert "Ids in **bold** are blockers" in text
    blocker = doc["blockers"][0]["id"]
    assert f"| **{blocker}** |" in text
    # reasons are separated by "; ", never by a line break inside a cell
    why = [row.rsplit(" | ", 1)[-1] for row in table_after(text, "## Blockers") if row.startswith("| ")]
    assert any("; " in cell for cell in why) and not any("<br>" in cell for cell in why)


def test_the_shared_folding_compares_shown_text_and_never_folds_one_row() -> None:
    labels = ["Spec", "Priority", "Status"]
    rows = [["a", "\u2014", "draft"], ["b", "\u2014", "review"]]
    folding = fold_constant(labels, rows, {"Priority", "Status"})
    assert folding.pick(labels) == ["Spec", "Status"] and folding.folded == (("Priority", "\u2014"),)
    assert fold_constant(labels, rows[:1], {"Priority"}).folded == ()
    assert fold_constant(labels, [rows[0], rows[0]], {"Spec"}).folded == (("Spec", "a"),)
    assert same_on_every_row([("Status", "draft")], str.upper) == "On every row: STATUS draft."
    html = table("t", [(label, "") for label in labels], [("", [(c, "") for c in row]) for row in rows], foldable={"Priority"})
    assert '<p class="meta same" id="t-same">On every row: <b>Priority</b> \u2014 (not set).</p>' in html


def test_one_file_level_error_blocks_in_the_singular() -> None:
    run = run_cli("report", "examples/traced/specs", "--date", "2026-03-01", cwd=REPO_ROOT)
    assert "**1 file-level error** (see Findings) also blocks the repository." in run.stdout
    html = run_cli("report", "examples/traced/specs", "--format", "html", "--date", "2026-03-01", cwd=REPO_ROOT).stdout
    assert "1 file-level error (see Findings) also blocks the repository." in html


def test_a_capped_table_says_every_row_shown(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    capped = report(root, "--format", "md", "--limit", "2")
    assert "On every row shown: **Status** draft" in capped  # the two rows left out could differ
    assert "On every row: **Status** draft" in report(root, "--format", "md")
