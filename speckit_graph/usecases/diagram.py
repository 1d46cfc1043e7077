"""``graph``: check what the user asked to draw against the graph, then hand it to a diagram renderer."""

from __future__ import annotations

from dataclasses import dataclass, field

from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import Suggester, did_you_mean, require_ids
from speckit_graph.load.parallel import Progress
from speckit_graph.render.diagram.draw import (
    DEFAULT_TIMEOUT,
    Diagram,
    Drawing,
    default_collapse,
    diagram_problems,
    draw,
    render_diagram,
)
from speckit_graph.render.diagram.model import DEFAULT_MAX_NODES, DiagramProblems, DiagramView, ViewOptions
from speckit_graph.render.diagram.view import build_view, spec_tags
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import session
from speckit_graph.usecases.trace import with_trace

__all__ = [
    "DEFAULT_MAX_NODES",
    "DEFAULT_TIMEOUT",
    "Diagram",
    "GraphOutcome",
    "GraphRequest",
    "ViewOptions",
    "default_collapse",
    "diagram",
    "graph_view",
    "render_diagram",
    "run_graph",
]


@dataclass(frozen=True)
class GraphRequest:
    """The repository and the slice of it to draw (``view``: roots, filters, clusters, collapsing)."""

    load: LoadOptions = field(default_factory=LoadOptions)
    view: ViewOptions = field(default_factory=ViewOptions)


@dataclass(frozen=True)
class GraphOutcome(Outcome):
    """A validated drawing request: the graph, the view options and the problems to mark."""

    graph: SpecGraph
    config: Config
    options: ViewOptions
    problems: DiagramProblems


def run_graph(request: GraphRequest, progress: Progress | None = None) -> GraphOutcome:
    """Load the repository and check the view's ids and filter values; drawing is the renderer's job.

    ``progress(done, total)`` is called while files are read.
    """
    with session(request.load, progress=progress) as loader:
        graph = loader.load()
    notes = list(loader.notes)
    if request.view.with_code:
        graph = with_trace(graph, loader.config, request.load, notes, defaults=True)
        if graph.trace is None:
            raise UsageError(
                "--with-code needs [trace], or one of the usual code or test folders (src/, lib/, tests/...) "
                "in the repository: name the code and test files in the configuration (docs/trace.md)"
            )
    problems = diagram_problems(graph, loader.config)
    check_view(graph, request.view)
    return GraphOutcome(graph=graph, config=loader.config, options=request.view, problems=problems, notes=tuple(notes))


def check_view(graph: SpecGraph, options: ViewOptions) -> None:
    """UsageError (exit 2) for a root or id no spec has, or a filter value no spec carries."""
    require_ids(options.roots, graph.specs_by_id, "--root")
    if options.only is not None:
        require_ids(sorted(options.only), graph.specs_by_id)
    checks = (
        ("--status", options.statuses, lambda spec: [spec.status] if spec.status else []),
        ("--type", options.types, lambda spec: [spec.type] if spec.type else []),
        ("--tag", options.tags, spec_tags),
    )
    for flag, wanted, values_of in checks:
        if not wanted:
            continue
        # A filter value no spec has is a typo far more often than a wish for an empty picture.
        present = {value for spec in graph.specs() for value in values_of(spec)}
        for value in sorted(wanted):
            if value not in present:
                hint = did_you_mean(Suggester(present).suggest(value))
                raise UsageError(f"{flag} '{value}': no spec has this value{hint}")


def graph_view(
    graph: SpecGraph,
    config: Config | None = None,
    options: ViewOptions | None = None,
    problems: DiagramProblems | None = None,
) -> DiagramView:
    """The slice of ``graph`` a diagram shows; raises UsageError for unknown ids or filter values."""
    config = config if config is not None else Config()
    options = options if options is not None else ViewOptions()
    check_view(graph, options)
    if problems is None:
        problems = diagram_problems(graph, config)
    return build_view(graph, options, problems, config.vocabulary)


def diagram(
    graph: SpecGraph,
    config: Config | None = None,
    fmt: str = "dot",
    options: ViewOptions | None = None,
    *,
    engine: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    legend: bool = True,
    link_base: str = "",
    title: str | None = None,
) -> Diagram:
    """What ``speckit-graph graph`` draws, for scripts: check the view, then draw it in one format."""
    config = config if config is not None else Config()
    options = options if options is not None else ViewOptions(collapse=default_collapse(fmt))
    problems = diagram_problems(graph, config)
    check_view(graph, options)
    drawing = Drawing(engine=engine, timeout=timeout, legend=legend, link_base=link_base, title=title)
    return draw(graph, config, fmt, options, problems, drawing)
