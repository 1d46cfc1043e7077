"""The per-spec rules, run where each file is parsed: in the loader's workers, cached with the parse.

A rule registered with :func:`~speckit_graph.check.rules.registry.spec_rule` looks at one spec
file alone. The loader cannot import this layer, so the use cases hand it :func:`judge_spec`
(a module-level function: it travels to worker processes) and it stores what comes back next
to the file's parse, in the cache too. :func:`speckit_graph.check.analysis.check` then takes
those hits instead of running the rules over the graph again. Every built-in per-spec rule
is judged, whatever ``--select`` says: the analysis keeps the selected ones, so the cached
hits do not depend on the selection, only on the file and the configuration (both part of the
cache's key).

The codes of those rules are listed here (:data:`SPEC_RULE_CODES`) as well as declared with
each rule: the cache's key needs them before the rules are imported, and a ``check`` answered
from the cache never imports the rules (nor the graph, nor the YAML reader). The registry
refuses a per-spec rule missing from the list, and a test checks the list has no code too many.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from speckit_graph.core.findings import Hit

if TYPE_CHECKING:
    from speckit_graph.check.rules import Rule
    from speckit_graph.config.model import Config
    from speckit_graph.core.model import Spec

#: The codes of the built-in per-spec rules (``spec_rule``): what :func:`judge_tag` names.
SPEC_RULE_CODES = frozenset({"SG304", "SG401", "SG402", "SG403", "SG404", "SG405"})


def spec_rules() -> tuple[Rule, ...]:
    """The built-in rules that judge one spec at a time, ordered by code."""
    from speckit_graph.check.rules import all_rules  # every rule: imported by the first file judged

    return tuple(rule for rule in all_rules() if rule.spec_check is not None)


_RULES: tuple[Rule, ...] | None = None


def judge_spec(spec: Spec, config: Config) -> list[Hit]:
    """Every per-spec rule's hits for ``spec``, each carrying the code of the rule that yielded it."""
    global _RULES
    if _RULES is None:
        _RULES = spec_rules()
    hits: list[Hit] = []
    for rule in _RULES:
        assert rule.spec_check is not None
        code = rule.code
        for h in rule.spec_check(spec, config):  # positional: dataclasses.replace costs 3x more per hit
            hits.append(
                Hit(h.message, h.path, h.line, h.column, h.spec, h.related, h.key, h.severity, h.extra, code, h.legacy_key)
            )
    return hits


def judged_codes() -> frozenset[str]:
    """The codes whose hits :func:`judge_spec` gives (the analysis does not run these rules again)."""
    return SPEC_RULE_CODES


#: What the cache's key says about the per-spec hits stored with each parse: which rules gave them.
def judge_tag() -> str:
    return "judge_spec:" + ",".join(sorted(judged_codes()))
