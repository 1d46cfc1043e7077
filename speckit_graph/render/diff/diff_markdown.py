"""``diff --format md``: a summary fit for a pull-request comment, every user string escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from speckit_graph.core.findings import Finding
from speckit_graph.render.diff.diff_mermaid import render_diff_mermaid
from speckit_graph.render.diff.diff_text import LINK_VERBS, side_label, summary
from speckit_graph.render.escape import markdown
from speckit_graph.vcs.changes import GraphDiff, LinkChange

T = TypeVar("T")

#: The diagram is embedded only while GitHub can still draw and a reader can still follow it.
DIAGRAM_MAX_NODES = 40


def render_diff_markdown(diff: GraphDiff, root: str = "", limit: int = 50, diagram: bool = True) -> str:
    """Sections of at most ``limit`` entries each (0: no limit), a counts table, and the changed
    neighbourhood as a Mermaid diagram when it is small enough."""
    md = markdown
    where = f" in {md(root)}" if root not in ("", ".") else ""
    out = [
        f"### Spec graph changes: {md(side_label(diff.before.label, diff.before.commit))} → "
        f"{md(side_label(diff.after.label, diff.after.commit))}{where}",
        "",
    ]
    if diff.empty:
        out.append(f"No spec, link or finding changed ({diff.after.specs} specs).")
        return "\n".join(out) + "\n"
    out.append(f"{diff.before.specs} → {diff.after.specs} specs: {md(summary(diff))}.")
    out.append("")
    out.append("| change | count |")
    out.append("|---|---:|")
    for key, value in diff.counts().items():
        if value:
            out.append(f"| {key.replace('_', ' ')} | {value} |")

    def path(p: str) -> str:
        return md(f"{root.rstrip('/')}/{p}" if root not in ("", ".") else p)

    def section(title: str, items: Sequence[T], render: Callable[[T], str]) -> None:
        if not items:
            return
        out.extend(["", f"#### {title} ({len(items)})", ""])
        shown = items if limit <= 0 else items[:limit]
        out.extend(f"- {render(item)}" for item in shown)
        if len(items) > len(shown):
            out.append(f"- … and {len(items) - len(shown)} more (`--limit 0` lists all)")

    def status(value: str | None) -> str:
        return md(value) if value else "*none*"

    section("Specs added", diff.added, lambda s: f"**{md(s.id)}** {md(s.title)} ({status(s.status)}), {path(s.path)}")
    section("Specs removed", diff.removed, lambda s: f"**{md(s.id)}** {md(s.title)} ({status(s.status)}), {path(s.path)}")
    section("Specs moved", diff.renamed, lambda r: f"**{md(r.id)}**: {path(r.old_path)} → {path(r.new_path)}")
    section("Status changes", diff.status, lambda c: f"**{md(c.id)}**: {status(c.before)} → {status(c.after)}")
    section(
        "Specs modified",
        diff.modified,
        lambda m: (
            f"**{md(m.id)}**: {md(', '.join([*(['body'] if m.body else []), *m.fields]))}"
            + ("" if m.substantive else " *(bookkeeping only)*")
        ),
    )

    def link(change: LinkChange) -> str:
        verb = md(change.label) if change.label else LINK_VERBS[change.kind]
        return f"{md(change.source)} {verb} {md(change.target)}"

    section("Links added", diff.links_added, link)
    section("Links removed", diff.links_removed, link)

    def finding(f: Finding) -> str:
        location = f"{f.path}:{f.line}" if f.path and f.line else (f.path or "")
        return f"`{f.code}` {f.severity.value}: {md(f.message)}" + (f" ({path(location)})" if location else "")

    section("Findings introduced", diff.introduced, finding)
    section("Findings resolved", diff.resolved, finding)
    if diagram and diff.nodes:
        out.append("")
        if len(diff.nodes) <= DIAGRAM_MAX_NODES:
            out.extend(["<details><summary>Changed neighbourhood</summary>", "", "```mermaid"])
            out.append(render_diff_mermaid(diff).rstrip("\n"))
            out.extend(["```", "", "</details>"])
        else:
            out.append(
                f"*{len(diff.nodes)} specs changed or touch a changed link: too many to draw here "
                "(`speckit-graph diff --format mermaid` draws them).*"
            )
    return "\n".join(out) + "\n"
