"""SG1xx: links that point nowhere, at themselves, or are written wrongly."""

from __future__ import annotations

from collections.abc import Iterator

from speckit_graph.check.rules.registry import loader_rule, rule
from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import Suggester, did_you_mean


@rule(
    "SG101",
    "dangling-reference",
    Severity.ERROR,
    "A link names an id that no spec has, or a path or URL that leads to no spec in the repository.",
)
def dangling_reference(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    # Path and URL links that lead nowhere are reported by the loader under this code (it
    # resolves them against the scanned files); here: ids that no spec has.
    if not graph.unresolved:
        return
    suggester = Suggester(graph.specs_by_id)
    for link in graph.unresolved:
        if link.target == link.source:
            continue
        hint = did_you_mean([s for s in suggester.suggest(link.target, limit=4) if s != link.source][:3])
        yield Hit(
            "SG101",
            f"{link.field} names '{link.target}', which no spec has{hint}",
            path=link.location.path,
            line=link.location.line,
            column=link.location.column,
            spec=link.source,
            related=(link.target,),
            key=f"{link.kind.value}:{link.target}",
            extra={"target": link.target, "kind": link.kind.value},
        )


@rule("SG102", "duplicate-id", Severity.ERROR, "Two or more files claim the same id.")
def duplicate_id(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for spec_id in sorted(graph.duplicates):
        group = graph.duplicates[spec_id]
        for spec in group:
            others = [other for other in group if other is not spec]
            where = ", ".join(f"{o.path}:{o.location.line}" for o in others)
            yield Hit(
                "SG102",
                f"id '{spec_id}' is also claimed by {where}",
                path=spec.path,
                line=spec.location.line,
                column=spec.location.column,
                spec=spec_id,
                related=tuple(o.path for o in others),
                key=spec.path,
            )


@rule("SG103", "self-reference", Severity.ERROR, "A spec links to itself.")
def self_reference(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for spec in graph.all_specs():
        for link in spec.links:
            if link.target == spec.id:
                yield Hit(
                    "SG103",
                    f"{link.field} names the spec itself ('{spec.id}')",
                    path=spec.path,
                    line=link.location.line,
                    column=link.location.column,
                    spec=spec.id,
                    key=link.kind.value,
                )


@rule("SG104", "invalid-link-value", Severity.ERROR, "A link field holds a value of the wrong shape.")
def invalid_link_value(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for spec in graph.all_specs():
        for bad in spec.bad_links:
            yield Hit(
                "SG104",
                f"{bad.field}: {bad.reason} ({bad.value})",
                path=spec.path,
                line=bad.location.line,
                column=bad.location.column,
                spec=spec.id,
                key=f"{bad.field}:{bad.value}",
            )


@rule("SG105", "duplicate-link", Severity.WARNING, "The same id is listed twice in one link field.")
def duplicate_link(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for spec in graph.all_specs():
        for link in spec.duplicate_links:
            yield Hit(
                "SG105",
                f"{link.field} lists '{link.target}' more than once",
                path=spec.path,
                line=link.location.line,
                column=link.location.column,
                spec=spec.id,
                related=(link.target,),
                key=f"{link.field}:{link.target}",
            )


loader_rule(
    "SG106",
    "non-canonical-reference",
    Severity.INFO,
    "A link matches a spec only when case or zero padding is ignored; it resolves, spelled differently.",
)
