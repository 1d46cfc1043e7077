"""Machine output of ``check``: the version-1 JSON document described in docs/check.md."""

from __future__ import annotations

from typing import Any

from speckit_graph.core.findings import CheckResult
from speckit_graph.render.escape import json_text

JSON_VERSION = 1


def check_document(result: CheckResult, root: str) -> dict[str, Any]:
    counts = result.counts()
    return {
        "version": JSON_VERSION,
        "root": root,
        "specs": result.specs,
        "findings": [finding.to_dict() for finding in result.findings],
        "summary": {
            "specs": result.specs,
            "files_scanned": result.files_scanned,
            "files_skipped": result.files_skipped,
            "suppressed": result.suppressed,
            "baselined": result.baselined,
            "baseline_stale": result.baseline_stale,
            "findings": len(result.findings),
            **counts,
        },
    }


def render_json(result: CheckResult, root: str) -> str:
    document = check_document(result, root)
    if any(_holds_float(value) for finding in result.findings if finding.extra for value in finding.extra.values()):
        return json_text(document, fast=False)  # the standard library's spelling of floats
    return json_text(document)


def _holds_float(value: Any) -> bool:
    if isinstance(value, (tuple, list)):
        return any(_holds_float(item) for item in value)
    if isinstance(value, dict):
        return any(_holds_float(item) for item in value.values())
    return isinstance(value, float)
