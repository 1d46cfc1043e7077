"""Shell completion of spec ids: ``speckit-graph tree <TAB>`` lists the ids of the repository at hand.

The shell runs the command with ``_SPECKIT_GRAPH_COMPLETE`` set on every TAB, so this has to
be quick and quiet: the repository named by the PATH argument (or the current folder) is
loaded through the cache, and any problem yields no completions rather than an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

#: Completion lists longer than this are useless in a shell; ask for more letters instead.
MAX_COMPLETIONS = 500


def complete_spec_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """The spec ids that start with what was typed after the last comma (``--root a,b<TAB>``)."""
    head, _, tail = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    try:
        ids = _spec_ids(ctx.params)
    except Exception:  # noqa: BLE001 - a broken repository must not print a traceback into the shell
        return []
    return [prefix + spec_id for spec_id in ids if spec_id.startswith(tail)][:MAX_COMPLETIONS]


def _spec_ids(params: dict[str, Any]) -> list[str]:
    from speckit_graph.cli.options import load_options  # noqa: PLC0415 - options imports this module
    from speckit_graph.usecases.load import session  # noqa: PLC0415 - only when the shell asks

    path = Path(params.get("path") or ".")
    if not path.is_dir():
        return []
    options = load_options(
        path, params.get("config_file"), params.get("jobs"), params.get("cache_dir"), bool(params.get("no_cache"))
    )
    with session(options) as loader:
        graph = loader.load()
    return sorted(spec.id for spec in graph.specs())
