"""Code actions: the fixes ``check --fix`` would apply, offered as quick fixes on the findings.

The fixes are computed by :func:`speckit_graph.check.fixes.attach_fixes` against what the
editor shows: an open document's buffer, else the file on disk (read as ``check --fix``
reads it, refusing a link that leads outside the repository). Each fix becomes a
``WorkspaceEdit`` the client applies when the user picks it; the server never writes.
The rules run over the scoped graph of the document's spec (its neighbours are there, a
did-you-mean searches every id), so a code action costs what an edit costs, not a whole
check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lsprotocol import types as lsp

from speckit_graph.check.fixes import FixContext, attach_fixes, fixable_codes
from speckit_graph.core.findings import CheckResult, Finding
from speckit_graph.core.fixes import Fix, Safety
from speckit_graph.edit import Document, EditError
from speckit_graph.graph.suggest import Suggester
from speckit_graph.lsp.scoped import scoped_graph
from speckit_graph.lsp.workspace import Workspace

_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class BufferContext(FixContext):
    """A FixContext that reads through ``data_of`` (buffers first) and suggests from every id."""

    data_of: Callable[[str], bytes | None] | None = None
    every_id: Suggester | None = None

    @property
    def suggester(self) -> Suggester:
        return self.every_id if self.every_id is not None else super().suggester

    def document(self, path: str | None) -> Document | None:
        if path is None or self.data_of is None:
            return None
        if path not in self._documents:
            data = self.data_of(path)
            try:
                self._documents[path] = Document.parse(path, data) if data is not None else None
            except (EditError, RecursionError, ValueError):
                self._documents[path] = None
        return self._documents[path]


def position_of(data: bytes, offset: int) -> lsp.Position:
    """The byte ``offset`` of ``data`` as a line and a code point offset (the protocol's lines)."""
    before = data[:offset].decode("utf-8", "surrogatepass")
    breaks = list(_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return lsp.Position(line=len(breaks), character=len(before) - start)


def fixes_at(
    workspace: Workspace, relpath: str, lines: range, data_of: Callable[[str], bytes | None]
) -> list[tuple[Finding, Fix, dict[str, bytes]]]:
    """The fixes of the findings of ``relpath`` on ``lines`` (0-based), with the bytes each edited file had."""
    spec = workspace.spec_at(relpath)
    codes = fixable_codes()
    wanted = tuple(
        placed.finding
        for placed in workspace.per_file.get(relpath, ())
        if placed.finding.code in codes and placed.finding.path == relpath and (placed.line or 1) - 1 in lines
    )
    if spec is None or not wanted:
        return []
    graph = scoped_graph(workspace, {spec.id}, relpath)
    context = BufferContext(graph, workspace.config, workspace.root, data_of=data_of, every_id=workspace.suggester())
    asked = CheckResult(findings=wanted, specs=0, files_scanned=0, files_skipped=0)
    result = attach_fixes(asked, graph, workspace.config, context)
    found = []
    for finding in result.findings:
        if finding.fix is None:
            continue
        documents = {path: context.document(path) for path in finding.fix.paths}
        if all(doc is not None for doc in documents.values()):
            found.append((finding, finding.fix, {path: doc.data for path, doc in documents.items() if doc is not None}))
    return found


def code_actions(
    workspace: Workspace,
    relpath: str,
    lines: range,
    data_of: Callable[[str], bytes | None],
    uri_of: Callable[[str], str],
    diagnostics: Sequence[lsp.Diagnostic],
) -> list[lsp.CodeAction]:
    """One quick fix per fixable finding on ``lines``; ranges in code points (the caller converts)."""
    actions = []
    for finding, fix, data in fixes_at(workspace, relpath, lines, data_of):
        changes: dict[str, list[lsp.TextEdit]] = {}
        for edit in fix.edits:
            span = lsp.Range(start=position_of(data[edit.path], edit.start), end=position_of(data[edit.path], edit.end))
            changes.setdefault(uri_of(edit.path), []).append(lsp.TextEdit(range=span, new_text=edit.text))
        line = (finding.line or 1) - 1
        about = [d for d in diagnostics if d.code == finding.code and d.range.start.line == line]
        safe = fix.safety is Safety.SAFE
        actions.append(
            lsp.CodeAction(
                title=f"{fix.description} ({finding.code})" if safe else f"{fix.description} ({finding.code}, unsafe)",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=about or None,
                is_preferred=safe,
                edit=lsp.WorkspaceEdit(changes=changes),
            )
        )
    return actions
