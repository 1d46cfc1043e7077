"""Run the selected rules over a graph and turn their hits into sorted findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from speckit_graph.config import Config
from speckit_graph.findings import CheckResult, Finding, Hit, Severity, make_finding, sort_findings
from speckit_graph.graph import SpecGraph
from speckit_graph.rules import all_rules, get_rule
from speckit_graph.rules.selection import configured_severity, effective_severities


def check(
    graph: SpecGraph,
    config: Config,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> CheckResult:
    """Every finding for the repository behind ``graph``, loader problems included.

    Raises ConfigError when a selector or per-rule setting names no rule.
    """
    severities = effective_severities(config, select, ignore)
    hits: list[Hit] = [hit for hit in graph.load_issues if hit.code in severities]
    for rule in all_rules():
        if rule.check is not None and rule.code in severities:
            hits.extend(rule.check(graph, config))
    findings = _stamp(hits, severities, config)
    return CheckResult(
        findings=sort_findings(findings),
        specs=len(graph),
        files_scanned=graph.files_scanned,
        files_skipped=graph.files_skipped,
    )


def _stamp(hits: Iterable[Hit], severities: Mapping[str, Severity], config: Config) -> list[Finding]:
    findings = []
    seen: set[Finding] = set()
    for hit in hits:
        rule = get_rule(hit.code)
        if rule is None:  # pragma: no cover - a rule yielding another rule's code is a bug
            raise AssertionError(f"unregistered rule code {hit.code}")
        severity = severities[hit.code]
        if hit.severity is not None and not configured_severity(config, rule):
            severity = hit.severity
        finding = make_finding(hit, rule.name, severity)
        if finding not in seen:
            seen.add(finding)
            findings.append(finding)
    return findings
