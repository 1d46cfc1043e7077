"""The per-spec rules, run where each file is parsed: in the loader's workers, cached with the parse.

A rule registered with :func:`~speckit_graph.check.rules.registry.spec_rule` looks at one spec
file alone. The loader cannot import this layer, so the use cases hand it :func:`judge_spec`
(a module-level function: it travels to worker processes) and it stores what comes back next
to the file's parse, in the cache too. :func:`speckit_graph.check.analysis.check` then takes
those hits instead of running the rules over the graph again. Every built-in per-spec rule
is judged, whatever ``--select`` says: the analysis keeps the selected ones, so the cached
hits do not depend on the selection, only on the file and the configuration (both part of the
cache's key).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit
from speckit_graph.core.model import Spec

if TYPE_CHECKING:  # the rules are imported when a spec is judged: a run served from the cache needs none
    from speckit_graph.check.rules import Rule


@functools.cache
def spec_rules() -> tuple[Rule, ...]:
    """The built-in rules that judge one spec at a time, ordered by code (imported on first use)."""
    from speckit_graph.check.rules import all_rules

    return tuple(rule for rule in all_rules() if rule.spec_check is not None)


def prepare() -> None:
    """Import the per-spec rules now, in this process: worker processes forked later then share them
    instead of each importing them on its first spec."""
    spec_rules()


def judge_spec(spec: Spec, config: Config) -> list[Hit]:
    """Every per-spec rule's hits for ``spec``, each carrying the code of the rule that yielded it."""
    hits: list[Hit] = []
    for rule in spec_rules():
        assert rule.spec_check is not None
        code = rule.code
        for h in rule.spec_check(spec, config):  # positional: dataclasses.replace costs 3x more per hit
            hits.append(
                Hit(h.message, h.path, h.line, h.column, h.spec, h.related, h.key, h.severity, h.extra, code, h.legacy_key)
            )
    return hits


def judged_codes() -> frozenset[str]:
    """The codes whose hits :func:`judge_spec` gives (the analysis does not run these rules again)."""
    return frozenset(rule.code for rule in spec_rules())


def judge_tag() -> str:
    """What the cache's key says about the per-spec hits stored with each parse: that they are there.

    Which rules gave them is fixed by the package's code, which the key already holds (its code
    stamp), so the tag does not import the rules to list them: a check that the cache serves
    whole (nothing changed) then imports no rule at all.
    """
    return "judge_spec"
