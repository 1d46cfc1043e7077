"""Baselines: record today's findings so a gate fails only on new ones.

A baseline file maps each finding's fingerprint (rule code + spec id + a rule-chosen key,
never a line number) to how many findings share it, so it survives edits that move lines
or files. Everything else in an entry is there for the humans reviewing the file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult, Finding

BASELINE_VERSION = 1
BASELINE_TOOL = "speckit-graph"


@dataclass(frozen=True)
class Baseline:
    """Known findings: fingerprint -> how many findings carry it."""

    counts: Mapping[str, int]

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Baseline:
        """The baseline a set of findings would write (also how ``--diff-base`` compares)."""
        return cls(MappingProxyType(dict(Counter(f.fingerprint for f in findings))))

    def __len__(self) -> int:
        return sum(self.counts.values())


def baseline_document(findings: Iterable[Finding]) -> dict[str, Any]:
    """The version-1 JSON document: entries sorted by fingerprint, no line numbers."""
    entries: dict[str, dict[str, Any]] = {}
    for finding in sorted(findings, key=lambda f: (f.fingerprint, f.sort_key())):
        entry = entries.get(finding.fingerprint)
        if entry is not None:
            entry["count"] += 1
            continue
        entries[finding.fingerprint] = {
            "code": finding.code,
            "rule": finding.rule,
            "spec": finding.spec,
            "path": finding.path,
            "message": finding.message,
            "count": 1,
        }
    return {"version": BASELINE_VERSION, "tool": BASELINE_TOOL, "findings": entries}


def dump_baseline(findings: Iterable[Finding]) -> str:
    """The baseline file's text: sorted keys, so rewriting an unchanged baseline changes no byte."""
    return json.dumps(baseline_document(findings), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def parse_baseline(text: str, source: str) -> Baseline:
    """Read a baseline document; anything else is a UsageError naming the file (exit 2)."""

    def bad(reason: str) -> UsageError:
        return UsageError(f"{source} is not a speckit-graph baseline: {reason}")

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(f"invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})") from None
    except RecursionError:
        raise bad("JSON nested too deeply") from None
    if not isinstance(data, dict) or "findings" not in data or "version" not in data:
        raise bad('expected an object with "version" and "findings"')
    version = data["version"]
    if version != BASELINE_VERSION:
        raise bad(f"version {version!r}; this speckit-graph reads version {BASELINE_VERSION}")
    entries = data["findings"]
    if not isinstance(entries, dict):
        raise bad('"findings" must be an object keyed by fingerprint')
    counts: dict[str, int] = {}
    for fingerprint, entry in entries.items():
        count = entry.get("count", 1) if isinstance(entry, dict) else None
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise bad(f"entry {fingerprint!r} must be an object with a positive integer count")
        counts[fingerprint] = count
    return Baseline(MappingProxyType(counts))


def apply_baseline(result: CheckResult, baseline: Baseline) -> CheckResult:
    """Keep only findings the baseline does not know; count the rest and the stale entries.

    Matching is by fingerprint with multiplicity: a baseline entry of count 2 hides two
    findings; a third one with that fingerprint is new (the last in sorted order). A
    finding whose fingerprint changed since an older version also matches the entry that
    version wrote (``Finding.legacy_fingerprint``), so upgrading never fails a gate.
    """
    remaining = Counter(baseline.counts)
    new: list[Finding] = []
    for finding in result.findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
        elif finding.legacy_fingerprint is not None and remaining[finding.legacy_fingerprint] > 0:
            remaining[finding.legacy_fingerprint] -= 1
        else:
            new.append(finding)
    matched = len(result.findings) - len(new)
    return replace(
        result,
        findings=tuple(new),
        baselined=result.baselined + matched,
        baseline_stale=result.baseline_stale + sum(remaining.values()),
    )
