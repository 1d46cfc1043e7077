"""The ``speckit-graph`` command: one module per subcommand, no analysis here.

``main`` answers ``--version`` before importing typer or any command module (start-up is
most of a small repository's run); everything else goes through :mod:`speckit_graph.cli.root`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from speckit_graph.cli.root import app as app


def main() -> None:
    """Console-script entry point: usage errors become one line and exit code 2."""
    if sys.argv[1:] == ["--version"]:
        from speckit_graph import __version__

        sys.stdout.write(f"speckit-graph {__version__}\n")
        sys.exit(0)
    from speckit_graph.cli.root import run

    run()


def __getattr__(name: str) -> Any:
    """``speckit_graph.cli.app``, the typer application (defined in :mod:`speckit_graph.cli.root`)."""
    if name == "app":
        from speckit_graph.cli.root import app as app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
