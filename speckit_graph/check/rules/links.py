"""SG1xx: links that point nowhere, at themselves, or are written wrongly."""

from __future__ import annotations

from collections.abc import Iterator

from speckit_graph.check.rules.registry import rule
from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.fixes import Safety
from speckit_graph.core.model import RefForm
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import did_you_mean


@rule(
    "SG101",
    "dangling-reference",
    Severity.ERROR,
    "A link names an id that no spec has, or a path or URL that leads to no spec in the repository.",
    fix=Safety.UNSAFE,
)
def dangling_reference(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    """Ids no spec has (``graph.unresolved``) and paths or URLs that lead nowhere (each spec's
    ``unresolved_references``). Both are keyed ``kind:target``, the target being the id, the
    repository path or the URL; up to 0.1 a path or URL was keyed ``field:written`` (kept as
    the legacy key so baselines written then still match)."""
    for spec in graph.all_specs():
        for unresolved in spec.unresolved_references:
            ref = unresolved.reference
            yield Hit(
                f"{ref.field} names '{ref.written}', which {unresolved.problem}",
                path=spec.path,
                line=ref.location.line,
                column=ref.location.column,
                spec=spec.id,
                key=f"{ref.kind.value}:{ref.value}",
                legacy_key=f"{ref.field}:{ref.written}",
                extra={"target": ref.value, "kind": ref.kind.value},
            )
    if not graph.unresolved:
        return
    suggester = graph.suggester()
    for link in graph.unresolved:
        if link.target == link.source:
            continue
        hint = did_you_mean([s for s in suggester.suggest(link.target, limit=4) if s != link.source][:3])
        yield Hit(
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
                f"id '{spec_id}' is also claimed by {where}",
                path=spec.path,
                line=spec.location.line,
                column=spec.location.column,
                spec=spec_id,
                related=tuple(o.path for o in others),
                key=spec.path,
            )


@rule("SG103", "self-reference", Severity.ERROR, "A spec links to itself.", fix=Safety.UNSAFE)
def self_reference(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for spec in graph.all_specs():
        for link in spec.links:
            if link.target == spec.id:
                yield Hit(
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
                f"{bad.field}: {bad.reason} ({bad.value})",
                path=spec.path,
                line=bad.location.line,
                column=bad.location.column,
                spec=spec.id,
                key=f"{bad.field}:{bad.value}",
            )


@rule("SG105", "duplicate-link", Severity.WARNING, "The same id is listed twice in one link field.", fix=Safety.SAFE)
def duplicate_link(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for spec in graph.all_specs():
        for link in spec.duplicate_links:
            yield Hit(
                f"{link.field} lists '{link.target}' more than once",
                path=spec.path,
                line=link.location.line,
                column=link.location.column,
                spec=spec.id,
                related=(link.target,),
                key=f"{link.field}:{link.target}",
            )


@rule(
    "SG106",
    "non-canonical-reference",
    Severity.INFO,
    "A link matches a spec only when case or zero padding is ignored; it resolves, spelled differently.",
    fix=Safety.SAFE,
)
def non_canonical_reference(graph: SpecGraph, config: Config) -> Iterator[Hit]:
    for spec in graph.all_specs():
        for loose in spec.loose_references:
            ref, target = loose.reference, loose.target
            written = ref.written if ref.form is not RefForm.ID or ref.written == ref.value else ref.value
            yield Hit(
                f"{ref.field} names '{written}', which only matches '{target}' when case and zero padding are ignored; "
                f"write '{target}'",
                path=spec.path,
                line=ref.location.line,
                column=ref.location.column,
                spec=spec.id,
                related=(target,),
                key=f"{ref.field}:{ref.written}",
                extra={"target": target, "kind": ref.kind.value},
            )
