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
# The fixers (``check.fixes``, with the frontmatter editor) are imported by whoever applies a
# fix, when a finding has one (see ``registry.fix_codes``): a clean check never loads them.
