"""``speckit-graph graph``: draw the traceability graph as DOT, SVG, Mermaid, GraphML or JSON."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, print_notes, split_list, write_output
from speckit_graph.cli.options import (
    CacheDirOption,
    ConfigOption,
    Direction,
    JobsOption,
    KindsOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    PathArgument,
    TagOption,
    at_least,
    complete_directions,
    list_option,
    load_options,
    output_format_for,
    parse_kinds,
    root_option,
    suffixes_for,
)
from speckit_graph.core.errors import UsageError
from speckit_graph.render.registry import DEFAULT_MAX_NODES, DEFAULT_TIMEOUT


class GraphFormat(str, enum.Enum):
    dot = "dot"
    svg = "svg"
    mermaid = "mermaid"
    graphml = "graphml"
    json = "json"


class Cluster(str, enum.Enum):
    parent = "parent"
    category = "category"
    none = "none"


class Collapse(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


SUFFIXES = suffixes_for(GraphFormat)


OutputFormatOption = Annotated[
    Optional[GraphFormat],
    typer.Option("--format", "-f", help="Output format \\[default: from the -o suffix, else dot]."),
]
DepthOption = Annotated[
    Optional[int],
    typer.Option("--depth", "-d", metavar="N", callback=at_least(0), help="With --root: at most N links away \\[default: all]."),
]
DirectionOption = Annotated[
    Optional[Direction],
    typer.Option(
        "--direction",
        autocompletion=complete_directions,
        help="With --root: what it needs (deps), what needs it (dependents), or both \\[default: both].",
    ),
]
ReduceOption = Annotated[bool, typer.Option("--reduce", help="Hide dependency links implied by others (transitive reduction).")]
CollapseOption = Annotated[
    Optional[Collapse],
    typer.Option(
        "--collapse",
        help="One node per top-level parent: auto (above --max-nodes), always, never "
        "\\[default: auto for pictures, never for graphml and json].",
    ),
]
MaxNodesOption = Annotated[
    int,
    typer.Option("--max-nodes", metavar="N", callback=at_least(2), help="Collapse pictures with more nodes than this."),
]
EngineOption = Annotated[
    str,
    typer.Option("--engine", metavar="NAME", help="Graphviz layout: auto (dot when small, sfdp when big), dot, sfdp, neato..."),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout", metavar="SECONDS", callback=at_least(0), help="Give up on an SVG layout after SECONDS (0 waits forever)."
    ),
]
LinkBaseOption = Annotated[
    Optional[str],
    typer.Option("--link-base", metavar="URL", help="Prefix for node links \\[default: relative path from the output to PATH]."),
]


@error_boundary
def graph_command(
    path: PathArgument = Path("."),
    output_format: OutputFormatOption = None,
    output: OutputOption = None,
    root: Annotated[Optional[list[str]], root_option("Draw only what is linked to this spec")] = None,
    depth: DepthOption = None,
    direction: DirectionOption = None,
    kinds: KindsOption = None,
    status: Annotated[Optional[list[str]], list_option("--status", "STATUS", "Only specs with these statuses")] = None,
    spec_type: Annotated[Optional[list[str]], list_option("--type", "TYPE", "Only specs of these types")] = None,
    tag: TagOption = None,
    cluster: Annotated[Cluster, typer.Option("--cluster", help="Box specs by parent hierarchy or by category.")] = Cluster.none,
    reduce: ReduceOption = False,
    collapse: CollapseOption = None,
    max_nodes: MaxNodesOption = DEFAULT_MAX_NODES,
    engine: EngineOption = "auto",
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    no_legend: Annotated[bool, typer.Option("--no-legend", help="Leave the legend out.")] = False,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="A caption above the diagram.")] = None,
    link_base: LinkBaseOption = None,
    with_code: Annotated[
        bool,
        typer.Option(
            "--with-code", help="Add the code and test files that mention the drawn specs (\\[trace], else src/, tests/...)."
        ),
    ] = False,
    code_threshold: Annotated[
        int,
        typer.Option(
            "--code-threshold", metavar="N", callback=at_least(1), help="With --with-code: above N files, one node per folder."
        ),
    ] = 50,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Draw the traceability graph; focus with --root, filter, cluster, and let big graphs collapse."""
    from speckit_graph.cli.progress import LoadProgress, on_terminal
    from speckit_graph.cli.progress import status as working_on
    from speckit_graph.render.registry import GRAPH_RENDERERS, RenderContext
    from speckit_graph.usecases.diagram import GraphRequest, ViewOptions, default_collapse, run_graph

    fmt = output_format_for(output, output_format, SUFFIXES, GraphFormat.dot, any_suffix=False)
    if not root and (depth is not None or direction is not None):
        raise UsageError("--depth and --direction need --root (the spec to start from)")
    roots = tuple(dict.fromkeys(split_list(root) or []))
    options = ViewOptions(
        roots=roots,
        depth=depth,
        direction=(direction or Direction.both).value,
        kinds=parse_kinds(kinds),
        statuses=frozenset(split_list(status) or ()),
        types=frozenset(split_list(spec_type) or ()),
        tags=frozenset(split_list(tag) or ()),
        cluster=cluster.value,
        reduce=reduce,
        collapse=collapse.value if collapse is not None else default_collapse(fmt.value),
        max_nodes=max_nodes,
        with_code=with_code,
        code_threshold=code_threshold,
    )
    context = RenderContext(
        path=path, output=output, link_base=link_base, engine=engine, timeout=timeout or None, legend=not no_legend, title=title
    )
    with LoadProgress(enabled=on_terminal()) as progress:
        outcome = run_graph(GraphRequest(load_options(path, config_file, jobs, cache_dir, no_cache), options), progress)
    with working_on("laying out the diagram" if fmt is GraphFormat.svg else "drawing the diagram"):
        text = GRAPH_RENDERERS[fmt.value](outcome, context)
    print_notes((*outcome.notes, *context.notes))
    write_output(text, output)
