"""The diagrams other commands embed: a change (``diff``), an impact, a report's scope."""

from __future__ import annotations

from speckit_graph.config.model import Config
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.render.diagram.draw import render_diagram
from speckit_graph.render.diagram.svg import RendererNotFound, RenderError
from speckit_graph.report.impact import Impact
from speckit_graph.report.readiness import ReadinessReport
from speckit_graph.vcs.changes import RevisionComparison

#: Above this many specs a scope's diagram is left out of the HTML report (unreadable, slow).
MAX_DIAGRAM_SPECS = 400


def diff_diagram(comparison: RevisionComparison, fmt: str, link_base: str = "") -> str:
    """The changed neighbourhood as the ``graph`` exporter draws it (``dot``, ``svg``, ``mermaid``).

    It draws the newer side: added and changed specs are highlighted, specs linked from
    them are shown for context; removed specs and links exist only on the older side and
    are left to the text (``render_diff_mermaid`` draws both sides).
    """
    diff = comparison.diff
    after = comparison.after
    shown = [node.id for node in diff.nodes if node.id in after]
    marked = [node.id for node in diff.nodes if node.state in ("added", "changed") and node.id in after]
    title = f"{diff.before.label} -> {diff.after.label}: {len(marked)} specs added or changed"
    return render_diagram(after, comparison.config, shown, fmt, highlight=marked, title=title, link_base=link_base)


def impact_diagram(graph: SpecGraph, config: Config | None, result: Impact, fmt: str, link_base: str = "") -> str:
    """The changed spec (highlighted) and everything it affects, as ``dot``, ``mermaid`` or ``svg``."""
    return render_diagram(graph, config, [result.id, *result.ids], fmt, highlight=[result.id], link_base=link_base)


def report_diagram(
    report: ReadinessReport, graph: SpecGraph | None, config: Config | None = None, link_base: str = ""
) -> tuple[str | None, str | None]:
    """The scope's diagram as SVG with the blockers highlighted, or (None, why there is none)."""
    if graph is None:
        return None, "No diagram: the report was rendered without its graph."
    if len(report.specs) > MAX_DIAGRAM_SPECS:
        return None, (
            f"No diagram: the scope holds {len(report.specs):,} specs, more than the {MAX_DIAGRAM_SPECS} "
            "a readable diagram can show. Narrow it with --root, --tag or --release, or draw it with "
            "speckit-graph graph."
        )
    try:
        svg = render_diagram(
            graph,
            config,
            [row.id for row in report.specs],
            "svg",
            highlight=[blocker.id for blocker in report.blockers],
            link_base=link_base,
        )
    except RendererNotFound:
        return None, (
            "No diagram: drawing it needs Graphviz, and none was found. Install it so that dot is on PATH "
            "(apt-get install graphviz, brew install graphviz) or pip install 'speckit-graph[svg]', then "
            "run the report again."
        )
    except RenderError as exc:
        return None, f"No diagram: Graphviz could not draw this scope ({exc})."
    return svg, None
