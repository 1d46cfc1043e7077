"""Which rules run, and at which severity: config first, then the command line on top."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from speckit_graph.check.rules.catalogue import catalogue
from speckit_graph.check.rules.registry import Rule
from speckit_graph.config.model import Config
from speckit_graph.core.errors import ConfigError
from speckit_graph.core.findings import Severity


def matches(selector: str, rule: Rule) -> bool:
    """A selector is a full code, a code prefix (``SG1``, ``X0``) or a rule name."""
    return rule.code.startswith(selector) if selector[:1].isupper() else rule.name == selector


def _check_selectors(selectors: Iterable[str], origin: str, rules: Sequence[Rule], errors: list[str]) -> None:
    for selector in selectors:
        if not any(matches(selector, r) for r in rules):
            errors.append(f"{origin}: {selector!r} matches no rule")


def effective_severities(
    config: Config, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
) -> Mapping[str, Severity]:
    """Map each enabled rule code to its severity.

    ``select``/``ignore`` from the command line replace the configuration's lists. An
    explicit select or a per-rule severity turns on rules that are off by default.
    """
    rules = catalogue(config)
    select = list(config.select if select is None else select)
    ignore = list(config.ignore if ignore is None else ignore)
    errors: list[str] = []
    _check_selectors(select, "select", rules, errors)
    _check_selectors(ignore, "ignore", rules, errors)
    for name in config.rules:
        if not any(name in (r.code, r.name) for r in rules):
            errors.append(f"rules.{name}: no such rule")
    if errors:
        raise ConfigError(config.source or "command line", errors)

    result: dict[str, Severity] = {}
    for rule in rules:
        setting = next((config.rules[k] for k in (rule.code, rule.name) if k in config.rules), None)
        if select:
            enabled = any(matches(s, rule) for s in select)
        else:
            enabled = rule.enabled_by_default or (setting is not None and setting != "off")
        if any(matches(s, rule) for s in ignore) or setting == "off":
            enabled = False
        if enabled:
            result[rule.code] = Severity(setting) if setting in ("error", "warning", "info") else rule.default_severity
    return result


def configured_severity(config: Config, rule: Rule) -> bool:
    """True when the user set this rule's severity, so a rule's own escalation must not override it."""
    return any(config.rules.get(k) in ("error", "warning", "info") for k in (rule.code, rule.name))
