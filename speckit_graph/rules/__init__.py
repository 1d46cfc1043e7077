"""Rule catalogue. Importing this package registers every built-in rule."""

from speckit_graph.rules import links, loading, metadata, status, structure, suppression, suspect  # noqa: F401  (registration)
from speckit_graph.rules.registry import Rule, all_rules, get_rule, rule

__all__ = ["Rule", "all_rules", "get_rule", "rule"]
