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
from typing import TYPE_CHECKING, Protocol

from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult, Severity
from speckit_graph.render.diagram.defaults import DEFAULT_MAX_NODES, DEFAULT_TIMEOUT
from speckit_graph.render.escape import terminal
from speckit_graph.render.fixes import fix_summary, render_unified_diff  # light: difflib only
from speckit_graph.render.location import display_root, link_base_for

if TYPE_CHECKING:  # the renderers themselves are imported by the function that calls them (start-up time)
    from speckit_graph.config.model import Config
    from speckit_graph.graph.specgraph import SpecGraph
    from speckit_graph.graph.tree import SpecTree
    from speckit_graph.init.propose import Proposal
    from speckit_graph.render.diagram.model import DiagramProblems, ViewOptions
    from speckit_graph.report.impact import Impact
    from speckit_graph.report.order import BuildOrder
    from speckit_graph.report.readiness import ReadinessReport
    from speckit_graph.trace.matrix import Matrix, SpecFiles
    from speckit_graph.vcs.changes import RevisionComparison

#: Rows per Markdown report table (``render.report.render_md`` keeps the same value).
DEFAULT_LIMIT = 50

__all__ = [
    "fix_summary",
    "render_unified_diff",
    "CHECK_RENDERERS",
    "DIFF_RENDERERS",
    "GRAPH_RENDERERS",
    "IMPACT_RENDERERS",
    "INIT_RENDERERS",
    "MATRIX_RENDERERS",
    "ORDER_RENDERERS",
    "REPORT_RENDERERS",
    "TREE_RENDERERS",
    "DEFAULT_LIMIT",
    "DEFAULT_MAX_NODES",
    "DEFAULT_TIMEOUT",
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


def _tree_files(data: TreeData) -> SpecFiles | None:
    """``files`` (``[trace]``: the spec's code and test files) when the outcome has them; optional for callers."""
    return getattr(data, "files", None)


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


def _check_text(result: CheckResult, ctx: RenderContext) -> str:
    from speckit_graph.render.findings.check_text import render_text

    return render_text(result, prefix=ctx.prefix, markup=ctx.markup)


def _check_json(result: CheckResult, ctx: RenderContext) -> str:
    from speckit_graph.render.findings.check_json import render_json

    return render_json(result, ctx.prefix)


def _check_sarif(result: CheckResult, ctx: RenderContext) -> str:
    from speckit_graph.check.rules import all_rules
    from speckit_graph.render.findings.sarif import render_sarif

    return render_sarif(result, (*all_rules(), *result.project_rules), ctx.root, ctx.version)


def _check_github(result: CheckResult, ctx: RenderContext) -> str:
    from speckit_graph.render.findings.github import render_github

    return render_github(result, ctx.root)


def _check_junit(result: CheckResult, ctx: RenderContext) -> str:
    from speckit_graph.check.rules import all_rules
    from speckit_graph.render.findings.junit import render_junit

    return render_junit(result, (*all_rules(), *result.project_rules), ctx.root, ctx.fail_on)


CHECK_RENDERERS: dict[str, Callable[[CheckResult, RenderContext], str]] = {
    "text": _check_text,
    "json": _check_json,
    "sarif": _check_sarif,
    "github": _check_github,
    "junit": _check_junit,
}


def github_step_summary(result: CheckResult, ctx: RenderContext) -> str:
    """The Markdown job summary GitHub Actions shows next to the annotations."""
    from speckit_graph.render.findings.github import step_summary

    return step_summary(result, ctx.root, ctx.fail_on)


# ---------------------------------------------------------------------------------------
# diff


def _diff_renderer(fmt: str) -> Callable[[RevisionComparison, RenderContext], str]:
    def render(c: RevisionComparison, ctx: RenderContext) -> str:
        if fmt == "text":
            from speckit_graph.render.diff.diff_text import render_diff_text

            return render_diff_text(c.diff, prefix=ctx.prefix, markup=ctx.markup)
        if fmt == "json":
            from speckit_graph.render.diff.diff_json import render_diff_json

            return render_diff_json(c.diff, ctx.prefix)
        if fmt == "md":
            from speckit_graph.render.diff.diff_markdown import render_diff_markdown

            return render_diff_markdown(c.diff, ctx.root, limit=ctx.limit or 0)
        if fmt == "mermaid":
            from speckit_graph.render.diff.diff_mermaid import render_diff_mermaid

            return render_diff_mermaid(c.diff)
        from speckit_graph.render.diagram.embed import diff_diagram

        return diff_diagram(c, fmt, link_base=ctx.links)

    return render


DIFF_RENDERERS: dict[str, Callable[[RevisionComparison, RenderContext], str]] = {
    fmt: _diff_renderer(fmt) for fmt in ("text", "json", "md", "mermaid", "dot", "svg")
}


# ---------------------------------------------------------------------------------------
# graph


def _graph_renderer(fmt: str) -> Callable[[GraphData, RenderContext], str]:
    def render(data: GraphData, ctx: RenderContext) -> str:
        from speckit_graph.render.diagram.draw import Drawing, draw

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


def _impact_renderer(fmt: str) -> Callable[[ImpactData, RenderContext], str]:
    def render(data: ImpactData, ctx: RenderContext) -> str:
        if fmt == "text":
            from speckit_graph.render.report.render_text import render_impact_text

            return render_impact_text(data.impact)
        if fmt == "json":
            from speckit_graph.render.report.render_json import render_impact_json

            return render_impact_json(data.impact, ctx.prefix)
        from speckit_graph.render.diagram.embed import impact_diagram

        return impact_diagram(data.graph, data.config, data.impact, fmt, ctx.links)

    return render


IMPACT_RENDERERS: dict[str, Callable[[ImpactData, RenderContext], str]] = {
    fmt: _impact_renderer(fmt) for fmt in ("text", "json", "dot", "mermaid", "svg")
}


def _order_renderer(fmt: str) -> Callable[[BuildOrder, RenderContext], str]:
    def render(order: BuildOrder, ctx: RenderContext) -> str:
        if fmt == "text":
            from speckit_graph.render.report.render_text import render_order_text

            return render_order_text(order)
        if fmt == "md":
            from speckit_graph.render.report.render_md import render_order_md

            return render_order_md(order, ctx.limit)
        from speckit_graph.render.report.render_json import render_order_json

        return render_order_json(order)

    return render


ORDER_RENDERERS: dict[str, Callable[[BuildOrder, RenderContext], str]] = {
    fmt: _order_renderer(fmt) for fmt in ("text", "md", "json")
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
        from speckit_graph.render.report.render_md import render_report_md

        return render_report_md(report, limit)
    if output_format == "json":
        from speckit_graph.render.report.render_json import render_report_json

        return render_report_json(report)
    if output_format == "html":
        from speckit_graph.render.diagram.embed import report_diagram
        from speckit_graph.render.report.render_html import render_report_html

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


def _tree_text(data: TreeData, ctx: RenderContext) -> str:
    from speckit_graph.render.tree_text import render_tree_text

    return render_tree_text(data.tree, _tree_files(data))


def _rich_tree(data: TreeData, ctx: RenderContext) -> str:
    """The coloured tree exactly as a terminal console prints it (ANSI codes included)."""
    from rich.console import Console
    from rich.markup import escape as rich_escape

    from speckit_graph.render.tree_text import render_files_text, render_tree_rich

    console = Console(highlight=False, soft_wrap=True)
    with console.capture() as capture:
        console.print(render_tree_rich(data.tree, data.config.vocabulary))
        files = _tree_files(data)
        if files is not None:
            console.print(rich_escape("\n".join(render_files_text(files))))
    return capture.get()


TREE_RENDERERS: dict[str, Callable[[TreeData, RenderContext], str]] = {
    "text": _tree_text,
    "rich": _rich_tree,
}


def _init_report(data: InitData, ctx: RenderContext) -> str:
    from speckit_graph.render.init_report import render_report as render_init_report

    return render_init_report(data.proposal, data.check, data.links_resolved, markup=ctx.markup)


INIT_RENDERERS: dict[str, Callable[[InitData, RenderContext], str]] = {
    "report": _init_report,
    "toml": lambda data, ctx: data.toml,
}

# ---------------------------------------------------------------------------------------
# matrix: text formats return str, the workbook returns bytes (the CLI writes it to a file)


def _matrix_md(matrix: Matrix, ctx: RenderContext) -> str:
    from speckit_graph.render.matrix.tables import render_matrix_md

    return render_matrix_md(matrix)


def _matrix_csv(matrix: Matrix, ctx: RenderContext) -> str:
    from speckit_graph.render.matrix.tables import render_matrix_csv

    return render_matrix_csv(matrix)


def _matrix_json(matrix: Matrix, ctx: RenderContext) -> str:
    from speckit_graph.render.matrix.tables import render_matrix_json

    return render_matrix_json(matrix)


def _matrix_html(matrix: Matrix, ctx: RenderContext) -> str:
    from speckit_graph.render.matrix.page import render_matrix_html

    return render_matrix_html(matrix)


def _matrix_xlsx(matrix: Matrix, ctx: RenderContext) -> bytes:
    from speckit_graph.render.matrix.sheet import render_matrix_xlsx  # openpyxl: only for this format

    return render_matrix_xlsx(matrix)


MATRIX_RENDERERS: dict[str, Callable[[Matrix, RenderContext], str | bytes]] = {
    "md": _matrix_md,
    "csv": _matrix_csv,
    "json": _matrix_json,
    "html": _matrix_html,
    "xlsx": _matrix_xlsx,
}
