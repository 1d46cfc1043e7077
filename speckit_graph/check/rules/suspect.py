"""SG305: specs that may be stale because what they rest on changed after them (needs git history).

The rule is a pure function of ``graph.history``, which the use cases read from git
(``check --history``); without it the rule does not run. A dependent clears a suspect link
by changing substantively itself, or by acknowledging the upstream change in its
frontmatter: ``reviewed: {spec-api-payments-001: 3f2a91c0de}``.
"""

from __future__ import annotations

from collections.abc import Iterator

from speckit_graph.check.rules.registry import rule
from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.model import REVIEWED_KEY, History, Link, LinkKind, Revision, Spec
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.load.references import describe

_RELATION = {LinkKind.DEPENDS_ON: "its dependency", LinkKind.PARENT: "its parent"}


@rule(
    "SG305",
    "suspect-link",
    Severity.INFO,
    "A dependency or parent changed substantively after the spec last did (runs with --history).",
    needs_history=True,
)
def suspect_link(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    history = graph.history
    if history is None:
        return
    vocabulary = config.vocabulary
    for spec in graph.all_specs():
        yield from _acknowledgement_problems(spec, history)
    for kind in (LinkKind.PARENT, LinkKind.DEPENDS_ON):
        for link in graph.links(kind):
            if link.source == link.target:
                continue
            dependent, upstream = graph.specs_by_id[link.source], graph.specs_by_id[link.target]
            if vocabulary.is_retired(dependent.status):
                continue  # retired work is not reviewed any more
            hit = _judge(link, dependent, upstream, history)
            if hit is not None:
                yield hit


def _judge(link: Link, dependent: Spec, upstream: Spec, history: History) -> Hit | None:
    changed = history.changed.get(upstream.path)
    if changed is None:
        return None  # unknown, or older than a shallow clone shows: nothing to say
    own = history.changed.get(dependent.path)
    acknowledged = _acknowledged(dependent, upstream.id, history)
    reviewed = max((r for r in (own, acknowledged) if r is not None), default=None)
    if reviewed is not None and changed <= reviewed:
        return None
    since = f"after '{dependent.id}' last changed{_when(own, history)}"
    if acknowledged is not None:
        since += f" and after the change it acknowledges ({acknowledged.short})"
    if changed.uncommitted:
        what = f"has uncommitted changes, made {since}; review it once they are committed"
    else:
        what = (
            f"changed in {changed.short} ({changed.date}), {since}; "
            f"review it, then update it or add reviewed: {{{upstream.id}: {changed.short}}}"
        )
    return Hit(
        f"'{dependent.id}' may be out of date: {_RELATION[link.kind]} '{upstream.id}' {what}",
        path=link.location.path,
        line=link.location.line,
        column=link.location.column,
        spec=dependent.id,
        related=(upstream.id,),
        key=upstream.id,
        extra={
            "upstream": upstream.id,
            "link": link.kind.value,
            "upstream_commit": changed.commit or None,
            "upstream_date": None if changed.uncommitted else changed.date,
            "last_change": (own.commit or None) if own is not None else None,
        },
    )


def _when(own: Revision | None, history: History) -> str:
    if own is None:
        start = f" ({history.shallow.short}, {history.shallow.date})" if history.shallow is not None else ""
        return f" (before the start of the visible history{start})"
    return f" ({own.short}, {own.date})"


def _acknowledged(dependent: Spec, upstream_id: str, history: History) -> Revision | None:
    value = dependent.fields.get(REVIEWED_KEY)
    if not isinstance(value, dict):
        return None
    commit = value.get(upstream_id)
    if not isinstance(commit, str):
        return None
    return history.commits.get(commit.strip().lower())


def _acknowledgement_problems(spec: Spec, history: History) -> Iterator[Hit]:
    """A ``reviewed:`` entry that cannot clear anything: wrong shape, unquoted number, unknown commit."""
    if REVIEWED_KEY not in spec.fields or spec.fields[REVIEWED_KEY] is None:
        return
    value = spec.fields[REVIEWED_KEY]
    line = spec.line_of(REVIEWED_KEY)

    def problem(message: str, key: str) -> Hit:
        return Hit(message, path=spec.path, line=line, spec=spec.id, key=f"{REVIEWED_KEY}:{key}")

    if not isinstance(value, dict):
        yield problem(
            f"{REVIEWED_KEY} must map spec ids to commit ids, such as {{spec-api-001: 3f2a91c0de}}; got {describe(value)}",
            "shape",
        )
        return
    for upstream_id in sorted(value, key=str):
        commit = value[upstream_id]
        if isinstance(commit, (int, float)) and not isinstance(commit, bool):
            yield problem(
                f"{REVIEWED_KEY}: the commit id for '{upstream_id}' was read as a number; quote it: '{commit}'",
                str(upstream_id),
            )
        elif not isinstance(commit, str) or not commit.strip():
            yield problem(
                f"{REVIEWED_KEY}: the commit id for '{upstream_id}' must be a string, got {describe(commit)}", str(upstream_id)
            )
        elif commit.strip().lower() not in history.commits and history.shallow is None:
            # (a shallow clone hides older commits: there an unknown id proves nothing)
            yield problem(
                f"{REVIEWED_KEY}: '{commit.strip()}' (for '{upstream_id}') names no commit of this repository",
                str(upstream_id),
            )
