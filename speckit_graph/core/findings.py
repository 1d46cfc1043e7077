"""Findings: the one list every output format renders."""

from __future__ import annotations

import enum
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from speckit_graph.core.fixes import Fix


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


class Severity(str, enum.Enum):
    """Ordered severities; ``OFF`` only appears in configuration, never on a finding."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_SEVERITY_TEXT: dict[Severity, str] = {severity: severity.value for severity in Severity}


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule (or the loader) knows about one problem, before the rule's metadata is stamped.

    Rules leave ``code`` empty: the analysis stamps the code of the rule that yielded the
    hit, so each code is written once, where the rule is registered. Only the loader, which
    reports several file problems (SG001-SG006) from one pass, names the code itself.
    ``key`` distinguishes two hits of one rule on one spec for fingerprints (the field name
    or the target id), so baselines survive line moves; ``legacy_key`` is the key an older
    version used for the same problem, so baselines it wrote still match. ``severity`` lets
    a rule escalate a single hit (SG301 is an error when the dependent is already implemented).
    """

    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    spec: str | None = None
    related: tuple[str, ...] = ()
    key: str = ""
    severity: Severity | None = None
    extra: Mapping[str, Any] = field(default_factory=_empty, hash=False, compare=False)
    code: str = ""
    legacy_key: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable although ``extra`` is a read-only view, which pickle cannot copy (a loader outcome crosses processes)."""
        values = (self.message, self.path, self.line, self.column, self.spec, self.related, self.key, self.severity)
        return (_rebuild_hit, (*values, dict(self.extra), self.code, self.legacy_key))


def _rebuild_hit(
    message: str,
    path: str | None,
    line: int | None,
    column: int | None,
    spec: str | None,
    related: tuple[str, ...],
    key: str,
    severity: Severity | None,
    extra: dict[str, Any],
    code: str,
    legacy_key: str | None,
) -> Hit:
    return Hit(message, path, line, column, spec, related, key, severity, MappingProxyType(extra), code, legacy_key)


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem, with everything any renderer (text, JSON, SARIF...) needs."""

    code: str
    rule: str
    severity: Severity
    message: str
    path: str | None
    line: int | None
    column: int | None
    spec: str | None
    related: tuple[str, ...]
    fingerprint: str
    extra: Mapping[str, Any] = field(default_factory=_empty, hash=False, compare=False)
    #: The fingerprint an older version gave the same finding; baselines it wrote still match it.
    legacy_fingerprint: str | None = field(default=None, hash=False, compare=False, repr=False)
    #: The edits that would make the finding go away (``check --fix``), when its rule offers one.
    fix: Fix | None = field(default=None, hash=False, compare=False, repr=False)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.path or "",
            self.line or 0,
            self.column or 0,
            self.code,
            self.spec or "",
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape documented in docs/check.md (stable, version 1)."""
        data: dict[str, Any] = {
            "code": self.code,
            "rule": self.rule,
            "severity": _SEVERITY_TEXT[self.severity],  # ``.value`` is an enum descriptor call: 5x slower
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "spec": self.spec,
            "related": list(self.related),
            "fingerprint": self.fingerprint,
        }
        if self.extra:
            for name in sorted(self.extra):
                value = self.extra[name]
                data[name] = list(value) if isinstance(value, tuple) else value
        if self.fix is not None:
            data["fix"] = self.fix.to_dict()
        return data


class RuleInfo(Protocol):
    """What a renderer needs to know about a rule (``rules.Rule`` has it); renderers must not
    import the rule catalogue itself, so they describe it structurally."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def default_severity(self) -> Severity: ...

    @property
    def summary(self) -> str: ...

    @property
    def enabled_by_default(self) -> bool: ...

    @property
    def help_url(self) -> str: ...


def fingerprint(code: str, subject: str, key: str) -> str:
    """A stable identity for a finding that survives moved lines and files.

    It hashes the rule code, the subject (spec id, or the path for file-level problems)
    and a rule-chosen key, never line numbers.
    """
    digest = hashlib.sha256(f"{code}\x1f{subject}\x1f{key}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:20]


def make_finding(hit: Hit, code: str, rule_name: str, severity: Severity) -> Finding:
    """The finding of ``hit`` under the rule ``code``/``rule_name`` (the analysis knows which rule yielded it)."""
    subject = hit.spec if hit.spec is not None else (hit.path or "")
    legacy = None if hit.legacy_key is None or hit.legacy_key == hit.key else fingerprint(code, subject, hit.legacy_key)
    return Finding(
        code=code,
        rule=rule_name,
        severity=severity,
        message=hit.message,
        path=hit.path,
        line=hit.line,
        column=hit.column,
        spec=hit.spec,
        related=hit.related,
        fingerprint=fingerprint(code, subject, hit.key or "\x1e".join(hit.related)),
        extra=hit.extra,
        legacy_fingerprint=legacy,
    )


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=Finding.sort_key))


@dataclass(frozen=True)
class CheckResult:
    """The outcome of ``check``: sorted findings plus the numbers the summary line shows.

    ``suppressed`` counts findings silenced by frontmatter suppressions; ``baselined`` the
    findings hidden because a baseline (or ``--diff-base``) already knew them, and
    ``baseline_stale`` the baseline entries that no longer occur (fixed since).
    ``rules_run`` lists the codes of the rules that were enabled, so reports can tell
    "passed" from "not run".
    """

    findings: tuple[Finding, ...]
    specs: int
    files_scanned: int
    files_skipped: int
    suppressed: int = 0
    rules_run: tuple[str, ...] = ()
    baselined: int = 0
    baseline_stale: int = 0
    #: The configuration's own rules (declarative and plugin) that existed for this run, for SARIF and JUnit.
    project_rules: tuple[RuleInfo, ...] = ()

    def counts(self) -> dict[str, int]:
        counter = Counter(f.severity for f in self.findings)
        return {sev.value: counter.get(sev, 0) for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO)}

    def exit_status(self, fail_on: Severity) -> int:
        """0 when nothing reaches ``fail_on``, 1 otherwise (2 is reserved for "could not run")."""
        return int(any(f.severity.rank >= fail_on.rank for f in self.findings))
