"""docs/rules.md says, for every rule, whether it has a fix and how safe it is, as the registry does."""

from __future__ import annotations

import re

from speckit_graph.check.rules import all_rules
from tests.conftest import REPO_ROOT

RULES_DOC = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_each_rule_section_states_its_fix() -> None:
    for rule in all_rules():
        section = RULES_DOC.split(f"## {rule.code} {rule.name}\n", 1)[1].split("\n## ", 1)[0]
        expected = f"Fix: **{rule.fix.value}**" if rule.fix is not None else "Fix: none"
        assert expected in section, f"{rule.code}: docs/rules.md should say {expected!r}"


def test_summary_table_fix_column_matches_the_registry() -> None:
    column = dict(re.findall(r"^\| \[(SG\d{3})\]\([^)]*\) \| [\w-]+ \| \w+ \| ([\w-]+) \|", RULES_DOC, flags=re.M))
    assert column == {rule.code: rule.fix.value if rule.fix else "-" for rule in all_rules()}
