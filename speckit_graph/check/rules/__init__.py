"""Rule catalogue. Importing this package registers every built-in rule."""

from speckit_graph.check.rules import (  # noqa: F401  (registration)
    hierarchy,
    links,
    loading,
    metadata,
    status,
    structure,
    suppression,
    suspect,
    trace,
)
from speckit_graph.check.rules.registry import Rule, all_rules, get_rule, rule

__all__ = ["Rule", "all_rules", "get_rule", "rule"]

# The fixers declare themselves on the rules above (``Rule.fix``); imported last, as they use the rules.
from speckit_graph.check import fixes as _fixes  # noqa: E402, F401  (registration)
