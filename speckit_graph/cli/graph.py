"""``speckit-graph graph``: draw the traceability graph as DOT, SVG, Mermaid, GraphML or JSON."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, split_list, write_output
from speckit_graph.cli.progress import Spinner
from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind
from speckit_graph.render.diagram.model import DEFAULT_MAX_NODES, ViewOptions
from speckit_graph.usecases import api


class GraphFormat(str, enum.Enum):
    dot = "dot"
    svg = "svg"
    mermaid = "mermaid"
    graphml = "graphml"
    json = "json"


class Direction(str, enum.Enum):
    deps = "deps"
    dependents = "dependents"
    both = "both"


class Cluster(str, enum.Enum):
    parent = "parent"
    category = "category"
    none = "none"


class Collapse(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


_SUFFIX_FORMATS = {
    ".dot": GraphFormat.dot,
    ".gv": GraphFormat.dot,
    ".svg": GraphFormat.svg,
    ".mmd": GraphFormat.mermaid,
    ".mermaid": GraphFormat.mermaid,
    ".graphml": GraphFormat.graphml,
    ".json": GraphFormat.json,
}


def _kinds(values: list[str] | None) -> frozenset[LinkKind]:
    items = split_list(values)
    if not items:
        return frozenset(LinkKind)
    known = {kind.value: kind for kind in LinkKind}
    known.update({"dependencies": LinkKind.DEPENDS_ON, "depends-on": LinkKind.DEPENDS_ON})
    unknown = [item for item in items if item not in known]
    if unknown:
        raise UsageError(f"--kinds: unknown link kind '{unknown[0]}' (known: parent, depends_on, related)")
    return frozenset(known[item] for item in items)


@error_boundary
def graph_command(
    path: Annotated[Path, typer.Argument(help="Folder to scan for spec files.")] = Path("."),
    output_format: Annotated[
        Optional[GraphFormat],
        typer.Option("--format", "-f", help="Output format (default: from the -o suffix, else dot)."),
    ] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    root: Annotated[
        Optional[list[str]], typer.Option("--root", "-r", help="Draw only what is linked to this spec id (repeatable).")
    ] = None,
    depth: Annotated[
        Optional[int], typer.Option("--depth", "-d", min=0, help="With --root: at most N links away (default: all).")
    ] = None,
    direction: Annotated[
        Optional[Direction],
        typer.Option(
            "--direction", help="With --root: what it needs (deps), what needs it (dependents), or both (default: both)."
        ),
    ] = None,
    kinds: Annotated[
        Optional[list[str]],
        typer.Option("--kinds", "-k", help="Link kinds to follow and draw: parent,depends_on,related (default: all)."),
    ] = None,
    status: Annotated[Optional[list[str]], typer.Option("--status", help="Only specs with these statuses.")] = None,
    spec_type: Annotated[Optional[list[str]], typer.Option("--type", help="Only specs of these types.")] = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Only specs with one of these tags.")] = None,
    cluster: Annotated[Cluster, typer.Option("--cluster", help="Box specs by parent hierarchy or by category.")] = Cluster.none,
    reduce: Annotated[
        bool, typer.Option("--reduce", help="Hide dependency links implied by others (transitive reduction).")
    ] = False,
    collapse: Annotated[
        Optional[Collapse],
        typer.Option(
            "--collapse",
            help="One node per top-level parent: auto (above --max-nodes), always, never "
            "(default: auto for pictures, never for graphml/json).",
        ),
    ] = None,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", min=2, help="Collapse pictures with more nodes than this.")
    ] = DEFAULT_MAX_NODES,
    engine: Annotated[
        str, typer.Option("--engine", help="Graphviz layout: auto (dot when small, sfdp when big), dot, sfdp, neato...")
    ] = "auto",
    timeout: Annotated[
        float, typer.Option("--timeout", min=0, help="Give up on an SVG layout after SECONDS (0 waits forever).")
    ] = api.DEFAULT_TIMEOUT,
    no_legend: Annotated[bool, typer.Option("--no-legend", help="Leave the legend out.")] = False,
    title: Annotated[Optional[str], typer.Option("--title", help="A caption above the diagram.")] = None,
    link_base: Annotated[
        Optional[str],
        typer.Option("--link-base", help="Prefix for node links (default: relative path from the output to PATH)."),
    ] = None,
    config_file: Annotated[
        Optional[Path], typer.Option("--config", help="Configuration file (default: found upward from PATH).")
    ] = None,
) -> None:
    """Draw the traceability graph; focus with --root, filter, cluster, and let big graphs collapse."""
    fmt = output_format or (_SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None) or GraphFormat.dot
    if not root and (depth is not None or direction is not None):
        raise UsageError("--depth and --direction need --root (the spec to start from)")
    roots = tuple(dict.fromkeys(split_list(root) or []))
    options = ViewOptions(
        roots=roots,
        depth=depth,
        direction=(direction or Direction.both).value,
        kinds=_kinds(kinds),
        statuses=frozenset(split_list(status) or ()),
        types=frozenset(split_list(spec_type) or ()),
        tags=frozenset(split_list(tag) or ()),
        cluster=cluster.value,
        reduce=reduce,
        collapse=collapse.value if collapse is not None else api.default_collapse(fmt.value),
        max_nodes=max_nodes,
    )
    base = link_base if link_base is not None else api.link_base_for(path, output)
    with Spinner() as spinner:
        spinner.update(f"loading specs from {path}")
        config = api.resolve_config(path, config_file)
        graph = api.load(path, config)
        spinner.update("laying out the diagram" if fmt is GraphFormat.svg else "drawing the diagram")
        result = api.diagram(
            graph,
            config,
            fmt.value,
            options,
            engine=engine,
            timeout=timeout or None,
            legend=not no_legend,
            link_base=base,
            title=title,
        )
    for note in result.notes:
        typer.echo(f"speckit-graph: note: {note}", err=True)
    write_output(result.text, output)
