"""Human output of ``diff``: one section per kind of change, plain or coloured for a terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.markup import escape as rich_escape

from speckit_graph.core.findings import Finding, Severity
from speckit_graph.core.model import LinkKind
from speckit_graph.render.escape import terminal
from speckit_graph.render.location import location
from speckit_graph.vcs.changes import GraphDiff, LinkChange

T = TypeVar("T")

#: How a link reads from its source to its target.
LINK_VERBS = {LinkKind.PARENT: "has parent", LinkKind.DEPENDS_ON: "depends on", LinkKind.RELATED: "related to"}
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def link_verb(change: LinkChange) -> str:
    """``depends on``, ``has parent``, ``related to``, or a configured named kind (escaped)."""
    return terminal(change.label) if change.label else LINK_VERBS[change.kind]


def summary(diff: GraphDiff) -> str:
    """``1 added, 2 modified, ...`` (only what happened), or ``no changes``."""
    counts = diff.counts()
    words = [
        ("added", "added", "added"),
        ("removed", "removed", "removed"),
        ("renamed", "renamed", "renamed"),
        ("status_changed", "status change", "status changes"),
        ("modified", "modified", "modified"),
        ("links_added", "link added", "links added"),
        ("links_removed", "link removed", "links removed"),
        ("findings_introduced", "finding introduced", "findings introduced"),
        ("findings_resolved", "finding resolved", "findings resolved"),
    ]
    parts = [f"{counts[key]} {one if counts[key] == 1 else many}" for key, one, many in words if counts[key]]
    return ", ".join(parts) if parts else "no changes"


def side_label(label: str, commit: str | None) -> str:
    return f"{label} ({commit[:10]})" if commit and not commit.startswith(label) else label


def render_diff_text(diff: GraphDiff, prefix: str = "", markup: bool = False) -> str:
    """The text report; ``markup`` (a terminal) adds rich colour markup, escaped user strings always."""

    def esc(text: str) -> str:
        text = terminal(text)
        return rich_escape(text) if markup else text

    def style(text: str, name: str) -> str:
        return f"[{name}]{text}[/{name}]" if markup else text

    def where(path: str) -> str:
        return esc(f"{prefix.rstrip('/')}/{path}" if prefix not in ("", ".") else path)

    def spec_line(spec_id: str, path: str, title: str, status: str | None) -> str:
        status_text = f"  [{status}]" if status else ""
        title_text = f"  {title}" if title else ""
        return f"{style(esc(spec_id), 'bold')}  {where(path)}{esc(title_text)}{esc(status_text)}"

    lines = [
        f"Graph diff {esc(side_label(diff.before.label, diff.before.commit))} -> "
        f"{esc(side_label(diff.after.label, diff.after.commit))}"
        f"{' in ' + esc(prefix) if prefix not in ('', '.') else ''}: "
        f"{diff.before.specs} -> {diff.after.specs} specs; {summary(diff)}."
    ]

    def section(title: str, items: Sequence[T], render: Callable[[T], str]) -> None:
        if items:
            lines.append("")
            lines.append(style(f"{title} ({len(items)})", "bold underline"))
            lines.extend(f"  {render(item)}" for item in items)

    section("Specs added", diff.added, lambda s: f"{style('+', 'green')} {spec_line(s.id, s.path, s.title, s.status)}")
    section("Specs removed", diff.removed, lambda s: f"{style('-', 'red')} {spec_line(s.id, s.path, s.title, s.status)}")
    section("Specs moved", diff.renamed, lambda r: f"> {style(esc(r.id), 'bold')}  {where(r.old_path)} -> {where(r.new_path)}")
    section(
        "Status changes",
        diff.status,
        lambda c: f"* {style(esc(c.id), 'bold')}  {esc(c.before or '(none)')} -> {esc(c.after or '(none)')}",
    )
    section(
        "Specs modified",
        diff.modified,
        lambda m: (
            f"~ {style(esc(m.id), 'bold')}  "
            + esc(", ".join([*(["body"] if m.body else []), *m.fields]))
            + ("" if m.substantive else style("  (bookkeeping only)", "dim"))
        ),
    )

    def link_line(sign: str, colour: str) -> Callable[[LinkChange], str]:
        return lambda change: (
            f"{style(sign, colour)} {esc(change.source)} {link_verb(change)} {esc(change.target)}"
            f"  {style(where(change.path) + (f':{change.line}' if change.line else ''), 'dim')}"
        )

    section("Links added", diff.links_added, link_line("+", "green"))
    section("Links removed", diff.links_removed, link_line("-", "red"))

    def finding_line(sign: str, colour: str) -> Callable[[Finding], str]:
        def render(f: Finding) -> str:
            severity = esc(f"[{f.severity}]")
            code = style(f.code, _SEVERITY_STYLE[f.severity])
            return f"{style(sign, colour)} {esc(location(f, prefix))}: {code} {severity} {esc(f.message)}"

        return render

    section("Findings introduced", diff.introduced, finding_line("+", "red"))
    section("Findings resolved", diff.resolved, finding_line("-", "green"))
    return "\n".join(lines) + "\n"
