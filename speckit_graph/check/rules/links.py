"""SG1xx: links that point nowhere, at themselves, or are written wrongly."""

from __future__ import annotations

from collections.abc import Iterator

from speckit_graph.check.rules.registry import rule
from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.fixes import Safety
from speckit_graph.core.model import RefForm
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.load import issues


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
    from speckit_graph.graph.suggest import did_you_mean  # only for a dangling link

    suggester = graph.suggester()
    broken = _unparsable_ids(graph)
    named_after: dict[str, list[str]] | None = None
    for link in graph.unresolved:
        if link.target == link.source:
            continue
        if link.target in broken:
            where = broken[link.target]
            message = f"{link.field} names '{link.target}', whose file does not parse ({where})"
        else:
            hint = did_you_mean([s for s in suggester.suggest(link.target, limit=4) if s != link.source][:3])
            if not hint:
                named_after = _files_named_after(graph) if named_after is None else named_after
                files = named_after.get(link.target.casefold(), [])
                if files:
                    verbs = "is named after it but declares" if len(files) == 1 else "are named after it but declare"
                    hint = f"; {' and '.join(files[:2])} {verbs} no id"
            message = f"{link.field} names '{link.target}', which no spec has{hint}"
        yield Hit(
            message,
            path=link.location.path,
            line=link.location.line,
            column=link.location.column,
            spec=link.source,
            related=(link.target,),
            key=f"{link.kind.value}:{link.target}",
            extra={"target": link.target, "kind": link.kind.value},
        )


_SEPARATORS = "-_. "


def _files_named_after(graph: SpecGraph) -> dict[str, list[str]]:
    """Files whose id comes from their path, by every leading part of their name (case-folded).

    ``FR-SKILLS-001-Agent-Skills-Marketplace.md`` with no id field is keyed ``fr-skills-001``,
    ``fr-skills-001-agent``...: a reference to ``FR-SKILLS-001`` then says which file was meant.
    The link stays unresolved (the file never claims that id); the hint only says where to add it.
    """
    found: dict[str, list[str]] = {}
    for spec in graph.all_specs():
        if "id" in spec.fields or not spec.path:
            continue
        stem = spec.path.rsplit("/", 1)[-1]
        stem = stem[:-3] if stem.lower().endswith(".md") else stem
        folded = stem.casefold()
        for end, char in enumerate(folded):
            if char in _SEPARATORS and end:
                found.setdefault(folded[:end], []).append(spec.path)
        found.setdefault(folded, []).append(spec.path)
    return found


def _unparsable_ids(graph: SpecGraph) -> dict[str, str]:
    """Ids named by files whose frontmatter does not parse at all (their SG001), as ``path:line``."""
    found: dict[str, str] = {}
    for hit in graph.load_issues:
        claimed = hit.extra.get("claimed_id") if hit.code == issues.INVALID_FRONTMATTER else None
        if isinstance(claimed, str) and claimed not in graph.specs_by_id:
            found.setdefault(claimed, f"{hit.path}:{hit.extra.get('claimed_line', hit.line)}")
    return found


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
