"""Git history on a graph (rule SG305, suspect links): read it, attach it, say what it cannot see."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from speckit_graph.config.model import Config
from speckit_graph.core.model import History
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.vcs import git as gitsource
from speckit_graph.vcs import history


def load_history(
    graph: SpecGraph, path: Path, config: Config, rev: str | None = None, known: dict[str, str | None] | None = None
) -> History:
    """When each spec of ``graph`` last changed substantively, read from the git history of ``path``.

    With ``rev`` None, ``graph`` was loaded from the working tree at ``path`` and uncommitted
    edits count as the newest change; otherwise ``graph`` is ``path`` as it was at ``rev``.
    ``known``: blob fingerprints of an earlier call with the same ``config``, shared and extended.
    Raises GitSourceError (exit 2) when ``path`` is not in a git work tree.
    """
    location = gitsource.locate(path)
    specs = list(graph.all_specs())
    acknowledged = {commit for spec in specs for commit in history.acknowledgements(spec.fields)}
    return history.read_history(
        location.root,
        location.prefix,
        [spec.path for spec in specs],
        config,
        rev=rev,
        worktree=Path(path) if rev is None else None,
        acknowledged=acknowledged,
        known=known,
    )


def with_history(graph: SpecGraph, found: History) -> SpecGraph:
    """``graph`` with git history attached, so history rules (SG305) run on it."""
    return replace(graph, history=found, _kind_views={})


def history_notes(graph: SpecGraph) -> list[str]:
    """What the user must know about the history a graph carries (a shallow clone hides changes)."""
    found = graph.history
    if found is None or found.shallow is None:
        return []
    hidden = sum(1 for spec in graph.specs() if found.changed.get(spec.path, found.shallow) is None)
    if not hidden:
        return []  # every spec changed within the visible history: nothing was missed
    start = found.shallow
    return [
        f"shallow clone: history starts at {start.short} ({start.date}); {hidden} of {len(graph)} specs "
        f"have not changed since, so a suspect link between two of them cannot be seen "
        f"(fetch the full history: git fetch --unshallow, or fetch-depth: 0 in GitHub Actions)"
    ]
