"""The one place rules are declared: code, name, default severity, summary, check function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.fixes import Safety
from speckit_graph.core.model import Spec
from speckit_graph.graph.specgraph import SpecGraph

CheckFn = Callable[[SpecGraph, Config], Iterable[Hit]]
#: A rule that looks at one spec file alone (its fields as read, before links are resolved).
SpecCheckFn = Callable[[Spec, Config], Iterable[Hit]]

DOCS_URL = "https://github.com/speckit-graph/speckit-graph/blob/main/docs/rules.md"


#: Who produces a rule's findings: a graph check, the loader while reading files, or the
#: analysis itself from the other rules' output (SG007 unused-suppression).
RuleOrigin = Literal["graph", "loader", "analysis"]


@dataclass(frozen=True)
class Rule:
    """A rule's identity. ``check`` is None when the loader or the analysis reports it.

    ``needs_history`` rules judge git history the use cases gathered into ``SpecGraph.history``;
    without it they do not run (and are not listed as run). ``needs_trace`` rules likewise
    judge ``SpecGraph.trace`` (code and test mentions), gathered only when ``[trace]`` is set.
    """

    code: str
    name: str
    default_severity: Severity
    summary: str
    check: CheckFn | None = None
    enabled_by_default: bool = True
    origin: RuleOrigin = "graph"
    needs_history: bool = False
    #: Whether the rule's findings can carry a fix, and how safe it is (None: no fix); see ``check.fixes``.
    fix: Safety | None = None
    needs_trace: bool = False
    #: Where a project or plugin rule is documented (built-in rules: their docs/rules.md section).
    url: str | None = None
    #: For a rule that judges each spec file alone: the per-file check (``check`` runs it over
    #: every file of a graph). The check layer may run it where the file is parsed, in a worker,
    #: and cache its hits with the parse (see ``check.perspec``).
    spec_check: SpecCheckFn | None = None

    @property
    def help_url(self) -> str:
        return self.url or f"{DOCS_URL}#{self.code.lower()}-{self.name}"


_RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    enabled: bool = True,
    needs_history: bool = False,
    fix: Safety | None = None,
    needs_trace: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Register a graph rule; codes and names must be unique, forever.

    The check is a pure function of the graph and configuration that yields Hits without a
    code (and never prints): the analysis stamps this rule's code, name and severity on them,
    so the code is written here and nowhere else. ``fix`` declares that its findings can carry
    a fix of that safety; the fixer itself is registered in ``check.fixes``.
    """

    def register(check: CheckFn) -> CheckFn:
        _add(
            Rule(
                code, name, severity, summary, check, enabled,
                needs_history=needs_history, fix=fix, needs_trace=needs_trace,
            )
        )  # fmt: skip
        return check

    return register


def spec_rule(
    code: str, name: str, severity: Severity, summary: str, *, enabled: bool = True, fix: Safety | None = None
) -> Callable[[SpecCheckFn], SpecCheckFn]:
    """Register a rule that judges one spec file at a time, from its fields as the loader read them.

    Same contract as :func:`rule`, per file: a pure function of the spec (never of its resolved
    links, the graph or other files) and the configuration. Its graph-wide ``check`` runs it over
    :meth:`SpecGraph.all_specs`, so every caller can keep treating it as a graph rule.
    """

    def register(spec_check: SpecCheckFn) -> SpecCheckFn:
        def check(graph: SpecGraph, config: Config) -> Iterable[Hit]:
            for spec in graph.all_specs():
                yield from spec_check(spec, config)

        check.__name__ = check.__qualname__ = spec_check.__name__
        _add(Rule(code, name, severity, summary, check, enabled, fix=fix, spec_check=spec_check))
        return spec_check

    return register


def loader_rule(code: str, name: str, severity: Severity, summary: str) -> None:
    """Register a problem the loader reports itself (it cannot be re-run on a graph)."""
    _add(Rule(code, name, severity, summary, origin="loader"))


def analysis_rule(code: str, name: str, severity: Severity, summary: str, *, fix: Safety | None = None) -> None:
    """Register a problem the analysis derives from the other rules' findings.

    Such a rule has no check function: it can only be judged once every other rule ran
    (an unused suppression is one that silenced none of their findings).
    """
    _add(Rule(code, name, severity, summary, origin="analysis", fix=fix))


def _add(new: Rule) -> None:
    if new.code in _RULES or any(r.name == new.name for r in _RULES.values()):
        raise ValueError(f"rule {new.code} {new.name} registered twice")
    _RULES[new.code] = new


def rule_of(check: CheckFn | SpecCheckFn) -> Rule:
    """The rule whose check function is ``check`` (fixers name their rule this way, not by code)."""
    found = next((r for r in _RULES.values() if check in (r.check, r.spec_check)), None)
    if found is None:
        raise ValueError(f"{getattr(check, '__name__', check)} is not a registered rule")
    return found


def all_rules() -> tuple[Rule, ...]:
    """Every rule, ordered by code."""
    return tuple(_RULES[code] for code in sorted(_RULES))


def fix_codes() -> frozenset[str]:
    """The codes of the rules that declare a fix (``check.fixes`` registers a fixer for each, a test checks)."""
    return frozenset(code for code, r in _RULES.items() if r.fix is not None)


def get_rule(code_or_name: str) -> Rule | None:
    if code_or_name in _RULES:
        return _RULES[code_or_name]
    return next((r for r in _RULES.values() if r.name == code_or_name), None)
