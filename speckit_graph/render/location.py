"""Where a finding is, as ``path:line:col``: shared by every renderer that prints locations."""

from __future__ import annotations

from speckit_graph.core.findings import Finding


def location(finding: Finding, prefix: str) -> str:
    """``prefix/path:line:col`` as editors and terminals make clickable."""
    path = finding.path or "."
    if prefix not in ("", "."):
        path = f"{prefix.rstrip('/')}/{path}" if path != "." else prefix
    parts = [path]
    if finding.line is not None:
        parts.append(str(finding.line))
        if finding.column is not None:
            parts.append(str(finding.column))
    return ":".join(parts)
