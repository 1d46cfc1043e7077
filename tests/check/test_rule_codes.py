"""Each rule's code is written once, where it is registered; the analysis stamps it on the hits."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from speckit_graph.check.rules import all_rules
from speckit_graph.usecases.check import check
from speckit_graph.usecases.load import load, resolve_config
from tests.conftest import EXAMPLES, REPO_ROOT


def test_rules_yield_hits_without_codes_and_findings_carry_the_rule_that_found_them() -> None:
    root = EXAMPLES / "broken"
    config = resolve_config(root)
    graph = load(root, config)
    for rule in all_rules():
        if rule.check is not None:
            assert all(hit.code == "" for hit in rule.check(graph, config)), rule.code
    by_code = {rule.code: rule for rule in all_rules()}
    findings = check(graph, config).findings
    assert {f.code for f in findings} >= {"SG001", "SG101", "SG106", "SG201", "SG402", "SG007"}
    assert all(by_code[f.code].name == f.rule for f in findings)


def test_every_code_is_written_once_in_the_checking_and_loading_code() -> None:
    written: Counter[str] = Counter()
    for folder in ("check", "load"):
        for path in (REPO_ROOT / "speckit_graph" / folder).rglob("*.py"):
            written.update(re.findall(r"[\"'](SG\d{3})[\"']", path.read_text()))
    assert written == Counter({rule.code: 1 for rule in all_rules()})


def test_loader_codes_are_the_registered_loader_rules() -> None:
    source = Path(REPO_ROOT / "speckit_graph" / "load" / "issues.py").read_text()
    declared = set(re.findall(r"= \"(SG\d{3})\"", source))
    assert declared == {rule.code for rule in all_rules() if rule.origin == "loader"}
