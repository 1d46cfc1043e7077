"""A self-contained HTML release-readiness page: one file, inline CSS, no script, no request.

A Content-Security-Policy meta tag forbids scripts and every remote load, so even a hostile
string that slipped past escaping could neither run nor phone home; every user string is
still escaped with :func:`speckit_graph.render.escape.html_text`. The layout is a single
column that reads on a phone (wide tables scroll inside their own box).

The scope's diagram is optional: ``render.diagram.embed`` draws it (blockers highlighted) when an SVG
renderer is available and passes the SVG text in; otherwise ``diagram_note`` says why not.
"""

from __future__ import annotations

import re

from speckit_graph.render.escape import html_text as h
from speckit_graph.render.report.html_table import Row, Stylesheet, table
from speckit_graph.render.report.numbers import hours, hours_label, percent, plural
from speckit_graph.render.report.render_md import scope_summary, target_label
from speckit_graph.report.readiness import ReadinessReport

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
ARROW = " \u2192 "
_SVG_PROLOGUE = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*)*", re.DOTALL)

_CSS = """
:root{--fg:#1b1f24;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--soft:#f6f8fa;--ok:#1a7f37;--okbg:#dafbe1;
--bad:#cf222e;--badbg:#ffebe9;--warn:#9a6700;--bar:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;
--soft:#151b23;--ok:#3fb950;--okbg:#12261e;--bad:#f85149;--badbg:#25171c;--warn:#d29922;--bar:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;-webkit-text-size-adjust:100%}
main{max-width:1400px;margin:0 auto;padding:16px}
h1{font-size:1.6em;margin:0}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);
padding-bottom:.2em}h3{font-size:1em;margin:1em 0 .4em}
.verdict{border:2px solid;border-radius:8px;padding:14px 16px;margin:0 0 12px}
.verdict.ready{border-color:var(--ok);background:var(--okbg)}.verdict.not-ready{border-color:var(--bad);
background:var(--badbg)}.verdict .word{font-weight:800;letter-spacing:.02em}
.ready .word{color:var(--ok)}.not-ready .word{color:var(--bad)}
.meta{color:var(--muted);font-size:.9em;margin:.3em 0 0;overflow-wrap:anywhere}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 12px;background:var(--soft)}
.card b{display:block;font-size:1.4em}.card span{color:var(--muted);font-size:.85em}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}td.word{overflow-wrap:normal}
th{background:var(--soft);white-space:nowrap}tr:last-child td{border-bottom:0}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere;
min-width:9em}
tr.blocker td.id{color:var(--bad);font-weight:600}
.bar{height:8px;background:var(--line);border-radius:4px;overflow:hidden;min-width:60px}
.bar i{display:block;height:100%;background:var(--bar)}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn)}
.note{color:var(--muted);border-left:3px solid var(--line);padding:4px 10px;margin:8px 0}
.diagram{overflow:auto;max-height:85vh;border:1px solid var(--line);border-radius:6px;background:#fff;padding:8px;margin:0}
.diagram svg{display:block;max-width:none}
.blocker-id{color:var(--bad);font-weight:600}
ol.path li,ul.plain li{margin:.2em 0;overflow-wrap:anywhere}
footer{color:var(--muted);font-size:.8em;margin:2em 0 1em}
@media (max-width:700px){body{font-size:14px}main{padding:10px}h1{font-size:1.3em}th,td{padding:5px 6px}
table.stack thead{display:none}table.stack tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}
table.stack tr:last-child{border-bottom:0}table.stack td{display:flex;gap:10px;border:0;padding:2px 10px;
text-align:left;white-space:normal}
table.stack td::before{flex:0 0 7.5em;font:600 14px/1.5 system-ui,sans-serif;color:var(--muted)}
table.stack td.id{min-width:0}}
"""

#: Rows per table: a page of 10,000 specs stays a few MB; the rest is named, and complete in ``--format json``.
ROW_LIMIT = 2000

BLOCKER_HEADERS = (("#", "n"), ("Spec", ""), ("Title", ""), ("Status", ""), ("Priority", ""), ("Author", ""),
                   ("Waiting", "n"), ("Blocks directly", ""), ("Why", ""))  # fmt: skip
FINDING_HEADERS = (("Severity", ""), ("Code", ""), ("Spec", ""), ("Location", ""), ("Message", ""))
SPEC_HEADERS = (("Spec", ""), ("Title", ""), ("Type", ""), ("Status", ""), ("Priority", ""), ("Author", ""),
                ("Est. h", "n"), ("Actual h", "n"), ("In scope as", ""))  # fmt: skip


def _opt(value: str | None) -> str:
    return h(value) if value else "\u2014"


def _bar(value: float | None) -> str:
    width = 0.0 if value is None else max(0.0, min(100.0, value))
    return f'<div class="bar" role="img" aria-label="{percent(value)}"><i style="width:{width:.1f}%"></i></div>'


def embeddable_svg(svg: str) -> str:
    """Drop the XML prologue, doctype and leading comments so the SVG can sit inside HTML."""
    return _SVG_PROLOGUE.sub("", svg, count=1).strip()


def render_report_html(report: ReadinessReport, diagram: str | None = None, diagram_note: str | None = None) -> str:
    """The whole page, section by section; the head comes last, once the tables have added their styles."""
    styles = Stylesheet(_CSS)
    body = _verdict_html(report)
    body += _blockers_html(report, styles)
    body += _diagram_html(diagram, diagram_note)
    body += _progress_html(report)
    body += _critical_path_html(report)
    body += _cycles_and_deprecated_html(report)
    body += _findings_html(report, styles)
    body += _specs_html(report, styles)
    body.append("<footer>Generated by speckit-graph.</footer>")
    body += ["</main>", "</body>", "</html>", ""]
    return "\n".join(_head_html(report, styles.css()) + body)


def _head_html(report: ReadinessReport, css: str) -> list[str]:
    """The document head, its stylesheet and the opening of the body."""
    title = f"{report.verdict}: {report.scope.label}"
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="speckit-graph">',
        f"<title>{h(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]


def _verdict_html(report: ReadinessReport) -> list[str]:
    """The verdict and the summary cards."""
    progress, effort = report.progress, report.effort
    state = "ready" if report.ready else "not-ready"
    out: list[str] = [
        f'<section id="verdict" class="verdict {state}">',
        f'<h1><span class="word">{h(report.verdict)}</span>: {h(report.scope.label)}</h1>',
        f'<p class="meta">Target <b>{h(target_label(report))}</b> \u00b7 {h(scope_summary(report.scope))} \u00b7 '
        f"repository <b>{h(report.root)}</b> \u00b7 as of {report.date.isoformat()}</p>",
    ]
    if report.scope.description:
        out.append(f'<p class="meta">{h(report.scope.description)}</p>')
    out.append("</section>")
    out.append('<div class="cards">')
    out += [
        f'<div class="card"><b>{len(report.blockers)}</b><span>{"blocker" if len(report.blockers) == 1 else "blockers"}'
        "</span></div>",
        f'<div class="card"><b>{progress.reached}/{progress.specs}</b><span>live specs {h(report.target)} '
        f"({percent(progress.percent)})</span></div>",
        f'<div class="card"><b>{hours(effort.remaining)} h</b><span>remaining of {hours(effort.estimated)} h '
        "estimated</span></div>",
        f'<div class="card"><b>{len(report.findings)}</b><span>findings in scope</span></div>',
    ]
    if report.coverage is not None:  # [trace]: how much is implemented in code and verified by tests
        found = report.coverage
        out += [
            f'<div class="card"><b>{found.implemented}/{found.specs}</b><span>implemented in code '
            f"({percent(found.implemented_percent)})</span></div>",
            f'<div class="card"><b>{found.verified}/{found.specs}</b><span>verified by tests '
            f"({percent(found.verified_percent)})</span></div>",
        ]
    out.append("</div>")
    if report.file_errors:
        out.append(
            f'<p class="note">{h(plural(len(report.file_errors), "file-level error"))} (see Findings) '
            f"also {'blocks' if len(report.file_errors) == 1 else 'block'} the repository.</p>"
        )
    return out


def _blockers_html(report: ReadinessReport, styles: Stylesheet) -> list[str]:
    """What keeps the scope from being ready, ranked, and why."""
    out: list[str] = []
    out.append('<section id="blockers-section"><h2>Blockers</h2>')
    if report.blockers:
        rows: list[Row] = []
        for rank, blocker in enumerate(report.blockers, 1):
            row = report.row(blocker.id)
            why = "; ".join(h(f"{r.code} {r.message}" if r.code else r.message) for r in blocker.reasons)
            blocks = ", ".join(h(b) for b in blocker.blocks) or "\u2014"
            rows.append(
                (
                    "",
                    [
                        (str(rank), "n"),
                        (h(blocker.id), "id"),
                        (h(row.title), ""),
                        (_opt(row.status), "word"),
                        (_opt(row.priority), "word"),
                        (_opt(row.author), ""),
                        (str(blocker.waiting), "n"),
                        (blocks, ""),
                        (why, ""),
                    ],
                )
            )
        out.append(
            table(
                "blockers",
                BLOCKER_HEADERS,
                rows,
                what="blockers",
                limit=ROW_LIMIT,
                stack=styles,
                foldable={"Status", "Priority", "Author", "Waiting", "Blocks directly"},
            )
        )
        out.append(
            '<p class="meta"><i>Waiting</i> counts the specs in scope that depend on the blocker, directly or transitively.</p>'
        )
    else:
        out.append('<p id="no-blockers">None: every spec in scope has reached the target.</p>')
    out.append("</section>")
    return out


def _diagram_html(diagram: str | None, diagram_note: str | None) -> list[str]:
    """The scope's diagram, or why there is none."""
    out: list[str] = []
    out.append('<section id="diagram-section"><h2>Diagram</h2>')
    if diagram:
        out.append(f'<figure class="diagram" id="diagram">{embeddable_svg(diagram)}</figure>')
        out.append(
            '<p class="meta">Drawn at full size so its text stays readable: scroll inside the box to see all of it. '
            "Blockers have a thick violet outline; each spec links to its file.</p>"
        )
    else:
        out.append(f'<p class="note" id="diagram-note">{h(diagram_note or "No diagram was rendered.")}</p>')
    out.append("</section>")
    return out


def _progress_html(report: ReadinessReport) -> list[str]:
    """Specs and hours done with bars, then the status and priority distributions."""
    progress, effort = report.progress, report.effort
    out: list[str] = []
    out.append('<section id="progress"><h2>Progress</h2>')
    out.append(
        table(
            "progress-table",
            [("", ""), ("Done", "n"), ("Total", "n"), ("%", "n"), ("", "")],
            [
                (
                    "",
                    [
                        (f"Specs {h(report.target)}", ""),
                        (str(progress.reached), "n"),
                        (str(progress.specs), "n"),
                        (percent(progress.percent), "n"),
                        (_bar(progress.percent), ""),
                    ],
                ),
                (
                    "",
                    [
                        ("Estimated hours", ""),
                        (hours(effort.completed), "n"),
                        (hours(effort.estimated), "n"),
                        (percent(effort.percent), "n"),
                        (_bar(effort.percent), ""),
                    ],
                ),
            ],  # fmt: skip
        )
    )
    out.append(
        f'<p class="meta">Actual hours so far: {hours(effort.actual)} \u00b7 remaining estimate: '
        f"{hours(effort.remaining)} h \u00b7 live specs without an estimate: {effort.unestimated} "
        f"({effort.unestimated_unfinished} unfinished) \u00b7 deprecated: {progress.deprecated}</p>"
    )
    total = max(len(report.specs), 1)
    for heading, counts, table_id in (
        ("By status", report.status_counts, "status-table"),
        ("By priority", report.priority_counts, "priority-table"),
    ):
        out.append(f"<h3>{heading}</h3>")
        out.append(
            table(
                table_id,
                [(heading.split()[-1].capitalize(), ""), ("Specs", "n"), ("", "")],
                [("", [(h(name), ""), (str(n), "n"), (_bar(100.0 * n / total), "")]) for name, n in counts],
            )
        )
    out.append("</section>")
    return out


def _critical_path_html(report: ReadinessReport) -> list[str]:
    """The heaviest chain of unfinished dependencies, in build order."""
    path = report.critical_path
    out: list[str] = []
    out.append('<section id="critical-path"><h2>Critical path</h2>')
    if path.ids:
        out.append(
            f"<p>The longest chain of unfinished dependencies by estimatedEffort: <b>{hours(path.estimated)} h</b> "
            f"estimated, {hours(path.remaining)} h remaining, in build order:</p>"
        )
        items = []
        for spec_id in path.ids:
            row = report.row(spec_id)
            items.append(
                f'<li><span class="id">{h(spec_id)}</span> ({_opt(row.status)}, {hours_label(row.estimated)}) '
                f"\u2014 {h(row.title)}</li>"
            )
        out.append(f'<ol class="path">{"".join(items)}</ol>')
        if path.unestimated:
            out.append(f'<p class="meta">Without an estimate (counted as 0 h): {", ".join(h(s) for s in path.unestimated)}</p>')
    else:
        out.append("<p>No unfinished work outside dependency cycles.</p>")
    if path.excluded:
        out.append(
            f'<p class="note">Left out because they sit on dependency cycles: {", ".join(h(s) for s in path.excluded)}</p>'
        )
    out.append("</section>")
    return out


def _cycles_and_deprecated_html(report: ReadinessReport) -> list[str]:
    """Dependency cycles (when there are any) and the deprecated specs listed in scope."""
    out: list[str] = []
    if report.cycles:
        out.append('<section id="cycles"><h2>Dependency cycles</h2><ul class="plain">')
        out += [f"<li>{ARROW.join(h(s) for s in (*cycle, cycle[0]))}</li>" for cycle in report.cycles]
        out.append("</ul></section>")

    out.append('<section id="deprecated"><h2>Deprecated specs in scope</h2>')
    if report.deprecated:
        out.append('<ul class="plain">')
        out += [f"<li><b>{h(s)}</b> \u2014 {h(report.row(s).title)} (listed, not a blocker)</li>" for s in report.deprecated]
        out.append("</ul>")
    else:
        out.append("<p>None.</p>")
    out.append("</section>")
    return out


def _findings_html(report: ReadinessReport, styles: Stylesheet) -> list[str]:
    """The check findings that concern the scope."""
    out: list[str] = []
    out.append('<section id="findings"><h2>Findings in scope</h2>')
    if report.findings:
        out.append(
            '<p class="meta" id="findings-legend">Most severe first, then by file: '
            '<span class="sev-error">error</span> (blocks), <span class="sev-warning">warning</span>, info.</p>'
        )
        finding_rows: list[Row] = [
            (
                "",
                [
                    (h(f.severity.value), f"word sev-{f.severity.value}"),
                    (h(f.code), "word"),
                    (_opt(f.spec), "id"),
                    (h(f"{f.path}:{f.line}" if f.path and f.line else (f.path or "")), ""),
                    (h(f.message), ""),
                ],
            )
            for f in report.findings[:ROW_LIMIT]
        ]
        out.append(
            table(
                "findings-table",
                FINDING_HEADERS,
                finding_rows,
                what="findings",
                limit=ROW_LIMIT,
                total=len(report.findings),
                stack=styles,
                foldable={"Severity", "Code", "Spec"},
            )
        )
    else:
        out.append("<p>None.</p>")
    out.append("</section>")
    return out


def _specs_html(report: ReadinessReport, styles: Stylesheet) -> list[str]:
    """Every spec in scope; blockers are marked."""
    out: list[str] = []
    blocking = {b.id for b in report.blockers}
    out.append(f'<section id="specs"><h2>Specs in scope ({len(report.specs):,})</h2>')
    out.append(
        '<p class="meta" id="specs-legend">Ids in <span class="blocker-id">red</span> are blockers; '
        f"\u2713 after a status: the spec has reached {h(report.target)}.</p>"
    )
    spec_rows: list[Row] = [
        (
            "blocker" if row.id in blocking else "",
            [
                (h(row.id), "id"),
                (h(row.title), ""),
                (_opt(row.type), "word"),
                (_opt(row.status) + (" \u2713" if row.reached else ""), "word"),
                (_opt(row.priority), "word"),
                (_opt(row.author), ""),
                (hours(row.estimated), "n"),
                (hours(row.actual), "n"),
                (h(row.via.value), "word"),
            ],
        )
        for row in report.specs[:ROW_LIMIT]
    ]
    out.append(
        table(
            "specs-table",
            SPEC_HEADERS,
            spec_rows,
            what="specs",
            limit=ROW_LIMIT,
            total=len(report.specs),
            stack=styles,
            foldable={"Type", "Status", "Priority", "Author", "Est. h", "Actual h", "In scope as"},
        )
    )
    out.append("</section>")
    return out
