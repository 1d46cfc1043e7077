"""What changed in the traceability graph between two revisions: a pure comparison of two graphs.

Layer: between ``analysis`` and ``{export | report}``. It compares two already loaded
graphs and their check results (``usecases.diff.compare_revisions`` loads both sides from git); renderers in
``export`` draw the :class:`GraphDiff` it returns. Linear in specs + links + findings of
both sides: everything is matched through dictionaries keyed by id or fingerprint.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from speckit_graph.config.model import Config
from speckit_graph.core.findings import CheckResult, Finding, sort_findings
from speckit_graph.core.model import Link, LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph

#: Version of the ``diff --format json`` document (docs/changes.md); bumped on breaking changes.
DIFF_VERSION = 1

#: Fields that ``modified`` does not list: they have sections of their own (status, links).
_OWN_SECTION = frozenset({"id", "status", "parent", "dependencies", "related"})

NodeState = Literal["added", "removed", "changed", "context", "missing"]
EdgeState = Literal["added", "removed", "kept"]


@dataclass(frozen=True)
class Side:
    """One end of the comparison: the revision as the user named it, its commit, its size."""

    label: str
    commit: str | None
    specs: int


@dataclass(frozen=True)
class SpecSummary:
    id: str
    path: str
    title: str
    status: str | None
    type: str | None

    @classmethod
    def of(cls, spec: Spec) -> SpecSummary:
        return cls(spec.id, spec.path, spec.title, spec.status, spec.type)


@dataclass(frozen=True)
class Rename:
    """Same id, another file."""

    id: str
    old_path: str
    new_path: str


@dataclass(frozen=True)
class StatusChange:
    id: str
    path: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Modification:
    """A spec whose content changed: which fields (links and status excluded), whether the body did.

    ``substantive`` is False when only bookkeeping fields (``[history] ignore-fields``,
    ``updatedAt`` and ``version`` by default) changed.
    """

    id: str
    path: str
    fields: tuple[str, ...]
    body: bool
    substantive: bool


@dataclass(frozen=True)
class LinkChange:
    """A link written or deleted; ``path``/``line`` locate it on the side where it exists.

    ``label`` is the configured named kind (``supersedes``) when the field is one.
    """

    source: str
    target: str
    kind: LinkKind
    field: str
    path: str
    line: int | None
    label: str | None = None


@dataclass(frozen=True)
class Node:
    """A spec of the changed neighbourhood (for diagrams)."""

    id: str
    title: str
    status: str | None
    type: str | None
    state: NodeState


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: LinkKind
    state: EdgeState
    label: str | None = None


@dataclass(frozen=True)
class GraphDiff:
    """Everything that differs between ``before`` and ``after``, each list sorted for stable output."""

    before: Side
    after: Side
    added: tuple[SpecSummary, ...] = ()
    removed: tuple[SpecSummary, ...] = ()
    renamed: tuple[Rename, ...] = ()
    status: tuple[StatusChange, ...] = ()
    modified: tuple[Modification, ...] = ()
    links_added: tuple[LinkChange, ...] = ()
    links_removed: tuple[LinkChange, ...] = ()
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "renamed": len(self.renamed),
            "status_changed": len(self.status),
            "modified": len(self.modified),
            "links_added": len(self.links_added),
            "links_removed": len(self.links_removed),
            "findings_introduced": len(self.introduced),
            "findings_resolved": len(self.resolved),
        }

    @property
    def empty(self) -> bool:
        return not any(self.counts().values())


@dataclass(frozen=True)
class RevisionComparison:
    """A graph diff plus both graphs it was computed from (for diagrams of the change)."""

    diff: GraphDiff
    before: SpecGraph
    after: SpecGraph
    config: Config


def compare(
    before: SpecGraph,
    after: SpecGraph,
    before_result: CheckResult,
    after_result: CheckResult,
    before_side: Side,
    after_side: Side,
    *,
    body_changed: Mapping[str, bool] | None = None,
    touched: Collection[str] | None = None,
    ignore_fields: Iterable[str] = (),
) -> GraphDiff:
    """The diff of two graphs of the same folder.

    ``body_changed`` says, per spec id present on both sides, whether its body changed
    (whitespace ignored); specs it does not name are taken as unchanged bodies (the caller
    only reads the files git reports as changed). ``touched``, when given, holds every path whose
    content may differ: a spec at the same path on both sides outside it has the same fields, and
    they are not compared. ``ignore_fields`` are the bookkeeping
    fields that do not make a modification substantive.
    """
    bodies = body_changed or {}
    ignored = frozenset(ignore_fields)
    old_specs = {spec.id: spec for spec in before.specs()}
    new_specs = {spec.id: spec for spec in after.specs()}
    added = [SpecSummary.of(new_specs[i]) for i in sorted(new_specs.keys() - old_specs.keys())]
    removed = [SpecSummary.of(old_specs[i]) for i in sorted(old_specs.keys() - new_specs.keys())]
    renamed: list[Rename] = []
    status: list[StatusChange] = []
    modified: list[Modification] = []
    for spec_id in sorted(old_specs.keys() & new_specs.keys()):
        old, new = old_specs[spec_id], new_specs[spec_id]
        if old.path != new.path:
            renamed.append(Rename(spec_id, old.path, new.path))
        if old.status != new.status:
            status.append(StatusChange(spec_id, new.path, old.status, new.status))
        same_file = old.fields is new.fields or (touched is not None and old.path == new.path and old.path not in touched)
        fields = () if same_file else _changed_fields(old, new)
        body = bool(bodies.get(spec_id, False))
        if fields or body:
            substantive = body or any(name not in ignored for name in fields)
            modified.append(Modification(spec_id, new.path, fields, body, substantive))
    gone_or_new = {s.id for s in added} | {s.id for s in removed}
    links_added, links_removed = _link_changes(old_specs, new_specs, gone_or_new)
    introduced, resolved = _finding_changes(before_result.findings, after_result.findings)
    nodes, edges = _neighbourhood(old_specs, new_specs, added, removed, renamed, status, modified, links_added, links_removed)
    return GraphDiff(
        before=before_side,
        after=after_side,
        added=tuple(added),
        removed=tuple(removed),
        renamed=tuple(renamed),
        status=tuple(status),
        modified=tuple(modified),
        links_added=links_added,
        links_removed=links_removed,
        introduced=introduced,
        resolved=resolved,
        nodes=nodes,
        edges=edges,
    )


def _changed_fields(old: Spec, new: Spec) -> tuple[str, ...]:
    names = (old.fields.keys() | new.fields.keys()) - _OWN_SECTION
    return tuple(sorted(n for n in names if _canonical(old.fields.get(n)) != _canonical(new.fields.get(n))))


def _canonical(value: Any) -> str:
    """A comparable text form: quoting, dates versus date strings and whitespace do not count.

    Iterative (a field nested a thousand levels deep must not hit the recursion limit);
    the loader already bounds how large an aliased value can expand.
    """
    if value is None or value == "" or (isinstance(value, (list, dict)) and not value):
        return ""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Token):
            out.append(item.text)
        elif item is None:
            out.append("~")
        elif isinstance(item, (datetime.date, datetime.datetime)):
            out.append(_text(item.isoformat()))
        elif isinstance(item, str):
            out.append(_text(" ".join(item.split())))
        elif isinstance(item, list):
            out.append("[")
            stack.append(_Token("]"))
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append("{")
            stack.append(_Token("}"))
            for key in sorted(item, key=str, reverse=True):
                stack.append(item[key])
                stack.append(_Token(_text(str(key)) + ":"))
        elif isinstance(item, float) and item != item:
            out.append("nan")
        elif isinstance(item, bool) or not isinstance(item, (int, float)):
            out.append(_text(repr(item)))
        else:
            out.append(_text(str(item)))
    return "".join(out)


@dataclass(frozen=True)
class _Token:
    text: str


def _text(text: str) -> str:
    return f"{len(text)}'{text}"


def _link_key(link: Link) -> tuple[str, str, str]:
    return (link.source, link.name, link.target)


def _link_changes(
    old_specs: Mapping[str, Spec], new_specs: Mapping[str, Spec], skip: set[str]
) -> tuple[tuple[LinkChange, ...], tuple[LinkChange, ...]]:
    """Links written or deleted in specs present on both sides (an added spec's links are implied)."""
    old_links = {_link_key(link): link for spec in old_specs.values() if spec.id not in skip for link in spec.links}
    new_links = {_link_key(link): link for spec in new_specs.values() if spec.id not in skip for link in spec.links}

    def change(link: Link) -> LinkChange:
        return LinkChange(link.source, link.target, link.kind, link.field, link.location.path, link.location.line, link.label)

    added = tuple(change(new_links[k]) for k in sorted(new_links.keys() - old_links.keys()))
    removed = tuple(change(old_links[k]) for k in sorted(old_links.keys() - new_links.keys()))
    return added, removed


def _finding_changes(before: Iterable[Finding], after: Iterable[Finding]) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """Findings by fingerprint, as a multiset: a second copy of a known finding is new too."""
    before, after = tuple(before), tuple(after)
    old_counts = Counter(f.fingerprint for f in before)
    new_counts = Counter(f.fingerprint for f in after)
    introduced, resolved = [], []
    for finding in after:
        if old_counts[finding.fingerprint] > 0:
            old_counts[finding.fingerprint] -= 1
        else:
            introduced.append(finding)
    for finding in before:
        if new_counts[finding.fingerprint] > 0:
            new_counts[finding.fingerprint] -= 1
        else:
            resolved.append(finding)
    return sort_findings(introduced), sort_findings(resolved)


def _neighbourhood(
    old_specs: Mapping[str, Spec],
    new_specs: Mapping[str, Spec],
    added: list[SpecSummary],
    removed: list[SpecSummary],
    renamed: list[Rename],
    status: list[StatusChange],
    modified: list[Modification],
    links_added: tuple[LinkChange, ...],
    links_removed: tuple[LinkChange, ...],
) -> tuple[tuple[Node, ...], tuple[Edge, ...]]:
    """The changed specs, the ends of changed links, and the links among them."""
    state: dict[str, NodeState] = {}
    for summary in added:
        state[summary.id] = "added"
    for summary in removed:
        state[summary.id] = "removed"
    for spec_id in (*(r.id for r in renamed), *(s.id for s in status), *(m.id for m in modified)):
        state.setdefault(spec_id, "changed")
    edges: dict[tuple[str, str, str], Edge] = {}
    changed_links: tuple[tuple[tuple[LinkChange, ...], EdgeState], ...] = (
        (links_added, "added"),
        (links_removed, "removed"),
    )
    for changes, edge_state in changed_links:
        for change in changes:
            for end in (change.source, change.target):
                if end not in state:
                    state[end] = "context" if end in new_specs or end in old_specs else "missing"
            edges[(change.source, change.label or change.kind.value, change.target)] = Edge(
                change.source, change.target, change.kind, edge_state, change.label
            )
    # what added and removed specs linked to is their neighbourhood too
    for summary, specs in (*((s, new_specs) for s in added), *((s, old_specs) for s in removed)):
        for link in specs[summary.id].links:
            if link.target not in state:
                state[link.target] = "context" if link.target in new_specs or link.target in old_specs else "missing"
    # links of added specs and unchanged links among the shown specs, as the after side has them
    for spec_id in sorted(state):
        spec = new_specs.get(spec_id)
        if spec is None:
            continue
        for link in spec.links:
            key = _link_key(link)
            if key in edges or link.target not in state or link.source == link.target:
                continue
            edges[key] = Edge(link.source, link.target, link.kind, "added" if state[spec_id] == "added" else "kept", link.label)
    for spec_id, spec_state in state.items():
        if spec_state != "removed":
            continue
        for link in old_specs[spec_id].links:
            key = _link_key(link)
            if key not in edges and link.target in state and link.source != link.target:
                edges[key] = Edge(link.source, link.target, link.kind, "removed", link.label)
    nodes = []
    for spec_id in sorted(state):
        spec = new_specs.get(spec_id) or old_specs.get(spec_id)
        if spec is None:
            nodes.append(Node(spec_id, "", None, None, state[spec_id]))
        else:
            nodes.append(Node(spec_id, spec.title, spec.status, spec.type, state[spec_id]))
    return tuple(nodes), tuple(edges[k] for k in sorted(edges))
