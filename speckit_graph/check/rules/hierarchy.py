"""SG6xx: the project's own model (``[types.<name>]``, ``[statuses.<name>]``, ``[hierarchy]``).

Each rule is one pass over the specs and their links; the type tables are configuration
sized. Without a configured model (``types = {}`` and no status or depth settings) every
rule here finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from speckit_graph.check.rules.facts import folded_types
from speckit_graph.check.rules.metadata import _is_blank
from speckit_graph.check.rules.neighbours import neighbours
from speckit_graph.check.rules.registry import rule
from speckit_graph.config.model import Config
from speckit_graph.config.project import TypeRule
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.model import Link, LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph


def ancestors(types: Mapping[str, TypeRule]) -> dict[str, frozenset[str]]:
    """Every type's allowed ancestors: the closure of ``parents`` (and of ``children`` read backwards)."""
    parents: dict[str, set[str]] = {name: set(entry.parents or ()) for name, entry in types.items()}
    for name, entry in types.items():
        for child in entry.children or ():
            parents.setdefault(child, set()).add(name)
    result: dict[str, frozenset[str]] = {}
    for name in parents:
        seen: set[str] = set()
        stack = list(parents[name])
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(parents.get(current, ()))
        result[name] = frozenset(seen)
    return result


def folded(config: Config) -> dict[str, TypeRule]:
    """The type table with every type name in the form the vocabulary compares (``ignore-case``)."""
    fold = config.vocabulary.fold

    def names(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if values is None else tuple(fold(v) for v in values)

    return {
        fold(name): replace(
            rule, parents=names(rule.parents), children=names(rule.children), depends_on_types=names(rule.depends_on_types) or ()
        )
        for name, rule in config.project.types.items()
    }


def _type(spec: Spec, config: Config) -> str | None:
    written = config.project.type_of(spec)
    return config.vocabulary.fold(written) if written else None


def _inverted(types: Mapping[str, TypeRule], above: Mapping[str, frozenset[str]], child: str, parent: str) -> bool:
    """The child's type is an allowed ancestor of the parent's type (and not itself allowed as its parent)."""
    allowed = types[child].parents if child in types else None
    if child == parent or (allowed is not None and parent in allowed):
        return False
    return child in above.get(parent, frozenset())


def _parent_links(graph: SpecGraph) -> Iterator[tuple[Spec, Link, Spec]]:
    for link in graph.links(LinkKind.PARENT):
        child, parent = graph.specs_by_id.get(link.source), graph.specs_by_id.get(link.target)
        if child is not None and parent is not None and link.source != link.target:
            yield child, link, parent


def _hit(message: str, spec: Spec, link: Link | None, key: str, related: tuple[str, ...] = ()) -> Hit:
    return Hit(
        message,
        path=link.location.path if link else spec.path,
        line=link.location.line if link else spec.location.line,
        column=link.location.column if link else spec.location.column,
        spec=spec.id,
        related=related,
        key=key,
    )


@rule("SG601", "wrong-parent-type", Severity.ERROR, "A spec's parent is of a type the configured hierarchy does not allow.")
def wrong_parent_type(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    types = folded(config)
    if not types:
        return
    above = ancestors(types)
    type_of = folded_types(graph, config)
    for child, link, parent in _parent_links(graph):
        child_type, parent_type = type_of[child.id], type_of[parent.id]
        if child_type is None or parent_type is None or _inverted(types, above, child_type, parent_type):
            continue  # untyped, or inverted (SG602 says so)
        rule_of_child, rule_of_parent = types.get(child_type), types.get(parent_type)
        if rule_of_child is not None and rule_of_child.parents is not None and parent_type not in rule_of_child.parents:
            allowed = ", ".join(rule_of_child.parents) if rule_of_child.parents else "none: it is a root type"
            message = f"'{child.id}' ({child_type}) has parent '{parent.id}' ({parent_type}); allowed parent types: {allowed}"
        elif rule_of_parent is not None and rule_of_parent.children is not None and child_type not in rule_of_parent.children:
            allowed = ", ".join(rule_of_parent.children) or "none"
            message = (
                f"'{child.id}' ({child_type}) has parent '{parent.id}' ({parent_type}); "
                f"allowed child types of {parent_type}: {allowed}"
            )
        else:
            continue
        yield _hit(message, child, link, link.target, (parent.id,))


@rule("SG602", "inverted-hierarchy", Severity.ERROR, "A spec's parent is of a type that belongs below it in the hierarchy.")
def inverted_hierarchy(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    types = folded(config)
    if not types:
        return
    above = ancestors(types)
    type_of = folded_types(graph, config)
    for child, link, parent in _parent_links(graph):
        child_type, parent_type = type_of[child.id], type_of[parent.id]
        if child_type is not None and parent_type is not None and _inverted(types, above, child_type, parent_type):
            yield _hit(
                f"inverted hierarchy: '{child.id}' ({child_type}) has parent '{parent.id}' ({parent_type}), "
                f"but {parent_type} belongs below {child_type}",
                child,
                link,
                link.target,
                (parent.id,),
            )


@rule("SG603", "missing-required-link", Severity.WARNING, "A spec lacks a link kind its type requires.")
def missing_required_link(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    types = folded(config)
    if not any(rule.requires for rule in types.values()):
        return
    index = neighbours(graph)
    for spec in graph.specs():
        type_rule = types.get(_type(spec, config) or "")
        for kind in type_rule.requires if type_rule else ():
            if not index.targets(spec.id, kind):
                yield _hit(f"'{spec.id}' ({_type(spec, config)}) has no '{kind}' link; its type requires one", spec, None, kind)


@rule("SG604", "missing-dependency-type", Severity.WARNING, "A spec depends on no spec of a type its type must depend on.")
def missing_dependency_type(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    types = folded(config)
    if not any(rule.depends_on_types for rule in types.values()):
        return
    index = neighbours(graph)
    for spec in graph.specs():
        type_rule = types.get(_type(spec, config) or "")
        if type_rule is None or not type_rule.depends_on_types:
            continue
        targets = [graph.specs_by_id[t] for t in index.targets(spec.id, "dependencies") if t in graph.specs_by_id]
        reached = {_type(target, config) for target in targets}
        for wanted in type_rule.depends_on_types:
            if wanted not in reached:
                yield _hit(
                    f"'{spec.id}' ({_type(spec, config)}) depends on no {wanted}; its type requires one", spec, None, wanted
                )


@rule("SG605", "missing-type-field", Severity.WARNING, "A field required for the spec's type or status is absent or empty.")
def missing_type_field(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    project, types = config.project, folded(config)
    if not project.status_fields and not any(r.required_fields or r.status_fields for r in types.values()):
        return
    for spec in graph.specs():
        type_rule = types.get(_type(spec, config) or "")
        status = spec.status or ""
        wanted: dict[str, str] = {}
        for name in type_rule.required_fields if type_rule else ():
            wanted.setdefault(name, f"type {_type(spec, config)}")
        for name in type_rule.status_fields.get(status, ()) if type_rule else ():
            wanted.setdefault(name, f"type {_type(spec, config)} in status {status}")
        for name in project.status_fields.get(status, ()):
            wanted.setdefault(name, f"status {status}")
        for name, reason in wanted.items():
            if _is_blank(spec.fields.get(name)):
                state = "empty" if name in spec.fields else "missing"
                line = spec.line_of(name) if name in spec.fields else spec.location.line
                yield Hit(
                    f"'{spec.id}' has no '{name}' ({state}), which {reason} requires", spec.path, line, None, spec.id, (), name
                )


@rule("SG606", "hierarchy-too-deep", Severity.WARNING, "A spec sits deeper in the parent hierarchy than max-depth allows.")
def hierarchy_too_deep(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    limit = config.project.max_depth
    if limit is None:
        return
    depth = _depths(graph)
    for spec in graph.specs():
        if depth.get(spec.id, 1) > limit:
            yield _hit(f"'{spec.id}' is at depth {depth[spec.id]} of the parent hierarchy (max-depth {limit})", spec, None, "")


def _depths(graph: SpecGraph) -> dict[str, int]:
    """Each spec's depth along its first parent (a root is 1); a cycle counts once (SG202 reports it)."""
    parent: dict[str, str] = {}
    for link in graph.links(LinkKind.PARENT):
        if link.source != link.target:
            parent.setdefault(link.source, link.target)
    depth: dict[str, int] = {}
    for start in graph.specs_by_id:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = start
        while current is not None and current not in depth and current not in on_chain:
            chain.append(current)
            on_chain.add(current)
            current = parent.get(current)
        base = depth[current] if current is not None and current in depth else 0
        for spec_id in reversed(chain):
            base += 1
            depth[spec_id] = base
    return depth
