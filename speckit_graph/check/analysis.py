"""Run the selected rules over a graph and turn their hits into sorted findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from speckit_graph.check.perspec import judged_codes
from speckit_graph.check.rules import Rule, get_rule
from speckit_graph.check.rules.catalogue import catalogue, project_rules
from speckit_graph.check.rules.suppression import UNUSED_SUPPRESSION, Suppression, read_suppressions, unused_hit
from speckit_graph.check.selection import configured_severity, effective_severities
from speckit_graph.config.model import Config
from speckit_graph.core.findings import CheckResult, Finding, Hit, Severity, make_finding, sort_findings
from speckit_graph.graph.specgraph import SpecGraph


def check(
    graph: SpecGraph,
    config: Config,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> CheckResult:
    """Every finding for the repository behind ``graph``, loader problems included.

    Frontmatter suppressions are applied last; the findings they silence are counted in
    ``CheckResult.suppressed``. Rules that need git history are skipped when
    ``graph.history`` is None, rules that need code and test mentions when ``graph.trace``
    is. The per-spec rules' hits come from ``graph.spec_hits`` when the loader computed them
    with each file's parse (see ``check.perspec``). Raises ConfigError when a selector or per-rule setting
    names no rule.
    """
    rules = catalogue(config)
    severities = dict(effective_severities(config, select, ignore))
    for rule in rules:
        if rule.needs_history and graph.history is None:
            severities.pop(rule.code, None)  # no git history gathered: the rule cannot judge anything
        if rule.needs_trace and graph.trace is None:
            severities.pop(rule.code, None)  # no [trace] scan: nothing to judge
    hits: list[tuple[Rule, Hit]] = [(_registered(hit.code), hit) for hit in graph.load_issues if hit.code in severities]
    judged = graph.spec_hits  # the per-spec rules' hits, when the loader ran them with the parse
    done = judged_codes() if judged is not None else frozenset()
    if judged is not None:
        hits.extend((_registered(hit.code), hit) for hit in judged if hit.code in severities)
    for rule in rules:
        if rule.check is not None and rule.code in severities and rule.code not in done:
            hits.extend((rule, hit) for hit in rule.check(graph, config))
    findings, suppressed = _suppress(graph, _stamp(hits, severities, config), severities, config, rules)
    return CheckResult(
        findings=sort_findings(findings),
        specs=len(graph),
        files_scanned=graph.files_scanned,
        files_skipped=graph.files_skipped,
        suppressed=suppressed,
        rules_run=tuple(sorted(severities)),
        project_rules=project_rules(config),
    )


def _registered(code: str) -> Rule:
    """The rule behind a code the loader (SG0xx) or the analysis (SG007) reports under."""
    rule = get_rule(code)
    if rule is None:  # pragma: no cover - reporting an undeclared code is a bug
        raise AssertionError(f"unregistered rule code {code!r}")
    return rule


def _stamp(hits: Iterable[tuple[Rule, Hit]], severities: Mapping[str, Severity], config: Config) -> list[Finding]:
    """Findings of each rule's hits: its code and name, its severity (or the hit's own escalation)."""
    findings = []
    seen: set[Finding] = set()
    for rule, hit in hits:
        severity = severities[rule.code]
        if hit.severity is not None and not configured_severity(config, rule):
            severity = hit.severity
        finding = make_finding(hit, rule.code, rule.name, severity)
        if finding not in seen:
            seen.add(finding)
            findings.append(finding)
    return findings


def _suppress(
    graph: SpecGraph,
    findings: list[Finding],
    severities: Mapping[str, Severity],
    config: Config,
    rules: tuple[Rule, ...],
) -> tuple[list[Finding], int]:
    """Drop the findings a spec's frontmatter silences, then judge the suppressions (SG007).

    Linear in specs + findings: suppressions are indexed by spec id, and a finding is only
    compared with the few entries of its own spec. An entry is reported as unused only
    when at least one rule it names ran (``--select SG1`` must not flag every SG203
    suppression) and it does not cover SG007 itself (that is how a spec opts out).
    """
    by_spec: dict[str, list[Suppression]] = {}
    problems: list[Hit] = []
    for spec in graph.specs():
        for copy in graph.duplicates.get(spec.id, (spec,)):
            entries, hits = read_suppressions(copy, rules)
            problems.extend(hits)
            if entries:
                by_spec.setdefault(copy.id, []).extend(entries)
    if not by_spec and not problems:
        return findings, 0

    used: set[Suppression] = set()
    kept, suppressed = _silence(findings, by_spec, used)
    if UNUSED_SUPPRESSION not in severities:
        return kept, suppressed
    unused = [
        unused_hit(entry)
        for entries in by_spec.values()
        for entry in entries
        if entry not in used and UNUSED_SUPPRESSION not in entry.codes and any(code in severities for code in entry.codes)
    ]
    stamped = _stamp([(_registered(UNUSED_SUPPRESSION), hit) for hit in [*problems, *unused]], severities, config)
    reported, silenced = _silence(stamped, by_spec, used)
    return kept + reported, suppressed + silenced


def _silence(
    findings: Iterable[Finding], by_spec: Mapping[str, list[Suppression]], used: set[Suppression]
) -> tuple[list[Finding], int]:
    kept: list[Finding] = []
    silenced = 0
    for finding in findings:
        matching = [e for e in by_spec.get(finding.spec or "", ()) if finding.code in e.codes]
        if matching:
            used.update(matching)
            silenced += 1
        else:
            kept.append(finding)
    return kept, silenced
