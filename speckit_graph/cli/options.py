"""Options every command that reads a repository takes, declared once.

A command lists ``path: PathArgument`` and the ``*Option`` types below in its signature and
turns them into a :class:`LoadOptions` with :func:`load_options`; people learn one command
and can guess the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.core.errors import UsageError
from speckit_graph.load.cache import default_cache_dir
from speckit_graph.usecases.common import LoadOptions

LOADING = "Loading"

PathArgument = Annotated[Path, typer.Argument(help="Folder to scan for spec files.", show_default=True)]
ConfigOption = Annotated[
    Optional[Path],
    typer.Option(
        "--config", metavar="FILE", help="Configuration file (default: found upward from PATH).", rich_help_panel=LOADING
    ),
]
JobsOption = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes (default: one per CPU).", rich_help_panel=LOADING),
]
CacheDirOption = Annotated[
    Optional[Path],
    typer.Option("--cache-dir", metavar="DIR", help="Cache folder (default: ~/.cache/speckit-graph).", rich_help_panel=LOADING),
]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.", rich_help_panel=LOADING)]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="Plain text even on a terminal.", rich_help_panel=LOADING)]


def load_options(path: Path, config_file: Path | None, jobs: int | None, cache_dir: Path | None, no_cache: bool) -> LoadOptions:
    """The loading options as the use cases take them (``--no-cache`` wins over ``--cache-dir``)."""
    return LoadOptions(path=path, config_file=config_file, jobs=jobs, cache_dir=cache_location(cache_dir, no_cache))


def cache_location(cache_dir: Path | None, no_cache: bool) -> Path | None:
    """The cache folder ``--cache-dir``/``--no-cache`` ask for (None: no cache)."""
    if no_cache:
        return None
    if cache_dir is None:
        return default_cache_dir()
    if cache_dir.exists() and not cache_dir.is_dir():
        raise UsageError(f"--cache-dir {cache_dir} is not a folder")
    return cache_dir
