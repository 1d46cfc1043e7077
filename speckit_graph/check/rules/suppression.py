"""Per-spec suppressions written in frontmatter, and SG007 for the ones that silence nothing.

A spec opts out of rules for itself with ``speckit-graph: {ignore: [SG203, orphan]}``.
This module reads and validates that key; ``analysis`` applies it to the findings, since
only there is it known which suppressions were needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from speckit_graph.check.rules.registry import Rule, all_rules, analysis_rule
from speckit_graph.check.selection import matches
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.fixes import Safety
from speckit_graph.core.model import Spec
from speckit_graph.load.references import describe

#: The frontmatter key holding a spec's own speckit-graph settings.
SUPPRESSION_KEY = "speckit-graph"
_KNOWN_KEYS = ("ignore",)

UNUSED_SUPPRESSION = "SG007"
analysis_rule(
    UNUSED_SUPPRESSION,
    "unused-suppression",
    Severity.INFO,
    "A frontmatter suppression silences nothing, names no rule, or is malformed.",
    fix=Safety.SAFE,
)


@dataclass(frozen=True, slots=True)
class Suppression:
    """One ``ignore`` entry of one spec file; ``codes`` are the rules it matches (empty: unknown)."""

    spec: str
    path: str
    line: int | None
    selector: str
    codes: frozenset[str]


def read_suppressions(spec: Spec, rules: Iterable[Rule] | None = None) -> tuple[list[Suppression], list[Hit]]:
    """A spec's suppression entries, plus SG007 hits for a malformed key or unknown rules."""
    if SUPPRESSION_KEY not in spec.fields:
        return [], []
    value = spec.fields[SUPPRESSION_KEY]
    line = spec.field_lines.get(SUPPRESSION_KEY, spec.location.line)
    rules = tuple(all_rules() if rules is None else rules)

    def problem(message: str, key: str) -> Hit:
        return Hit(message, path=spec.path, line=line, spec=spec.id, key=key)

    if value is None:
        return [], []
    if not isinstance(value, dict):
        return [], [problem(f"{SUPPRESSION_KEY} must be a mapping such as {{ignore: [SG203]}}, got {describe(value)}", "shape")]
    hits = [
        problem(f"{SUPPRESSION_KEY}: unknown key '{key}' (known: {', '.join(_KNOWN_KEYS)})", f"key:{key}")
        for key in sorted(map(str, value))
        if key not in _KNOWN_KEYS
    ]
    selectors = value.get("ignore")
    if selectors is None:
        return [], hits
    if isinstance(selectors, str):
        selectors = [selectors]
    if not isinstance(selectors, list) or not all(isinstance(s, str) and s.strip() for s in selectors):
        got = "an empty or non-string entry" if isinstance(selectors, list) else describe(selectors)
        hits.append(problem(f"{SUPPRESSION_KEY}.ignore must be a list of rule codes or names, got {got}", "ignore"))
        return [], hits
    entries = []
    for selector in dict.fromkeys(s.strip() for s in selectors):
        codes = frozenset(rule.code for rule in rules if matches(selector, rule))
        if not codes:
            hits.append(problem(f"{SUPPRESSION_KEY}.ignore names '{selector}', which matches no rule", selector))
        else:
            entries.append(Suppression(spec.id, spec.path, line, selector, codes))
    return entries, hits


def unused_hit(entry: Suppression) -> Hit:
    """SG007 for an entry that silenced no finding of a rule that ran."""
    return Hit(
        f"suppression of '{entry.selector}' silences nothing on '{entry.spec}'; remove it from {SUPPRESSION_KEY}.ignore",
        path=entry.path,
        line=entry.line,
        spec=entry.spec,
        key=entry.selector,
    )
