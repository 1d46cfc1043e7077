"""Which specs a report, build order or impact view is about, and the per-spec facts they show.

A scope is chosen by roots (a spec, its ``parent`` descendants), by tags, by a named release
from the configuration, or is the whole repository. Every selected spec pulls in what it
depends on, transitively, because a release cannot ship before its dependencies: those specs
join the scope marked ``dependency``. The walk does not continue past a retired (deprecated)
spec: work that only a deprecated spec needs is not work the release needs.
"""

from __future__ import annotations

import enum
import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from speckit_graph.config.model import Config, Release, Vocabulary
from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import Suggester, did_you_mean, require_ids


class Via(str, enum.Enum):
    """Why a spec is in scope; the first reason found wins, in this order."""

    REPOSITORY = "repository"
    ROOT = "root"
    TAG = "tag"
    DESCENDANT = "descendant"
    DEPENDENCY = "dependency"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class ScopeRequest:
    """What the user asked for: roots, tags and/or a release name (nothing = whole repository)."""

    roots: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    release: str | None = None


@dataclass(frozen=True)
class Scope:
    """The specs a view covers, each with the reason it is there (``members`` is sorted by id)."""

    roots: tuple[str, ...]
    tags: tuple[str, ...]
    release: str | None
    description: str | None
    members: Mapping[str, Via] = field(default_factory=dict)
    target: str | None = None  # the release's own target, if it names one

    @property
    def whole_repository(self) -> bool:
        return not self.roots and not self.tags

    @property
    def label(self) -> str:
        """A short human name: ``release 2.1``, ``roots a, b; tags x`` or ``whole repository``."""
        if self.release is not None:
            return f"release {self.release}"
        parts = []
        if self.roots:
            parts.append(("root " if len(self.roots) == 1 else "roots ") + ", ".join(self.roots))
        if self.tags:
            parts.append(("tag " if len(self.tags) == 1 else "tags ") + ", ".join(self.tags))
        return "; ".join(parts) or "whole repository"

    def __contains__(self, spec_id: object) -> bool:
        return spec_id in self.members

    def __len__(self) -> int:
        return len(self.members)

    def ids(self) -> list[str]:
        return list(self.members)


# ---------------------------------------------------------------------------------------
# Field readers shared by every view


def spec_tags(spec: Spec) -> tuple[str, ...]:
    """Tags as a list of strings; a single string is split on commas (``"a, b"``)."""
    value = spec.fields.get("tags")
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(t.strip() for t in value if isinstance(t, str) and t.strip())


def effort(spec: Spec, name: str) -> float | None:
    """``estimatedEffort``/``actualEffort`` in hours, None when absent or invalid (check reports SG405)."""
    value = spec.fields.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if math.isnan(value) or math.isinf(value) or value < 0:
        return None
    return float(value)


def people(spec: Spec, name: str) -> tuple[str, ...]:
    """A list-of-names field (approvers, reviewers); a plain string counts as one name."""
    value = spec.fields.get(name)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())


def display_str(spec: Spec, name: str) -> str | None:
    """A scalar field as text for tables (numbers and dates too), None when absent or a collection."""
    value = spec.fields.get(name)
    if value is None or isinstance(value, (list, dict)):
        return None
    text = str(value).strip()
    return text or None


def reached(vocabulary: Vocabulary, status: str | None, target: str) -> bool:
    """Whether ``status`` is at or past ``target``; a done target (or the done set) needs a done status."""
    if target == done_label(vocabulary) or vocabulary.is_done(target):
        return vocabulary.is_done(status)
    stage, goal = vocabulary.stage(status), vocabulary.stage(target)
    return stage is not None and goal is not None and stage >= goal


def done_label(vocabulary: Vocabulary) -> str:
    """The done set as one target name: ``implemented``, or ``Final/Active/Living``."""
    return "/".join(vocabulary.done_statuses)


def default_target(vocabulary: Vocabulary) -> str:
    """The done set (``implemented`` with the default vocabulary)."""
    return done_label(vocabulary) if vocabulary.lifecycle else vocabulary.approval_status


# ---------------------------------------------------------------------------------------
# Computing a scope


def resolve_scope(graph: SpecGraph, config: Config, request: ScopeRequest) -> Scope:
    """Turn a request into a Scope; unknown roots, tags or releases are a UsageError (exit 2).

    Linear in specs + links: one pass to index tags, one breadth-first walk down the
    hierarchy and one along dependencies.
    """
    roots, tags = list(request.roots), list(request.tags)
    release: Release | None = None
    if request.release is not None:
        release = config.releases.get(request.release)
        if release is None:
            known = ", ".join(sorted(config.releases)) or "none are configured"
            where = f" in {config.source}" if config.source else ""
            raise UsageError(f"unknown release {request.release!r}{where} (known releases: {known})")
        roots.extend(release.roots)
        tags.extend(release.tags)
    roots, tags = _unique(roots), _unique(tags)
    _check_roots(graph, roots, release)
    tag_index = _tag_index(graph.specs()) if tags else {}
    _check_tags(tag_index, tags, release)

    members: dict[str, Via] = {}
    if not roots and not tags:
        if not len(graph):
            # A gate that passes because it looked at the wrong folder would be worse than none.
            raise UsageError(f"no specs found under {graph.root}: nothing to report on")
        members = {spec_id: Via.REPOSITORY for spec_id in graph.ids()}
    else:
        for root in roots:
            members.setdefault(root, Via.ROOT)
        for tag in tags:
            for spec_id in tag_index[tag]:
                members.setdefault(spec_id, Via.TAG)
        _walk(graph.neighbours(LinkKind.PARENT).predecessors, roots, members, Via.DESCENDANT, None)
        selected = sorted(members)
        _walk(graph.neighbours(LinkKind.DEPENDS_ON).successors, selected, members, Via.DEPENDENCY, (graph, config.vocabulary))
        members = {spec_id: members[spec_id] for spec_id in sorted(members)}
    return Scope(
        roots=tuple(roots),
        tags=tuple(tags),
        release=request.release,
        description=release.description if release else None,
        members=members,
        target=release.target if release else None,
    )


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip()
        if value:
            seen.setdefault(value, None)
    return list(seen)


def _walk(
    neighbours: Any,
    starts: Sequence[str],
    members: dict[str, Via],
    via: Via,
    stop_at_retired: tuple[SpecGraph, Vocabulary] | None,
) -> None:
    """Breadth-first from ``starts``; every spec reached joins ``members`` with ``via``."""
    seen = set(starts)
    queue = deque(starts)
    while queue:
        current = queue.popleft()
        if stop_at_retired is not None:
            graph, vocabulary = stop_at_retired
            if vocabulary.is_retired(graph.specs_by_id[current].status):
                continue
        for nxt in sorted(neighbours(current)):
            if nxt not in seen:
                seen.add(nxt)
                members.setdefault(nxt, via)
                queue.append(nxt)


def _tag_index(specs: Iterable[Spec]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for spec in specs:
        for tag in spec_tags(spec):
            index.setdefault(tag, []).append(spec.id)
    return index


def _origin(release: Release | None) -> str:
    return f" (from release {release.name!r})" if release is not None else ""


def _check_roots(graph: SpecGraph, roots: Sequence[str], release: Release | None) -> None:
    missing = [root for root in roots if root not in graph]
    if missing:
        origin = f"root of release {release.name!r}" if release is not None and missing[0] in release.roots else "--root"
        require_ids(missing, graph.specs_by_id, origin)


def _check_tags(index: Mapping[str, list[str]], tags: Sequence[str], release: Release | None) -> None:
    """A tag no spec carries is almost always a typo; an empty scope would pass as READY."""
    missing = [tag for tag in tags if tag not in index]
    if not missing:
        return
    suggester = Suggester(index)
    details = [f"'{tag}'{did_you_mean(suggester.suggest(tag))}" for tag in missing]
    raise UsageError(f"no spec carries the tag{_origin(release)} " + " / ".join(details))
