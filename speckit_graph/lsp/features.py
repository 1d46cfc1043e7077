"""What the editor asks about a position: definition, references, hover, completion, links, symbols.

Plain functions of the :class:`~speckit_graph.lsp.workspace.Workspace` and the document's
text, returning lsprotocol values; the server only routes requests to them. Every user
string shown as Markdown goes through :func:`speckit_graph.render.escape.markdown`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from lsprotocol import types as lsp

from speckit_graph.core.model import Link, LinkKind, RefForm, Spec
from speckit_graph.lsp.text import Cursor, cursor_at, frontmatter_end
from speckit_graph.lsp.workspace import Workspace
from speckit_graph.render.escape import markdown

#: Completion lists are cut here (marked incomplete: typing more asks again).
MAX_COMPLETIONS = 200
MAX_SYMBOLS = 500
_VOCABULARY_FIELDS = ("status", "type", "priority")


def uri_of(workspace: Workspace, relpath: str) -> str:
    return (workspace.root / relpath).resolve().as_uri()


def _point(line: int | None, column: int | None) -> lsp.Position:
    return lsp.Position(line=max(0, (line or 1) - 1), character=max(0, (column or 1) - 1))


def spec_location(workspace: Workspace, spec: Spec) -> lsp.Location:
    start = _point(spec.location.line, spec.location.column)
    return lsp.Location(uri=uri_of(workspace, spec.path), range=lsp.Range(start=start, end=start))


def target_at(workspace: Workspace, relpath: str, text: str, position: lsp.Position) -> Spec | None:
    """The spec named under the cursor: a link entry (as the loader resolved it) or an id in the text."""
    cursor = cursor_at(text, position.line, position.character)
    spec = workspace.spec_at(relpath)
    if spec is not None and cursor.in_frontmatter and not cursor.on_key:
        link = _link_under(spec, position.line + 1, cursor)
        if link is not None:
            return workspace.by_id.get(link.target)
    word = cursor.word.strip(".:;")
    if word in workspace.by_id:
        return workspace.by_id[word]
    if word.lower().endswith(".md"):
        base = PurePosixPath(relpath).parent
        candidate = str(PurePosixPath(*(base / word).parts))
        return workspace.resolved.get(_normalised(candidate))
    return None


def _normalised(path: str) -> str:
    parts: list[str] = []
    for part in PurePosixPath(path).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _link_under(spec: Spec, line: int, cursor: Cursor) -> Link | None:
    """The link whose entry starts at or before the cursor's word on ``line`` (flow lists share a line)."""
    best: Link | None = None
    for link in (*spec.links, *spec.duplicate_links):
        column = link.location.column or 1
        if link.location.line == line and column - 1 <= cursor.end:
            if best is None or column > (best.location.column or 1):
                best = link
    return best


def definition(workspace: Workspace, relpath: str, text: str, position: lsp.Position) -> list[lsp.Location]:
    spec = target_at(workspace, relpath, text, position)
    return [spec_location(workspace, spec)] if spec is not None else []


def references(
    workspace: Workspace, relpath: str, text: str, position: lsp.Position, include_declaration: bool
) -> list[lsp.Location]:
    """Every link written to the spec under the cursor (or to this file's spec), in path order."""
    spec = target_at(workspace, relpath, text, position) or workspace.spec_at(relpath)
    if spec is None:
        return []
    found = [spec_location(workspace, spec)] if include_declaration else []
    for _kind, link in linking_to(workspace, spec.id):
        found.append(lsp.Location(uri=uri_of(workspace, link.location.path), range=_link_range(link)))
    return found


def linking_to(workspace: Workspace, spec_id: str) -> list[tuple[LinkKind, Link]]:
    """Each link naming ``spec_id``, sorted by kind, then path and line."""
    links = [
        link
        for source in workspace.incoming.get(spec_id, {})
        for spec in workspace.groups.get(source, ())
        for link in spec.links
        if link.target == spec_id and link.source != spec_id
    ]
    links.sort(key=lambda ln: (ln.kind.value, ln.location.path, ln.location.line or 0, ln.location.column or 0))
    return [(link.kind, link) for link in links]


def _link_range(link: Link) -> lsp.Range:
    start = _point(link.location.line, link.location.column)
    length = len(link.written or link.target)
    return lsp.Range(start=start, end=lsp.Position(line=start.line, character=start.character + length))


def hover(workspace: Workspace, relpath: str, text: str, position: lsp.Position) -> lsp.Hover | None:
    """Title, status, type, priority, path, parent chain and dependents of the spec under the cursor."""
    spec = target_at(workspace, relpath, text, position)
    if spec is None:
        return None
    dependents = sum(1 for kind, _link in linking_to(workspace, spec.id) if kind is LinkKind.DEPENDS_ON)
    rows = [f"**{markdown(spec.title or spec.id)}** `{markdown(spec.id)}`", ""]
    for label, value in (("status", spec.status), ("type", spec.type), ("priority", spec.get_str("priority"))):
        rows.append(f"- {label}: {markdown(value) if value else '(none)'}")
    rows.append(f"- path: {markdown(spec.path)}")
    chain = parent_chain(workspace, spec)
    if chain:
        rows.append(f"- parents: {' → '.join(markdown(p) for p in chain)}")
    rows.append(f"- depended on by: {dependents} spec{'' if dependents == 1 else 's'}")
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n".join(rows)))


def parent_chain(workspace: Workspace, spec: Spec, limit: int = 50) -> list[str]:
    """The ids up the parent links, nearest first; stops at a cycle or after ``limit``."""
    chain: list[str] = []
    seen = {spec.id}
    current: Spec | None = spec
    while current is not None and len(chain) < limit:
        parent = next((ln.target for ln in current.links if ln.kind is LinkKind.PARENT and ln.target in workspace.by_id), None)
        if parent is None or parent in seen:
            break
        chain.append(parent)
        seen.add(parent)
        current = workspace.by_id.get(parent)
    return chain


def document_links(workspace: Workspace, relpath: str, text: str) -> list[lsp.DocumentLink]:
    """Every path reference of this file's spec that leads to a spec file."""
    spec = workspace.spec_at(relpath)
    if spec is None:
        return []
    lines = text.splitlines()
    found = []
    for ref in spec.references:
        if ref.form is not RefForm.PATH:
            continue
        target = workspace.resolved.get(ref.value) or (workspace.resolved.get(ref.fallback) if ref.fallback else None)
        line = (ref.location.line or 0) - 1
        if target is None or not 0 <= line < len(lines):
            continue
        column = lines[line].find(ref.written, max(0, (ref.location.column or 1) - 1))
        if column < 0:
            continue
        span = lsp.Range(
            start=lsp.Position(line=line, character=column), end=lsp.Position(line=line, character=column + len(ref.written))
        )
        found.append(lsp.DocumentLink(range=span, target=uri_of(workspace, target.path), tooltip=target.id))
    return found


def completion(workspace: Workspace, relpath: str, text: str, position: lsp.Position) -> lsp.CompletionList | None:
    """Ids in link fields (never one that would close a cycle), vocabulary words in status/type/priority."""
    cursor = cursor_at(text, position.line, position.character)
    if not cursor.in_frontmatter or cursor.key is None or cursor.on_key:
        return None
    config = workspace.config
    for canonical in _VOCABULARY_FIELDS:
        if cursor.key in config.keys_for(canonical):
            words = getattr(config.vocabulary, canonical)
            items = [
                lsp.CompletionItem(label=w, kind=lsp.CompletionItemKind.EnumMember) for w in words if w.startswith(cursor.prefix)
            ]
            return lsp.CompletionList(is_incomplete=False, items=items)
    field = next((lf for lf in config.link_fields if lf.key == cursor.key), None)
    if field is None:
        return None
    spec = workspace.spec_at(relpath)
    excluded = closing_cycle(workspace, spec.id, field.kind) if spec is not None else set()
    prefix = cursor.prefix.lower()
    items = []
    for spec_id, target in workspace.by_id.items():
        if spec_id in excluded or (prefix and prefix not in spec_id.lower() and prefix not in target.title.lower()):
            continue
        items.append(
            lsp.CompletionItem(
                label=spec_id,
                kind=lsp.CompletionItemKind.Reference,
                detail=target.title,
                label_details=lsp.CompletionItemLabelDetails(description=target.status or ""),
                documentation=f"{target.title} ({target.status or 'no status'}), {target.path}",
                filter_text=f"{spec_id} {target.title}",
            )
        )
    items.sort(key=lambda item: item.label)
    return lsp.CompletionList(is_incomplete=len(items) > MAX_COMPLETIONS, items=items[:MAX_COMPLETIONS])


def closing_cycle(workspace: Workspace, spec_id: str, kind: LinkKind) -> set[str]:
    """Ids that a ``kind`` link from ``spec_id`` would close a cycle with: the spec and all that reach it.

    Related links never form findings as cycles: only the spec itself is excluded for them.
    """
    if kind is LinkKind.RELATED:
        return {spec_id}
    reached = {spec_id}
    pending = [spec_id]
    while pending:
        target = pending.pop()
        for source in workspace.incoming.get(target, {}):
            if source in reached:
                continue
            if any(ln.kind is kind and ln.target == target for spec in workspace.groups.get(source, ()) for ln in spec.links):
                reached.add(source)
                pending.append(source)
    return reached


def document_symbols(workspace: Workspace, relpath: str, text: str) -> list[lsp.DocumentSymbol]:
    spec = workspace.spec_at(relpath)
    lines = text.splitlines()
    if spec is None or not lines:
        return []
    closing = frontmatter_end(lines) or 0
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=closing, character=len(lines[closing])))
    at = _point(spec.location.line, spec.location.column)
    selection = lsp.Range(start=at, end=lsp.Position(line=at.line, character=at.character + len(spec.id)))
    if not (whole.start.line <= at.line <= whole.end.line):
        selection = lsp.Range(start=whole.start, end=whole.start)
    return [
        lsp.DocumentSymbol(name=spec.id, detail=spec.title, kind=lsp.SymbolKind.Class, range=whole, selection_range=selection)
    ]


def workspace_symbols(workspace: Workspace, query: str) -> list[lsp.WorkspaceSymbol]:
    wanted = query.lower()
    found = []
    for spec_id in sorted(workspace.by_id):
        spec = workspace.by_id[spec_id]
        if wanted and wanted not in spec_id.lower() and wanted not in spec.title.lower():
            continue
        found.append(
            lsp.WorkspaceSymbol(
                name=f"{spec_id} {spec.title}".strip(), kind=lsp.SymbolKind.Class, location=spec_location(workspace, spec)
            )
        )
        if len(found) >= MAX_SYMBOLS:
            break
    return found


def relpath_of(workspace: Workspace, uri: str) -> str | None:
    """The repository-relative path of a ``file:`` URI, or None outside the repository."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    try:
        return Path(unquote(parsed.path)).resolve().relative_to(workspace.root.resolve()).as_posix()
    except ValueError:
        return None
