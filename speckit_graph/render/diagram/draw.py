"""Drawing a slice of the graph in one format: view, layout engine, Mermaid's size limits.

Every diagram goes through here: the ``graph`` command and the diagrams other commands
embed (``diff``, ``impact``, the HTML report). Problems (cycles, orphans) come from the
configured rules, so a picture marks what ``check`` reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from speckit_graph.check import analysis
from speckit_graph.check.selection import effective_severities
from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import require_ids
from speckit_graph.render.diagram.code import with_code
from speckit_graph.render.diagram.dot import DotOptions, render_dot
from speckit_graph.render.diagram.mermaid import MAX_EDGES as MERMAID_MAX_EDGES
from speckit_graph.render.diagram.mermaid import MAX_TEXT_SIZE as MERMAID_MAX_TEXT
from speckit_graph.render.diagram.mermaid import edge_count as mermaid_edge_count
from speckit_graph.render.diagram.mermaid import render_mermaid
from speckit_graph.render.diagram.model import (
    DEFAULT_TIMEOUT,
    ClusterMode,
    CollapseMode,
    DiagramProblems,
    DiagramView,
    ViewOptions,
)
from speckit_graph.render.diagram.svg import ENGINES, render_svg
from speckit_graph.render.diagram.view import build_view
from speckit_graph.render.escape import unicode_safe

DIAGRAM_FORMATS: tuple[str, ...] = ("dot", "svg", "mermaid", "graphml", "json")
#: Above this many nodes ``dot`` takes tens of seconds to minutes; ``sfdp`` stays in seconds.
DOT_ENGINE_LIMIT = 400
_PROBLEM_RULES = ("SG201", "SG202", "SG203")


@dataclass(frozen=True)
class Diagram:
    """A rendered diagram plus what the user should know about it (collapsing, size warnings)."""

    text: str
    format: str
    view: DiagramView
    engine: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Drawing:
    """How to draw: the same for every format (each ignores what it has no use for)."""

    engine: str = "auto"
    timeout: float | None = DEFAULT_TIMEOUT
    legend: bool = True
    link_base: str = ""
    title: str | None = None


def diagram_problems(graph: SpecGraph, config: Config | None = None) -> DiagramProblems:
    """Cycle edges and orphans as ``check`` reports them, honouring the configuration's rule choices.

    Every edge inside a strongly connected component of one kind lies on some cycle, so the
    whole component is marked, not just the one example cycle a finding quotes.
    """
    config = config if config is not None else Config()
    enabled = effective_severities(config)
    select = [code for code in _PROBLEM_RULES if code in enabled]
    if not select:
        return DiagramProblems()
    result = analysis.check(graph, config, select=select)
    flagged: dict[LinkKind, set[str]] = {LinkKind.DEPENDS_ON: set(), LinkKind.PARENT: set()}
    orphans: set[str] = set()
    for finding in result.findings:
        if finding.spec is None:
            continue
        if finding.code == "SG203":
            orphans.add(finding.spec)
        else:
            kind = LinkKind.DEPENDS_ON if finding.code == "SG201" else LinkKind.PARENT
            flagged[kind].add(finding.spec)
    cycle_edges: set[tuple[str, str, LinkKind]] = set()
    for kind, members in flagged.items():
        if not members:
            continue
        view = graph.neighbours(kind)
        for component in graph.cycle_components(kind):
            if members.isdisjoint(component):
                continue
            inside = set(component)
            for source in component:
                cycle_edges.update((source, target, kind) for target in view.successors(source) if target in inside)
    return DiagramProblems(cycle_edges=frozenset(cycle_edges), orphans=frozenset(orphans))


def choose_engine(view: DiagramView, engine: str = "auto") -> str:
    """``dot`` for pictures it lays out in seconds, ``sfdp`` beyond, unless the caller chose."""
    if engine != "auto":
        return engine
    return "dot" if len(view.nodes) <= DOT_ENGINE_LIMIT else "sfdp"


def default_collapse(fmt: str) -> CollapseMode:
    """Pictures collapse when big; data formats (GraphML, JSON) keep every spec unless asked."""
    return "never" if fmt in ("graphml", "json") else "auto"


def render_view(view: DiagramView, fmt: str, drawing: Drawing = Drawing()) -> Diagram:
    """Draw an already built view in one format (``svg`` runs Graphviz, the others are pure text)."""
    if fmt not in DIAGRAM_FORMATS:
        raise UsageError(f"unknown diagram format {fmt!r} (known: {', '.join(DIAGRAM_FORMATS)})")
    chosen = choose_engine(view, drawing.engine)
    if chosen not in ENGINES:
        raise UsageError(f"unknown layout engine {chosen!r} (known: auto, {', '.join(ENGINES)})")
    notes = list(view.notes)
    if drawing.engine == "auto" and chosen != "dot" and fmt in ("dot", "svg"):
        notes.append(f"laid out with {chosen}: {len(view.nodes):,} nodes are too many for dot to finish quickly")
    if fmt in ("dot", "svg"):
        options = DotOptions(engine=chosen, legend=drawing.legend, link_base=drawing.link_base, title=drawing.title)
        text = render_dot(view, options)
        if fmt == "svg":
            text = render_svg(text, chosen, timeout=drawing.timeout)
    elif fmt == "mermaid":
        text = render_mermaid(view, legend=drawing.legend, title=drawing.title)
    elif fmt == "graphml":
        from speckit_graph.render.diagram.graphml import render_graphml  # networkx: only for these two

        text = render_graphml(view)
    else:
        from speckit_graph.render.diagram.graphml import render_json as render_graph_json

        text = render_graph_json(view)
    text = unicode_safe(text)  # a lone surrogate (from a YAML escape) cannot be written as UTF-8
    return Diagram(text=text, format=fmt, view=view, engine=chosen, notes=tuple(notes))


def draw(
    graph: SpecGraph,
    config: Config,
    fmt: str,
    options: ViewOptions,
    problems: DiagramProblems,
    drawing: Drawing = Drawing(),
) -> Diagram:
    """Render the view ``options`` select, and keep Mermaid within its limits.

    Mermaid refuses text above 50,000 characters or 500 edges by default; when the view may
    collapse, it is collapsed further until it fits, else a note says why GitHub won't draw it.
    """
    view = _view(graph, config, options, problems)
    result = render_view(view, fmt, drawing)
    if fmt != "mermaid":
        return result
    max_nodes = options.max_nodes
    plain = Drawing(legend=drawing.legend, title=drawing.title)
    while _mermaid_too_big(result) and options.collapse == "auto" and max_nodes > 8:
        max_nodes = max(8, max_nodes // 2)
        view = _view(graph, config, replace(options, max_nodes=max_nodes, collapse="always"), problems)
        result = render_view(view, fmt, plain)
    if _mermaid_too_big(result):
        result = replace(
            result,
            notes=(
                *result.notes,
                f"the Mermaid text has {len(result.text):,} characters and"
                f" {mermaid_edge_count(view, drawing.legend):,} links,"
                f" above Mermaid's defaults ({MERMAID_MAX_TEXT:,} characters, {MERMAID_MAX_EDGES} links):"
                " GitHub will not draw it; focus with --root, filter, or allow --collapse auto",
            ),
        )
    return result


def _view(graph: SpecGraph, config: Config, options: ViewOptions, problems: DiagramProblems) -> DiagramView:
    """The view ``options`` select; with ``with_code`` and a traced graph, its code and test files too."""
    view = build_view(graph, options, problems, config.vocabulary)
    if options.with_code and graph.trace is not None:
        view = with_code(view, graph.trace, options.code_threshold)
    return view


def _mermaid_too_big(result: Diagram) -> bool:
    return len(result.text) > MERMAID_MAX_TEXT or mermaid_edge_count(result.view) > MERMAID_MAX_EDGES


def render_diagram(
    graph: SpecGraph,
    config: Config | None,
    ids: Iterable[str],
    fmt: str = "svg",
    *,
    highlight: Iterable[str] = (),
    kinds: Iterable[LinkKind] = tuple(LinkKind),
    cluster: ClusterMode = "none",
    collapse: CollapseMode = "never",
    legend: bool = True,
    link_base: str = "",
    title: str | None = None,
    engine: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
) -> str:
    """A diagram of exactly ``ids`` (and the links among them), for other commands to embed.

    ``highlight`` ids get a thick violet outline. Dangling links from these specs show as
    missing nodes; cycle edges are red. Raises UsageError for ids that no spec has, and
    RenderError subclasses (RendererNotFound, RenderTimeout) for ``svg``.
    """
    config = config if config is not None else Config()
    wanted = frozenset(ids)
    marked = frozenset(highlight)
    require_ids(sorted(marked), graph.specs_by_id, "highlight")
    require_ids(sorted(wanted), graph.specs_by_id)
    options = ViewOptions(only=wanted, highlight=marked, kinds=frozenset(kinds), cluster=cluster, collapse=collapse)
    view = build_view(graph, options, diagram_problems(graph, config), config.vocabulary)
    drawing = Drawing(engine=engine, timeout=timeout, legend=legend, link_base=link_base, title=title)
    return render_view(view, fmt, drawing).text
