"""Specs and graphs built in memory, so rule tests need no files and no loader.

``spec("spec-story-a-001", status="approved", dependencies=["spec-api-b-001"])`` gives a
Spec as the loader would after resolving references: every field on its own line (``id``
on line 2, the next on line 3, ...), link fields turned into links at those lines, and the
spec's path ``<id>.md``. Problems the loader keeps as data (a path that leads nowhere, a
loosely matched id) are passed in as ``unresolved`` and ``loose``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from speckit_graph.check import analysis
from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.findings import CheckResult, Finding
from speckit_graph.core.model import (
    BadLinkValue,
    History,
    Link,
    LinkKind,
    Location,
    LooseReference,
    Reference,
    RefForm,
    Spec,
    UnresolvedReference,
)
from speckit_graph.graph.specgraph import SpecGraph, build_graph

#: The default configuration's main link fields and the kind each is.
LINK_FIELDS = {"parent": LinkKind.PARENT, "dependencies": LinkKind.DEPENDS_ON, "related": LinkKind.RELATED}


def story(spec_id: str, **fields: Any) -> dict[str, Any]:
    """A complete, valid story's fields; tests override only what they are about."""
    return {"id": spec_id, "title": f"Title of {spec_id}", "type": "user_story", "status": "draft", **fields}


def spec(
    id: str,  # noqa: A002 - the frontmatter key, so that spec(**story(...)) reads like the file
    *,
    path: str | None = None,
    unresolved: Sequence[tuple[str, str, str]] = (),
    loose: Sequence[tuple[str, str, str]] = (),
    bad_links: Sequence[tuple[str, str, str]] = (),
    placeholders: Sequence[str] = (),
    **fields: Any,
) -> Spec:
    """A resolved Spec with ``fields`` (``id`` first); see the module docstring for lines and paths.

    ``unresolved`` holds ``(field, written, problem)`` for path/URL entries that lead nowhere,
    ``loose`` holds ``(field, written, target)`` for entries matched ignoring case or padding,
    ``bad_links`` holds ``(field, value, reason)`` and ``placeholders`` names fields still
    holding ``{{...}}``.
    """
    spec_id = id
    path = path if path is not None else f"{spec_id}.md"
    values = {"id": spec_id, **fields}
    lines = {key: number for number, key in enumerate(values, start=2)}
    links: list[Link] = []
    duplicates: list[Link] = []
    for key, kind in LINK_FIELDS.items():
        targets = values.get(key)
        for target in [targets] if isinstance(targets, str) else (targets or []):
            link = Link(spec_id, target, kind, key, Location(path, lines[key], 1))
            (duplicates if any(known.field == key and known.target == target for known in links) else links).append(link)

    def reference(key: str, written: str) -> Reference:
        kind = LINK_FIELDS.get(key, LinkKind.RELATED)
        form = RefForm.PATH if written.endswith(".md") else RefForm.ID
        return Reference(key, kind, None, written, form, written, Location(path, lines.get(key, 1), 1))

    return Spec(
        id=spec_id,
        path=path,
        location=Location(path, 2, 1),
        fields=values,
        field_lines=lines,
        field_keys={key: key for key in values},
        links=tuple(links),
        duplicate_links=tuple(duplicates),
        bad_links=tuple(BadLinkValue(k, v, why, Location(path, lines.get(k, 1), 1)) for k, v, why in bad_links),
        placeholders=tuple((key, lines[key]) for key in placeholders),
        unresolved_references=tuple(UnresolvedReference(reference(k, w), problem) for k, w, problem in unresolved),
        loose_references=tuple(LooseReference(reference(k, w), target) for k, w, target in loose),
    )


def graph(*specs: Spec | Mapping[str, Any], history: History | None = None) -> SpecGraph:
    """A graph of the given specs (Spec objects, or field mappings for :func:`spec`)."""
    built = [item if isinstance(item, Spec) else spec(**dict(item)) for item in specs]
    result = build_graph(built, files_scanned=len(built))
    result.history = history
    return result


def check(
    specs: Iterable[Spec | Mapping[str, Any]],
    config: Mapping[str, Any] | Config | None = None,
    select: Sequence[str] | None = None,
) -> CheckResult:
    """Every finding the rules report on these specs, as ``check`` would (suppressions included)."""
    resolved = config if isinstance(config, Config) else parse_config(dict(config or {}))
    return analysis.check(graph(*specs), resolved, select)


def found(result: CheckResult, code: str) -> list[Finding]:
    """The findings of one rule."""
    return [finding for finding in result.findings if finding.code == code]
