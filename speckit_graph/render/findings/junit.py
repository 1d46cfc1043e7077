"""JUnit XML output of ``check`` for Jenkins, GitLab and other test-report viewers.

One test case per rule, not per spec: the number of tests stays the same from run to
run (so trend graphs mean something), and a failing case reads as "SG101
dangling-reference failed" with every finding of that rule listed in its failure. A
rule fails when one of its findings reaches ``fail_on`` (as the exit code does); findings
below it are kept in ``system-out``; rules that did not run are ``skipped``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from speckit_graph.core.findings import CheckResult, Finding, RuleInfo, Severity
from speckit_graph.render.escape import xml_text
from speckit_graph.render.location import location

SUITE_NAME = "speckit-graph check"


def junit_tree(result: CheckResult, rules: Sequence[RuleInfo], root: str, fail_on: Severity) -> ET.Element:
    """The ``<testsuites>`` element (one ``<testsuite>``)."""
    by_code: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_code.setdefault(finding.code, []).append(finding)
    names = {rule.code: rule.name for rule in rules}
    for finding in result.findings:
        names.setdefault(finding.code, finding.rule)
    ran = set(result.rules_run) or set(names)

    suite = ET.Element("testsuite", name=SUITE_NAME)
    properties = ET.SubElement(suite, "properties")
    for key, value in (("specs", result.specs), ("files_scanned", result.files_scanned),
                       ("suppressed", result.suppressed), ("baselined", result.baselined),
                       ("fail_on", fail_on.value)):  # fmt: skip
        ET.SubElement(properties, "property", name=key, value=str(value))
    failures = skipped = 0
    for code in sorted(names):
        case = ET.SubElement(suite, "testcase", classname="speckit-graph", name=f"{code} {names[code]}")
        findings = by_code.get(code, [])
        failing = [f for f in findings if f.severity.rank >= fail_on.rank]
        if failing:
            failures += 1
            failure = ET.SubElement(case, "failure", message=_count_message(findings), type=code)
            failure.text = _lines(findings, root)
        elif findings:
            ET.SubElement(case, "system-out").text = _lines(findings, root)
        elif code not in ran:
            skipped += 1
            ET.SubElement(case, "skipped", message="rule not enabled")
    counts = {"tests": str(len(names)), "failures": str(failures), "errors": "0", "skipped": str(skipped)}
    suite.attrib.update(counts)
    suites = ET.Element("testsuites", {"name": "speckit-graph", **counts})
    suites.append(suite)
    return suites


def render_junit(result: CheckResult, rules: Sequence[RuleInfo], root: str, fail_on: Severity) -> str:
    """The report as an indented XML document with its declaration."""
    tree = junit_tree(result, rules, root, fail_on)
    ET.indent(tree)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"


def _count_message(findings: Sequence[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity is s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    parts = [f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ({', '.join(parts)})"


def _lines(findings: Sequence[Finding], root: str) -> str:
    return (
        "\n".join(
            xml_text(f"{location(f, root)}: [{f.severity.value}] {f.message}" + (f" (spec {f.spec})" if f.spec else ""))
            for f in findings
        )
        + "\n"
    )
