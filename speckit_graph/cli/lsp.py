"""``speckit-graph lsp``: the language server over stdin/stdout, for editors (docs/editors.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary
from speckit_graph.cli.options import CacheDirOption, ConfigOption, NoCacheOption, cache_location


@error_boundary
def lsp_command(
    path: Annotated[
        Optional[Path],
        typer.Argument(metavar="PATH", help="The repository \\[default: the workspace folder the editor opens]."),
    ] = None,
    config_file: ConfigOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debounce_ms: Annotated[
        int,
        typer.Option("--debounce-ms", metavar="MS", min=0, max=10_000, help="Quiet time after a change before re-checking."),
    ] = 200,
) -> None:
    """Run a language server on stdin/stdout: live diagnostics, go to definition, references, hover, completion."""
    from speckit_graph.lsp.server import serve  # pygls is only imported by the command that needs it

    if path is not None and not path.is_dir():
        raise typer.BadParameter(f"not a directory: {path}", param_hint="PATH")
    serve(path, config_file, cache_location(cache_dir, no_cache), debounce_ms / 1000)
