"""The language server: pygls routes the protocol, the workspace and the feature functions answer.

Diagnostics are published for a document when it opens and, after a short quiet period
(``debounce``), when it changes, and for every other file whose findings the edit changed
(cleared with an empty list when none is left). A document that does not parse yields
diagnostics like any finding; an unexpected error in a handler is logged to the client
and the server goes on. Nothing is ever written to the workspace.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from speckit_graph import __version__
from speckit_graph.check.rules import get_rule
from speckit_graph.core.errors import ConfigError, UsageError
from speckit_graph.core.findings import Severity
from speckit_graph.lsp import features
from speckit_graph.lsp.text import token_end
from speckit_graph.lsp.workspace import Placed, Workspace

#: Seconds of quiet after the last change before a document is re-checked.
DEFAULT_DEBOUNCE = 0.2
_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
log = logging.getLogger(__name__)


class SpecServer(LanguageServer):
    """The server's state: the settings from the command line and the workspace once opened."""

    def __init__(self, path: Path | None, config_file: Path | None, cache_dir: Path | None, debounce: float) -> None:
        super().__init__("speckit-graph", __version__)
        self.path, self.config_file, self.cache_dir, self.debounce = path, config_file, cache_dir, debounce
        self.repo: Workspace | None = None
        self.pending: dict[str, asyncio.TimerHandle] = {}

    def open_repository(self) -> None:
        root = self.path or Path(self.workspace.root_path or ".")
        try:
            self.repo = Workspace.open(root, self.config_file, self.cache_dir)
        except (UsageError, ConfigError) as exc:
            self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"speckit-graph: {exc}"))
            return
        for note in self.repo.notes:
            self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Info, message=note))
        self.publish(sorted(self.repo.per_file))

    def text_of(self, relpath: str) -> str:
        """The editor's buffer for an open document, else the file on disk (read, never written)."""
        assert self.repo is not None
        uri = features.uri_of(self.repo, relpath)
        document = self.workspace.text_documents.get(uri)
        if document is not None:
            return document.source
        try:
            return (self.repo.root / relpath).read_bytes()[: self.repo.config.limits.max_file_size].decode("utf-8", "replace")
        except OSError:
            return ""

    def publish(self, relpaths: Iterable[str]) -> None:
        assert self.repo is not None
        for relpath in relpaths:
            placed = self.repo.per_file.get(relpath, ())
            lines = self.text_of(relpath).splitlines() if placed else []
            diagnostics = [diagnostic(item, lines) for item in placed]
            uri = features.uri_of(self.repo, relpath)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))

    def refresh(self, uri: str, text: str | None = None, always: bool = True) -> None:
        """Re-read one document (its buffer, or the disk when ``text`` is None) and publish what changed."""
        self.pending.pop(uri, None)
        if self.repo is None:
            return
        relpath = features.relpath_of(self.repo, uri)
        if relpath is None:
            return
        if text is None:
            document = self.workspace.text_documents.get(uri)
            data = document.source.encode("utf-8", "surrogatepass") if document is not None else _disk(self.repo, relpath)
        else:
            data = text.encode("utf-8", "surrogatepass")
        try:
            changed = self.repo.update(relpath, data)
        except Exception as exc:  # noqa: BLE001 - a bug must not take the editor's server down
            log.exception("update failed")
            self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Error, message=f"speckit-graph: {exc!r}"))
            return
        if always and relpath in self.repo.outcomes:
            changed.add(relpath)
        self.publish(sorted(changed))

    def later(self, uri: str) -> None:
        """Re-check ``uri`` once the user pauses typing for ``debounce`` seconds."""
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(self.debounce, self.refresh, uri, None, False)


def _disk(repo: Workspace, relpath: str) -> bytes:
    try:
        return (repo.root / relpath).read_bytes()
    except OSError:
        return b""


def diagnostic(item: Placed, lines: list[str]) -> lsp.Diagnostic:
    """One finding as an LSP diagnostic: range from its line and column, code, severity, rule docs."""
    finding = item.finding
    line = max(0, (item.line or 1) - 1)
    text = lines[line] if line < len(lines) else ""
    if item.column:
        start = item.column - 1
        end = token_end(text, start)
    else:
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
    rule = get_rule(finding.code)
    return lsp.Diagnostic(
        range=lsp.Range(start=lsp.Position(line=line, character=start), end=lsp.Position(line=line, character=max(start, end))),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=lsp.CodeDescription(href=rule.help_url) if rule is not None else None,
        source="speckit-graph",
    )


def build_server(
    path: Path | None = None, config_file: Path | None = None, cache_dir: Path | None = None, debounce: float = DEFAULT_DEBOUNCE
) -> SpecServer:
    """A server with every feature registered; ``start_io()`` runs it over stdin/stdout."""
    server = SpecServer(path, config_file, cache_dir, debounce)
    _register_documents(server)
    _register_navigation(server)
    return server


def _register_documents(server: SpecServer) -> None:
    @server.feature(lsp.INITIALIZED)
    def initialized(ls: SpecServer, params: lsp.InitializedParams) -> None:
        ls.open_repository()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SpecServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.refresh(params.text_document.uri, params.text_document.text)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SpecServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.later(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SpecServer, params: lsp.DidCloseTextDocumentParams) -> None:
        relpath = _rel(ls, params.text_document.uri)
        if ls.repo is not None and relpath is not None:  # the file on disk is the truth again
            ls.refresh(params.text_document.uri, _disk(ls.repo, relpath).decode("utf-8", "replace"), always=False)


def _rel(ls: SpecServer, uri: str) -> str | None:
    return features.relpath_of(ls.repo, uri) if ls.repo is not None else None


def _register_navigation(server: SpecServer) -> None:
    def context(ls: SpecServer, uri: str) -> tuple[Workspace, str, str] | None:
        relpath = _rel(ls, uri)
        if ls.repo is None or relpath is None:
            return None
        return ls.repo, relpath, ls.text_of(relpath)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: SpecServer, params: lsp.DefinitionParams) -> list[lsp.Location]:
        found = context(ls, params.text_document.uri)
        return features.definition(*found, params.position) if found else []

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: SpecServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        found = context(ls, params.text_document.uri)
        return features.references(*found, params.position, params.context.include_declaration) if found else []

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: SpecServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = context(ls, params.text_document.uri)
        return features.hover(*found, params.position) if found else None

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["'", '"', "[", " ", ","]))
    def completion(ls: SpecServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        found = context(ls, params.text_document.uri)
        return features.completion(*found, params.position) if found else None

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_LINK)
    def document_link(ls: SpecServer, params: lsp.DocumentLinkParams) -> list[lsp.DocumentLink]:
        found = context(ls, params.text_document.uri)
        return features.document_links(*found) if found else []

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: SpecServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        found = context(ls, params.text_document.uri)
        return features.document_symbols(*found) if found else []

    @server.feature(lsp.WORKSPACE_SYMBOL)
    def workspace_symbol(ls: SpecServer, params: lsp.WorkspaceSymbolParams) -> list[lsp.WorkspaceSymbol]:
        return features.workspace_symbols(ls.repo, params.query) if ls.repo is not None else []


def serve(path: Path | None, config_file: Path | None, cache_dir: Path | None, debounce: float = DEFAULT_DEBOUNCE) -> Any:
    """Run the server on stdin/stdout until the client says exit."""
    gc.enable()  # the command turns the collector off for short runs; a server lives for hours
    build_server(path, config_file, cache_dir, debounce).start_io()
