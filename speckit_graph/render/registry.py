"""Which renderer draws which output: one mapping from format name to renderer per command.

Every renderer of a command has the same signature, ``(data, RenderContext) -> str``, so the
CLI picks one by the ``--format`` value and never imports a renderer module. The data is
a result type from below this layer (``CheckResult``, ``BuildOrder``...) or, where a
renderer needs the graph too, any object with the attributes a ``*Data`` protocol names
(the use cases' outcomes have them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rich.console import Console

from speckit_graph.check.rules import all_rules
from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult, Severity
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.tree import SpecTree
from speckit_graph.init.propose import Proposal
from speckit_graph.render.diagram.draw import DEFAULT_TIMEOUT, Drawing, draw
from speckit_graph.render.diagram.embed import diff_diagram, impact_diagram, report_diagram
from speckit_graph.render.diagram.model import DiagramProblems, ViewOptions
from speckit_graph.render.diff.diff_json import render_diff_json
from speckit_graph.render.diff.diff_markdown import render_diff_markdown
from speckit_graph.render.diff.diff_mermaid import render_diff_mermaid
from speckit_graph.render.diff.diff_text import render_diff_text
from speckit_graph.render.escape import terminal
from speckit_graph.render.findings.check_json import render_json
from speckit_graph.render.findings.check_text import render_text
from speckit_graph.render.findings.github import render_github, step_summary
from speckit_graph.render.findings.junit import render_junit
from speckit_graph.render.findings.sarif import render_sarif
from speckit_graph.render.fixes import fix_summary, render_unified_diff
from speckit_graph.render.init_report import render_report as render_init_report
from speckit_graph.render.location import display_root, link_base_for
from speckit_graph.render.report.render_html import render_report_html
from speckit_graph.render.report.render_json import render_impact_json, render_order_json, render_report_json
from speckit_graph.render.report.render_md import DEFAULT_LIMIT, render_order_md, render_report_md
from speckit_graph.render.report.render_text import render_impact_text, render_order_text
from speckit_graph.render.tree_text import render_tree_rich, render_tree_text
from speckit_graph.report.impact import Impact
from speckit_graph.report.order import BuildOrder
from speckit_graph.report.readiness import ReadinessReport
from speckit_graph.vcs.changes import RevisionComparison

__all__ = [
    "fix_summary",
    "render_unified_diff",
    "CHECK_RENDERERS",
    "DIFF_RENDERERS",
    "GRAPH_RENDERERS",
    "IMPACT_RENDERERS",
    "INIT_RENDERERS",
    "ORDER_RENDERERS",
    "REPORT_RENDERERS",
    "TREE_RENDERERS",
    "RenderContext",
    "error_text",
    "github_step_summary",
    "render_report",
]


@dataclass(frozen=True)
class RenderContext:
    """Where the output goes and how it should look; each renderer reads what it needs.

    ``path`` is the folder as the user named it (prefix of locations), ``output`` the file
    written (None: stdout), ``link_base`` None means relative from ``output`` to ``path``.
    Renderers append what the user should know about the drawing (collapsing, sizes) to
    ``notes``.
    """

    path: Path = Path(".")
    output: Path | None = None
    markup: bool = False
    limit: int | None = None
    fail_on: Severity = Severity.ERROR
    version: str = ""
    link_base: str | None = None
    engine: str = "auto"
    timeout: float | None = DEFAULT_TIMEOUT
    legend: bool = True
    title: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return self.path.as_posix()

    @property
    def root(self) -> str:
        return display_root(self.path)

    @property
    def links(self) -> str:
        return self.link_base if self.link_base is not None else link_base_for(self.path, self.output)


class GraphData(Protocol):
    """What the ``graph`` command draws: the spec graph, the chosen view and the marked problems."""

    @property
    def graph(self) -> SpecGraph: ...
    @property
    def config(self) -> Config: ...
    @property
    def options(self) -> ViewOptions: ...
    @property
    def problems(self) -> DiagramProblems: ...


class ImpactData(Protocol):
    @property
    def impact(self) -> Impact: ...
    @property
    def graph(self) -> SpecGraph: ...
    @property
    def config(self) -> Config: ...


class ReportData(Protocol):
    @property
    def report(self) -> ReadinessReport: ...
    @property
    def graph(self) -> SpecGraph: ...
    @property
    def config(self) -> Config: ...


class TreeData(Protocol):
    @property
    def tree(self) -> SpecTree: ...
    @property
    def config(self) -> Config: ...


class InitData(Protocol):
    @property
    def proposal(self) -> Proposal: ...
    @property
    def toml(self) -> str: ...
    @property
    def check(self) -> CheckResult: ...
    @property
    def links_resolved(self) -> int: ...


def error_text(message: str) -> str:
    """An error message as a terminal may show it: user text cannot smuggle control sequences."""
    return "\n".join(terminal(line) for line in message.split("\n"))


# ---------------------------------------------------------------------------------------
# check

CHECK_RENDERERS: dict[str, Callable[[CheckResult, RenderContext], str]] = {
    "text": lambda result, ctx: render_text(result, prefix=ctx.prefix, markup=ctx.markup),
    "json": lambda result, ctx: render_json(result, ctx.prefix),
    "sarif": lambda result, ctx: render_sarif(result, (*all_rules(), *result.project_rules), ctx.root, ctx.version),
    "github": lambda result, ctx: render_github(result, ctx.root),
    "junit": lambda result, ctx: render_junit(result, (*all_rules(), *result.project_rules), ctx.root, ctx.fail_on),
}


def github_step_summary(result: CheckResult, ctx: RenderContext) -> str:
    """The Markdown job summary GitHub Actions shows next to the annotations."""
    return step_summary(result, ctx.root, ctx.fail_on)


# ---------------------------------------------------------------------------------------
# diff

DIFF_RENDERERS: dict[str, Callable[[RevisionComparison, RenderContext], str]] = {
    "text": lambda c, ctx: render_diff_text(c.diff, prefix=ctx.prefix, markup=ctx.markup),
    "json": lambda c, ctx: render_diff_json(c.diff, ctx.prefix),
    "md": lambda c, ctx: render_diff_markdown(c.diff, ctx.root, limit=ctx.limit or 0),
    "mermaid": lambda c, ctx: render_diff_mermaid(c.diff),
    "dot": lambda c, ctx: diff_diagram(c, "dot", link_base=ctx.links),
    "svg": lambda c, ctx: diff_diagram(c, "svg", link_base=ctx.links),
}


# ---------------------------------------------------------------------------------------
# graph


def _graph_renderer(fmt: str) -> Callable[[GraphData, RenderContext], str]:
    def render(data: GraphData, ctx: RenderContext) -> str:
        drawing = Drawing(engine=ctx.engine, timeout=ctx.timeout, legend=ctx.legend, link_base=ctx.links, title=ctx.title)
        diagram = draw(data.graph, data.config, fmt, data.options, data.problems, drawing)
        ctx.notes.extend(diagram.notes)
        return diagram.text

    return render


GRAPH_RENDERERS: dict[str, Callable[[GraphData, RenderContext], str]] = {
    fmt: _graph_renderer(fmt) for fmt in ("dot", "svg", "mermaid", "graphml", "json")
}


# ---------------------------------------------------------------------------------------
# impact, order, report


def _impact_diagram(fmt: str) -> Callable[[ImpactData, RenderContext], str]:
    return lambda data, ctx: impact_diagram(data.graph, data.config, data.impact, fmt, ctx.links)


IMPACT_RENDERERS: dict[str, Callable[[ImpactData, RenderContext], str]] = {
    "text": lambda data, ctx: render_impact_text(data.impact),
    "json": lambda data, ctx: render_impact_json(data.impact, ctx.prefix),
    **{fmt: _impact_diagram(fmt) for fmt in ("dot", "mermaid", "svg")},
}

ORDER_RENDERERS: dict[str, Callable[[BuildOrder, RenderContext], str]] = {
    "text": lambda order, ctx: render_order_text(order),
    "md": lambda order, ctx: render_order_md(order, ctx.limit),
    "json": lambda order, ctx: render_order_json(order),
}


def render_report(
    report: ReadinessReport,
    output_format: str,
    graph: SpecGraph | None = None,
    config: Config | None = None,
    limit: int | None = DEFAULT_LIMIT,
    output: Path | None = None,
) -> str:
    """The report as ``md`` (tables capped at ``limit`` rows), ``html`` (the scope's diagram
    embedded when Graphviz can draw it; ``output`` makes its links relative to the file) or ``json``."""
    if output_format == "md":
        return render_report_md(report, limit)
    if output_format == "json":
        return render_report_json(report)
    if output_format == "html":
        link_base = link_base_for(Path(graph.root), output) if graph is not None else ""
        diagram, note = report_diagram(report, graph, config, link_base)
        return render_report_html(report, diagram, note)
    raise UsageError(f"unknown report format {output_format!r} (expected md, html or json)")


def _report_renderer(fmt: str) -> Callable[[ReportData, RenderContext], str]:
    return lambda data, ctx: render_report(data.report, fmt, data.graph, data.config, ctx.limit, ctx.output)


REPORT_RENDERERS: dict[str, Callable[[ReportData, RenderContext], str]] = {
    fmt: _report_renderer(fmt) for fmt in ("md", "html", "json")
}


# ---------------------------------------------------------------------------------------
# tree, init


def _rich_tree(data: TreeData, ctx: RenderContext) -> str:
    """The coloured tree exactly as a terminal console prints it (ANSI codes included)."""
    console = Console(highlight=False, soft_wrap=True)
    with console.capture() as capture:
        console.print(render_tree_rich(data.tree, data.config.vocabulary))
    return capture.get()


TREE_RENDERERS: dict[str, Callable[[TreeData, RenderContext], str]] = {
    "text": lambda data, ctx: render_tree_text(data.tree),
    "rich": _rich_tree,
}

INIT_RENDERERS: dict[str, Callable[[InitData, RenderContext], str]] = {
    "report": lambda data, ctx: render_init_report(data.proposal, data.check, data.links_resolved, markup=ctx.markup),
    "toml": lambda data, ctx: data.toml,
}
