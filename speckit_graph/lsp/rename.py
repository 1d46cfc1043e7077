"""Rename of an id from the editor: ``prepareRename`` and ``rename`` through the ``rename`` use case.

The use case (the same as ``speckit-graph rename OLD NEW --dry-run``) reads the repository
from disk and returns each changed file's bytes before and after; nothing is written. The
answer is a ``WorkspaceEdit`` that replaces each changed file's text as a whole, which the
client applies when the user confirms. Its edits are computed against the files on disk,
so a rename that would touch a document open with unsaved changes is refused (save first)
rather than overwriting what the user typed. A refused rename (an id claimed by two files,
a NEW that is taken or not a valid id, a reference that cannot be edited in place) is
answered with the use case's message as a RequestFailed error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from speckit_graph.core.errors import SpeckitGraphError
from speckit_graph.lsp import features
from speckit_graph.lsp.positions import protocol_lines
from speckit_graph.lsp.text import cursor_at
from speckit_graph.lsp.workspace import Workspace
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.rename import RenameRequest, run_rename


class RequestFailed(JsonRpcException):
    """The protocol's RequestFailed: the request was valid, the server could not carry it out."""

    CODE = -32803
    MESSAGE = "Request failed"


def prepare(workspace: Workspace, relpath: str, text: str, position: lsp.Position) -> lsp.PrepareRenamePlaceholder | None:
    """The id under the cursor and its range, when it names a spec (None: nothing to rename here)."""
    spec = features.target_at(workspace, relpath, text, position)
    if spec is None:
        return None
    cursor = cursor_at(text, position.line, position.character)
    span = lsp.Range(
        start=lsp.Position(line=position.line, character=cursor.start),
        end=lsp.Position(line=position.line, character=cursor.end),
    )
    return lsp.PrepareRenamePlaceholder(range=span, placeholder=spec.id)


def rename(
    workspace: Workspace,
    relpath: str,
    text: str,
    position: lsp.Position,
    new: str,
    options: LoadOptions,
    unsaved: Callable[[str], bool],
) -> lsp.WorkspaceEdit | None:
    """The edit that renames the id under the cursor to ``new`` everywhere (ranges in code points)."""
    spec = features.target_at(workspace, relpath, text, position)
    if spec is None:
        return None
    try:
        outcome = run_rename(RenameRequest(spec.id, new, options, dry_run=True))
    except SpeckitGraphError as exc:
        raise RequestFailed(str(exc)) from None
    changed = [change for change in outcome.changes if change.after != change.before]
    dirty = sorted(change.relpath for change in changed if unsaved(change.relpath))
    if dirty:
        raise RequestFailed(f"save {', '.join(dirty)} first: the rename edits the files as they are on disk")
    changes: dict[str, list[lsp.TextEdit]] = {}
    for change in changed:
        lines = protocol_lines(change.before.decode("utf-8", "surrogatepass"))
        end = lsp.Position(line=len(lines) - 1, character=len(lines[-1]))
        whole = lsp.Range(start=lsp.Position(line=0, character=0), end=end)
        after = change.after.decode("utf-8", "surrogatepass")
        changes[features.uri_of(workspace, change.relpath)] = [lsp.TextEdit(range=whole, new_text=after)]
    return lsp.WorkspaceEdit(changes=changes)


def load_options(root: Path, config_file: Path | None, cache_dir: Path | None) -> LoadOptions:
    return LoadOptions(path=root, config_file=config_file, cache_dir=cache_dir, jobs=1)
