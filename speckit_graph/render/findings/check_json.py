"""Machine output of ``check``: the version-1 JSON document described in docs/check.md."""

from __future__ import annotations

import json
from typing import Any

from speckit_graph.core.findings import CheckResult
from speckit_graph.render.escape import json_values

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
    return json.dumps(json_values(check_document(result, root)), indent=2, ensure_ascii=False) + "\n"
