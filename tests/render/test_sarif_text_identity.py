"""The SARIF text writer (result by result, no nested dicts) prints exactly what the document did.

The reference is ``json.dumps(sarif_document(...), indent=2, ensure_ascii=False)``: the writer as
it was before orjson and before the text writer. Compared on hypothesis-generated findings (any
text in every string, lines and columns at and beyond the edges, fixes, missing paths, rule codes
outside the catalogue, project rules shifting the rule indexes, absolute and relative roots).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from speckit_graph.check.rules import all_rules
from speckit_graph.core.findings import CheckResult, Finding, RuleInfo, Severity
from speckit_graph.core.fixes import Fix, Safety, TextEdit
from speckit_graph.render.findings.sarif import render_sarif, sarif_document
from speckit_graph.render.findings.sarif_text import render_sarif_text

RULES = all_rules()
_CODES = st.sampled_from([rule.code for rule in RULES] + ["SG999", "X-1", 'q"uote'])
_TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["spec-a-001", "a.md", "caf\udce9.md", "x\\y", 'x"y', "\x7f", "é"]))
_NUMBER = st.one_of(st.none(), st.integers(min_value=-2, max_value=5), st.just(2**70))


@st.composite
def _findings(draw: st.DrawFn) -> Finding:
    fix = None
    if draw(st.booleans()) and draw(st.booleans()):
        edits = tuple(
            TextEdit(draw(st.sampled_from(["a.md", "b/c.md"])), start, start + draw(st.integers(0, 3)), draw(_TEXT))
            for start in draw(st.lists(st.integers(0, 50), max_size=3))
        )
        fix = Fix(draw(_TEXT), draw(st.sampled_from(list(Safety))), edits)
    return Finding(
        code=draw(_CODES),
        rule=draw(st.sampled_from(["dangling-reference", "r\u00e9gle", draw(_TEXT)])),
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(_TEXT),
        path=draw(st.one_of(st.none(), _TEXT, st.sampled_from(["specs/a.md", "../up.md", "/abs/x.md", "a b%.md"]))),
        line=draw(_NUMBER),
        column=draw(_NUMBER),
        spec=draw(st.one_of(st.none(), _TEXT)),
        related=tuple(draw(st.lists(_TEXT, max_size=3))),
        fingerprint=draw(st.one_of(st.just("0123456789abcdef0123"), _TEXT)),
        fix=fix,
    )


@dataclass(frozen=True)
class _ProjectRule:
    code: str
    name: str
    default_severity: Severity
    summary: str
    enabled_by_default: bool
    help_url: str


def _reference(result: CheckResult, rules: tuple[RuleInfo, ...], root: str) -> str:
    return json.dumps(sarif_document(result, rules, root, "1.2.3"), indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_findings(), max_size=6),
    st.sampled_from(["", ".", "repo", "/abs/root", "sub/../x"]),
    st.booleans(),
)
def test_text_writer_matches_the_document(findings: list[Finding], root: str, project_rule: bool) -> None:
    extra = (_ProjectRule("AAA-1", "custom", Severity.WARNING, "A project rule.", True, "https://example.org/r"),)
    rules: tuple[RuleInfo, ...] = (*RULES, *extra) if project_rule else tuple(RULES)
    result = CheckResult(findings=tuple(findings), specs=len(findings), files_scanned=3, files_skipped=1)
    assert render_sarif(result, rules, root, "1.2.3") == _reference(result, rules, root)


def test_text_writer_declines_what_orjson_refuses() -> None:
    """A huge line number: the dict path (and the standard library) write it; the text writer steps aside."""
    finding = Finding("SG101", "r", Severity.ERROR, "m", "a.md", 2**70, 1, None, (), "f" * 20)
    result = CheckResult(findings=(finding,), specs=1, files_scanned=1, files_skipped=0)
    assert render_sarif_text(result, RULES, "", "1.2.3") is None
    assert render_sarif(result, RULES, "", "1.2.3") == _reference(result, RULES, "")


def test_text_writer_is_used_for_ordinary_findings() -> None:
    finding = Finding("SG101", "dangling-reference", Severity.ERROR, "m", "a.md", 2, 1, "s-1", ("x",), "f" * 20)
    result = CheckResult(findings=(finding,) * 3, specs=1, files_scanned=1, files_skipped=0)
    text = render_sarif_text(result, RULES, "", "1.2.3")
    assert text is not None
    assert text == _reference(result, RULES, "")
