"""SARIF 2.1.0 output of ``check``, shaped for GitHub code scanning.

Every rule of the catalogue is listed in ``tool.driver.rules`` (so a rule that stops firing
is still known to the viewer); results point at files relative to the repository root
(``%SRCROOT%``) and carry the finding's line-independent fingerprint, so code scanning
tracks an alert across edits. No timestamps, no absolute paths of the machine that ran it:
the same repository gives the same bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Any

from speckit_graph.core.findings import CheckResult, Finding, RuleInfo, Severity
from speckit_graph.core.fixes import Fix
from speckit_graph.render.escape import json_text, markdown, unicode_safe, url_path

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/speckit-graph/speckit-graph"
SRCROOT = "%SRCROOT%"
#: partialFingerprints key; bump the suffix if Finding.fingerprint ever changes meaning.
FINGERPRINT_KEY = "speckitGraphFingerprint/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub code scanning sorts non-security alerts by this property.
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


def sarif_document(result: CheckResult, rules: Sequence[RuleInfo], root: str, tool_version: str) -> dict[str, Any]:
    """The SARIF log as plain data.

    ``root`` is the checked folder relative to the repository root (``""`` for the root
    itself); an absolute ``root`` yields absolute ``file:`` URIs instead.
    """
    catalogue = sorted(rules, key=lambda r: r.code)
    index = {rule.code: position for position, rule in enumerate(catalogue)}
    locations: dict[str, dict[str, str]] = {}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "speckit-graph",
                        "version": tool_version,
                        "semanticVersion": tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in catalogue],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(finding, index, root, locations) for finding in result.findings],
                "properties": {
                    "specs": result.specs,
                    "filesScanned": result.files_scanned,
                    "suppressed": result.suppressed,
                    "baselined": result.baselined,
                },
            }
        ],
    }


def render_sarif(result: CheckResult, rules: Sequence[RuleInfo], root: str, tool_version: str) -> str:
    """The SARIF log as indented JSON text (UTF-8 safe, no timestamps).

    Written result by result as text (:mod:`sarif_text`); the same bytes as the document
    through :func:`json_text`, which writes what the text writer declines.
    """
    from speckit_graph.render.findings.sarif_text import render_sarif_text

    text = render_sarif_text(result, rules, root, tool_version)
    if text is not None:
        return text
    return json_text(sarif_document(result, rules, root, tool_version), safe_strings=False)


def _rule(rule: RuleInfo) -> dict[str, Any]:
    level = LEVELS[rule.default_severity]
    summary = rule.summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {
            "text": f"{summary} Rule {rule.code} {rule.name}, {rule.default_severity.value} by default"
            f"{'' if rule.enabled_by_default else ', off unless selected'}."
        },
        "defaultConfiguration": {"level": level, "enabled": rule.enabled_by_default},
        "helpUri": rule.help_url,
        "help": {
            "text": f"{summary}\n\nWhat it means, an example and how to fix it: {rule.help_url}",
            "markdown": f"**{rule.code} {rule.name}**: {markdown(summary)}\n\n"
            f"[What it means, an example and how to fix it]({rule.help_url})",
        },
        "properties": {
            "tags": ["speckit-graph", "traceability"],
            "problem.severity": _PROBLEM_SEVERITY[rule.default_severity],
        },
    }


def _result(finding: Finding, index: dict[str, int], root: str, locations: dict[str, dict[str, str]]) -> dict[str, Any]:
    data: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in index:
        data["ruleIndex"] = index[finding.code]
    data["level"] = LEVELS[finding.severity]
    data["message"] = {"text": _utf8(finding.message)}
    if finding.path is not None:
        # One location per file within this document: a file with many findings builds it once.
        location = locations.get(finding.path)
        if location is None:
            location = locations[finding.path] = artifact_location(finding.path, root)
        physical: dict[str, Any] = {"artifactLocation": location}
        if finding.line is not None and finding.line >= 1:
            region = {"startLine": finding.line}
            if finding.column is not None and finding.column >= 1:
                region["startColumn"] = finding.column
            physical["region"] = region
        data["locations"] = [{"physicalLocation": physical}]
    data["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.fix is not None:
        data["fixes"] = [_fix(finding.fix, root)]
    properties: dict[str, Any] = {"rule": finding.rule}
    if finding.spec is not None:
        properties["spec"] = _utf8(finding.spec)
    if finding.related:
        properties["related"] = [_utf8(item) for item in finding.related]
    data["properties"] = properties
    return data


def _fix(fix: Fix, root: str) -> dict[str, Any]:
    """A SARIF ``fix``: per file, byte-offset replacements (``deletedRegion`` of ``byteOffset``/``byteLength``)."""
    changes = []
    for path in fix.paths:
        replacements = []
        for edit in sorted((e for e in fix.edits if e.path == path), key=lambda e: e.start):
            replacement: dict[str, Any] = {"deletedRegion": {"byteOffset": edit.start, "byteLength": edit.end - edit.start}}
            if edit.text:
                replacement["insertedContent"] = {"text": edit.text}
            replacements.append(replacement)
        changes.append({"artifactLocation": artifact_location(path, root), "replacements": replacements})
    return {
        "description": {"text": unicode_safe(fix.description)},
        "artifactChanges": changes,
        "properties": {"safety": fix.safety.value},
    }


def _utf8(text: str) -> str:
    """:func:`unicode_safe`, skipping the copy for the usual ASCII text."""
    return text if text.isascii() else unicode_safe(text)


def artifact_location(path: str, root: str) -> dict[str, str]:
    """A percent-encoded URI for ``root/path``: relative to ``%SRCROOT%``, or absolute ``file:``."""
    joined = posixpath.normpath(posixpath.join(root, path)) if root not in ("", ".") else posixpath.normpath(path)
    # url_path restores the original bytes of undecodable names before percent-encoding.
    encoded = url_path(joined)
    if joined.startswith("/"):  # what PurePosixPath(joined).is_absolute() says, without building a path
        return {"uri": f"file://{encoded}"}
    return {"uri": encoded, "uriBaseId": SRCROOT}
