"""Options of the commands that work on a scope (``report``, ``order``); the loading options are in :mod:`options`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from speckit_graph.cli.common import split_list
from speckit_graph.cli.options import at_least, list_option, root_option

if TYPE_CHECKING:
    from speckit_graph.report.scope import ScopeRequest

RootOption = Annotated[Optional[list[str]], root_option("Scope: this spec, its descendants and what they depend on")]
TagOption = Annotated[Optional[list[str]], list_option("--tag", "TAG", "Scope: specs with this tag and what they depend on")]
ReleaseOption = Annotated[
    Optional[str],
    typer.Option("--release", metavar="NAME", help="Scope: a release defined under \\[releases.NAME] in the configuration."),
]
TargetOption = Annotated[
    Optional[str],
    typer.Option(
        "--target",
        metavar="STATUS",
        help=(
            "Status every spec must reach: approved or implemented; report also takes verified (with \\[trace]: "
            "reached and tested) \\[default: the release's, else implemented]."
        ),
    ),
]
LimitOption = Annotated[
    int,
    typer.Option(
        "--limit",
        metavar="N",
        callback=at_least(0),
        help="Markdown: at most N rows per table, to fit a PR comment or job summary (0 = all).",
    ),
]


def scope_request(roots: list[str] | None, tags: list[str] | None, release: str | None) -> ScopeRequest:
    """The scope ``--root``, ``--tag`` and ``--release`` ask for (values may be comma-separated)."""
    from speckit_graph.report.scope import ScopeRequest

    return ScopeRequest(tuple(split_list(roots) or ()), tuple(split_list(tags) or ()), release)
