"""Options shared by the commands that work on a scope (``report``, ``order``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import split_list
from speckit_graph.report.scope import ScopeRequest

RootOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--root",
        metavar="ID",
        help="Scope: this spec, its descendants and what they depend on (repeatable, comma-separated).",
    ),
]
TagOption = Annotated[
    Optional[list[str]],
    typer.Option("--tag", metavar="TAG", help="Scope: specs with this tag and what they depend on (repeatable)."),
]
ReleaseOption = Annotated[
    Optional[str],
    typer.Option("--release", metavar="NAME", help="Scope: a release defined under \\[releases.NAME] in the configuration."),
]
TargetOption = Annotated[
    Optional[str],
    typer.Option(
        "--target",
        metavar="STATUS",
        help="Status every spec must reach: approved or implemented \\[default: the release's, else implemented].",
    ),
]
ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="Configuration file (default: found upward from PATH).")]
OutputOption = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.")]
PathArgument = Annotated[Path, typer.Argument(help="Folder to scan for spec files.")]
LimitOption = Annotated[
    int,
    typer.Option(
        "--limit",
        min=0,
        metavar="N",
        help="Markdown: at most N rows per table, to fit a PR comment or job summary (0 = all).",
    ),
]


def scope_request(roots: list[str] | None, tags: list[str] | None, release: str | None) -> ScopeRequest:
    """The scope ``--root``, ``--tag`` and ``--release`` ask for (values may be comma-separated)."""
    return ScopeRequest(tuple(split_list(roots) or ()), tuple(split_list(tags) or ()), release)
