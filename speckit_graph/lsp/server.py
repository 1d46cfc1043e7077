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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from speckit_graph import __version__
from speckit_graph.check.rules import get_rule
from speckit_graph.core.errors import ConfigError, UsageError
from speckit_graph.core.findings import Severity
from speckit_graph.edit import read_target
from speckit_graph.lsp import actions, features
from speckit_graph.lsp import rename as renaming
from speckit_graph.lsp.positions import UTF16, Encoder
from speckit_graph.lsp.text import token_end
from speckit_graph.lsp.workspace import Placed, Workspace

#: Seconds of quiet after the last change before a document is re-checked.
DEFAULT_DEBOUNCE = 0.2
#: The id of the dynamic registration for files changed on disk.
WATCH_ID = "speckit-graph-watch-markdown"
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
        #: Files reported changed on disk that the configuration leaves out (no re-scan for them again).
        self.outside: set[str] = set()

    def open_repository(self) -> None:
        root = self.path or Path(self.workspace.root_path or ".")
        try:
            self.repo = Workspace.open(root, self.config_file, self.cache_dir)
        except (UsageError, ConfigError) as exc:
            self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"speckit-graph: {exc}"))
            return
        gc.freeze()  # the repository read at start-up lives as long as the server: later collections skip it
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

    def encoder(self) -> Encoder:
        """Position conversion for one request or one round of diagnostics (it remembers lines read)."""
        encoding = self.workspace.position_encoding or UTF16

        def text(uri: str) -> str:
            relpath = features.relpath_of(self.repo, uri) if self.repo is not None else None
            return self.text_of(relpath) if relpath is not None else ""

        return Encoder(encoding, text)

    def data_of(self, relpath: str) -> bytes | None:
        """What a fix edits: the editor's buffer, else the file as ``check --fix`` reads it (None: refused)."""
        assert self.repo is not None
        document = self.workspace.text_documents.get(features.uri_of(self.repo, relpath))
        if document is not None:
            return document.source.encode("utf-8", "surrogatepass")
        try:
            return read_target(self.repo.root, relpath)
        except (OSError, UsageError):
            return None

    def unsaved(self, relpath: str) -> bool:
        """Whether ``relpath`` is open in the editor with content that differs from the disk."""
        assert self.repo is not None
        document = self.workspace.text_documents.get(features.uri_of(self.repo, relpath))
        return document is not None and document.source.encode("utf-8", "surrogatepass") != _disk(self.repo, relpath)

    def publish(self, relpaths: Iterable[str]) -> None:
        assert self.repo is not None
        encoder = self.encoder()
        for relpath in relpaths:
            placed = self.repo.per_file.get(relpath, ())
            uri = features.uri_of(self.repo, relpath)
            lines = self.text_of(relpath).splitlines() if placed else []
            diagnostics = encoder.convert(uri, [diagnostic(item, lines) for item in placed])
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

    def watch_files(self) -> None:
        """Ask the client to report Markdown files created, changed or deleted on disk (when it can)."""
        capability = self.client_capabilities.workspace
        watched = capability.did_change_watched_files if capability is not None else None
        if watched is None or not watched.dynamic_registration:
            return
        options = lsp.DidChangeWatchedFilesRegistrationOptions(watchers=[lsp.FileSystemWatcher(glob_pattern="**/*.md")])
        registration = lsp.Registration(id=WATCH_ID, method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)
        self.client_register_capability(lsp.RegistrationParams(registrations=[registration]))

    def files_changed(self, changes: Iterable[lsp.FileEvent]) -> None:
        """Files changed on disk: a file created or deleted (or changed but not known yet) changes the
        repository (read the folder again); a changed file not open in the editor is re-read (an
        open one: its buffer is the truth)."""
        if self.repo is None:
            return
        repo = self.repo
        events = [(event, relpath) for event in changes if (relpath := features.relpath_of(repo, event.uri)) is not None]
        relevant = [(event, relpath) for event, relpath in events if relpath in repo.outcomes or relpath not in self.outside]
        if any(event.type != lsp.FileChangeType.Changed or relpath not in repo.outcomes for event, relpath in relevant):
            try:
                changed = repo.rescan()
            except Exception as exc:  # noqa: BLE001 - a bug must not take the editor's server down
                log.exception("rescan failed")
                self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Error, message=f"speckit-graph: {exc!r}"))
                return
            reported = self.outside | {relpath for _event, relpath in relevant}
            self.outside = {path for path in reported if path not in repo.outcomes and (repo.root / path).is_file()}
            self.publish(sorted(changed))
            for uri in sorted(self.workspace.text_documents):  # an open document's buffer wins over the disk
                self.refresh(uri, always=False)
            return
        for event, _relpath in relevant:
            if event.uri not in self.workspace.text_documents:
                self.refresh(event.uri, always=False)

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
        ls.watch_files()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: SpecServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        ls.files_changed(params.changes)

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


def _answer(ls: SpecServer, uri: str, position: lsp.Position | None, ask: Callable[..., Any], empty: Any, *extra: Any) -> Any:
    """``ask(workspace, relpath, text[, position], *extra)`` with the position in code points, the
    answer's ranges in the client's units; ``empty`` outside the repository."""
    relpath = _rel(ls, uri)
    if ls.repo is None or relpath is None:
        return empty
    encoder = ls.encoder()
    where = () if position is None else (encoder.points(uri, position),)
    return encoder.convert(uri, ask(ls.repo, relpath, ls.text_of(relpath), *where, *extra))


def _register_navigation(server: SpecServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: SpecServer, params: lsp.DefinitionParams) -> list[lsp.Location]:
        return _answer(ls, params.text_document.uri, params.position, features.definition, [])

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: SpecServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        include = params.context.include_declaration
        return _answer(ls, params.text_document.uri, params.position, features.references, [], include)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: SpecServer, params: lsp.HoverParams) -> lsp.Hover | None:
        return _answer(ls, params.text_document.uri, params.position, features.hover, None)

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["'", '"', "[", " ", ","]))
    def completion(ls: SpecServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        return _answer(ls, params.text_document.uri, params.position, features.completion, None)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_LINK)
    def document_link(ls: SpecServer, params: lsp.DocumentLinkParams) -> list[lsp.DocumentLink]:
        return _answer(ls, params.text_document.uri, None, features.document_links, [])

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: SpecServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        return _answer(ls, params.text_document.uri, None, features.document_symbols, [])

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_action(ls: SpecServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        relpath = _rel(ls, uri)
        if ls.repo is None or relpath is None:
            return []
        repo, encoder = ls.repo, ls.encoder()
        lines = range(params.range.start.line, params.range.end.line + 1)
        found = actions.code_actions(
            repo, relpath, lines, ls.data_of, lambda path: features.uri_of(repo, path), params.context.diagnostics
        )
        for action in found:  # the edits' ranges in the client's units, each in its own file
            if action.edit is not None and action.edit.changes:
                for target, edits in action.edit.changes.items():
                    for edit in edits:
                        edit.range = encoder.range(target, edit.range)
        return found

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: SpecServer, params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
        return _answer(ls, params.text_document.uri, params.position, renaming.prepare, None)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameOptions(prepare_provider=True))
    def rename(ls: SpecServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        uri = params.text_document.uri
        relpath = _rel(ls, uri)
        if ls.repo is None or relpath is None:
            return None
        repo, encoder = ls.repo, ls.encoder()
        options = renaming.load_options(repo.root, ls.config_file, ls.cache_dir)
        position = encoder.points(uri, params.position)
        edit = renaming.rename(repo, relpath, ls.text_of(relpath), position, params.new_name, options, ls.unsaved)
        for target, edits in (edit.changes or {}).items() if edit is not None else ():
            for each in edits:
                each.range = encoder.range(target, each.range)
        return edit

    @server.feature(lsp.WORKSPACE_SYMBOL)
    def workspace_symbol(ls: SpecServer, params: lsp.WorkspaceSymbolParams) -> list[lsp.WorkspaceSymbol]:
        if ls.repo is None:
            return []
        return ls.encoder().convert("", features.workspace_symbols(ls.repo, params.query))


def serve(path: Path | None, config_file: Path | None, cache_dir: Path | None, debounce: float = DEFAULT_DEBOUNCE) -> Any:
    """Run the server on stdin/stdout until the client says exit."""
    gc.enable()  # the command turns the collector off for short runs; a server lives for hours
    build_server(path, config_file, cache_dir, debounce).start_io()
