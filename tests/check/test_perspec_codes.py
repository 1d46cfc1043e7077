"""The per-spec codes the cache's key names are exactly the per-spec rules, without importing them.

``check.perspec.SPEC_RULE_CODES`` lets a ``check`` answered from the cache skip importing every
rule; a list that drifted from the rules would keep stale per-spec hits in a user's cache.
"""

from __future__ import annotations

import pytest

from speckit_graph.check.perspec import SPEC_RULE_CODES, judge_tag, judged_codes, spec_rules
from speckit_graph.check.rules.registry import spec_rule
from speckit_graph.core.findings import Severity


def test_the_listed_codes_are_the_registered_per_spec_rules() -> None:
    assert {rule.code for rule in spec_rules()} == SPEC_RULE_CODES == judged_codes()
    assert judge_tag() == "judge_spec:" + ",".join(rule.code for rule in spec_rules())


def test_a_per_spec_rule_missing_from_the_list_is_refused_at_registration() -> None:
    with pytest.raises(ValueError, match="SPEC_RULE_CODES"):
        spec_rule("SG499", "not-listed", Severity.INFO, "A per-spec rule nobody listed.")
