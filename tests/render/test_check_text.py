"""The human renderer: clickable locations, grouping on terminals, nothing executable."""

from __future__ import annotations

from speckit_graph.core.findings import CheckResult, Hit, Severity, make_finding
from speckit_graph.render.escape import terminal
from speckit_graph.render.findings.check_text import render_text


def result_with(*hits: Hit) -> CheckResult:
    findings = tuple(make_finding(hit, hit.code, "rule-name", Severity.ERROR) for hit in hits)
    return CheckResult(findings=findings, specs=2, files_scanned=3, files_skipped=1)


def test_plain_lines_are_clickable_locations() -> None:
    hits = (Hit("msg", path="a/b.md", line=3, column=7, code="SG101"), Hit("m", path="c.md", code="SG002"))
    text = render_text(result_with(*hits), prefix="repo")
    assert text.splitlines()[:2] == ["repo/a/b.md:3:7: SG101 [error] msg", "repo/c.md: SG002 [error] m"]
    assert text.endswith("Checked 2 specs in 3 Markdown files (1 not specs): 2 errors, 0 warnings, 0 infos.\n")


def test_markup_groups_by_file_and_escapes_rich_markup_in_messages() -> None:
    hits = (Hit("[bold]x[/bold]", path="a.md", line=1, code="SG101"), Hit("y", path="a.md", line=2, code="SG102"),
            Hit("z", path="b.md", line=1, code="SG103"))  # fmt: skip
    lines = render_text(result_with(*hits), markup=True).splitlines()
    assert lines[2] == ""  # a blank line between files
    assert "\\[bold]x\\[/bold]" in lines[0]


def test_terminal_escaping_neutralises_control_and_bidi_characters() -> None:
    assert terminal("a\x1b[2Jb\u202ec\r\nd\x07") == "a\\x1b[2Jb\\u202ec\\nd\\x07"
    assert terminal("Thai ภาษา and emoji 🚀 stay") == "Thai ภาษา and emoji 🚀 stay"
