"""Arbitrary strings as spec ids, titles, statuses and file paths, through every output format.

The attack (issue 14, items 2, 8 and 16): a name or value carrying control characters, bidi
overrides, lone surrogates (undecodable file names), a newline followed by a GitHub workflow
command, a Mermaid ``%%{init}%%`` directive or terminal escape sequences. The safe outcome:
text outputs (plain text, Markdown, HTML, DOT, Mermaid, workflow commands) hold no C0/C1
control character but newline and tab, no bidi override, no lone surrogate, no line a GitHub
runner would read as a command, and Mermaid no ``%%`` of the user's; structured outputs
(JSON, SARIF, GraphML, JUnit) parse and still carry the value. Everything is built in memory
so a few hundred examples run in seconds.
"""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from speckit_graph.check import analysis
from speckit_graph.config.model import Config
from speckit_graph.core.findings import CheckResult, Finding, Severity
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.render import registry
from speckit_graph.render.diagram.model import ViewOptions
from speckit_graph.render.escape import unicode_safe, visible_text, xml_text
from speckit_graph.usecases.diagram import diagram
from speckit_graph.usecases.report import build_order, impact, readiness_report, resolve_scope
from speckit_graph.usecases.tree import spec_tree
from speckit_graph.vcs.changes import RevisionComparison, Side, compare
from tests.check.builders import graph as build_graph
from tests.check.builders import spec

ATTACKS = [
    "x\n::error file=README.md,line=1::forged\n",
    "::stop-commands::tok",
    " \u3000::warning::indented",
    "##[error]v1 command",
    "a ##[add-mask]secret",
    "%%{init: {'theme': 'dark', 'securityLevel': 'loose'}}%%",
    "%% comment",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[31mred\r\x07",
    "rtl\u202eevil\u2066iso\u2069",
    "bad\udcffname",
    "lone\ud800high",
    "\x85nel\x9bcsi",
    "tab\tand\r\nCRLF",
]

# Any character, surrogates included (undecodable file names reach us as lone surrogates).
characters = st.characters(exclude_categories=())
hostile = st.one_of(
    st.sampled_from(ATTACKS),
    st.text(characters, min_size=1, max_size=24),
    st.tuples(st.sampled_from(ATTACKS), st.text(characters, max_size=8)).map("".join),
)

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
MERMAID_OWN_COMMENT = re.compile(r"^  %% \d+ more specs of the change are not drawn \(limit \d+\)$")
GITHUB_LINE = re.compile(r"^::(error|warning|notice) [^\n]*::|^Checked ")


@dataclass(frozen=True)
class World:
    """The values under attack and everything rendered from them."""

    spec_id: str
    title: str
    status: str
    path: str
    graph: SpecGraph
    config: Config
    result: CheckResult


def build(spec_id: str, title: str, status: str, path: str) -> World:
    hostile_spec = spec(spec_id, path=path, title=title, type="user_story", status=status, parent="spec-epic-001")
    epic = spec("spec-epic-001", title="Epic", type="epic", status="draft")
    child = spec("spec-b-001", title=title, type="user_story", status="draft", dependencies=[spec_id, "x" + spec_id])
    graph = build_graph(epic, hostile_spec, child)
    config = Config()
    result = analysis.check(graph, config)
    direct = Finding(
        "SG101", "dangling-reference", Severity.ERROR, f"names {spec_id!r}: {title}", path, 3, 1, spec_id, (status,), "f" * 16
    )
    result = dataclasses.replace(result, findings=(*result.findings, direct))
    return World(spec_id, title, status, path, graph, config, result)


def outputs(world: World) -> Iterator[tuple[str, str]]:
    """(name, text) for every format of every command that shows these values."""
    ctx = registry.RenderContext(link_base="")
    for fmt, render in registry.CHECK_RENDERERS.items():
        yield f"check {fmt}", render(world.result, ctx)
    yield "check summary", registry.github_step_summary(world.result, ctx)
    for fmt in ("dot", "mermaid", "graphml", "json"):
        yield f"graph {fmt}", diagram(world.graph, world.config, fmt, ViewOptions(), link_base="").text
    tree = spec_tree(world.graph, world.spec_id)
    yield "tree text", registry.TREE_RENDERERS["text"](_Tree(tree, world.config), ctx)
    affected = impact(world.graph, world.spec_id)
    for fmt in ("text", "json", "dot", "mermaid"):
        yield f"impact {fmt}", registry.IMPACT_RENDERERS[fmt](_Impact(affected, world.graph, world.config), ctx)
    scope = resolve_scope(world.graph, world.config)
    order = build_order(world.graph, world.config, scope)
    for fmt in ("text", "md", "json"):
        yield f"order {fmt}", registry.ORDER_RENDERERS[fmt](order, ctx)
    report = readiness_report(world.graph, world.config, scope)
    for fmt in ("md", "json"):
        yield f"report {fmt}", registry.render_report(report, fmt)
    yield "report html", registry.render_report(report, "html")  # no graph: no SVG (tests/render/test_hostile_names.py)
    comparison = _comparison(world)
    for fmt in ("text", "md", "json", "mermaid", "dot"):
        yield f"diff {fmt}", registry.DIFF_RENDERERS[fmt](comparison, ctx)


@dataclass(frozen=True)
class _Tree:
    tree: Any
    config: Config


@dataclass(frozen=True)
class _Impact:
    impact: Any
    graph: SpecGraph
    config: Config


def _comparison(world: World) -> RevisionComparison:
    """Before: only the epic. After: the world. Every hostile value is added, linked or found."""
    before = build_graph(spec("spec-epic-001", title="Epic", type="epic", status="draft"))
    before_result = analysis.check(before, world.config)
    diff = compare(before, world.graph, before_result, world.result, Side("::base", None, 1), Side(world.title, None, 3))
    return RevisionComparison(diff=diff, before=before, after=world.graph, config=world.config)


def assert_text_safe(name: str, text: str) -> None:
    bad = CONTROL.search(text)
    assert bad is None, f"{name}: {bad.group()!r} survives in {text[max(0, bad.start() - 40) : bad.end() + 40]!r}"
    for line in text.split("\n"):
        if name == "check github" and GITHUB_LINE.match(line):
            continue  # the format's own commands; their data is percent-encoded (tests/render/test_github.py)
        assert not line.lstrip().startswith("::"), f"{name}: a line a runner reads as a command: {line!r}"
        assert "##[" not in line, f"{name}: a v1 workflow command: {line!r}"
    mermaid = text if "mermaid" in name else "\n".join(re.findall(r"```mermaid\n(.*?)```", text, re.DOTALL))
    for line in mermaid.split("\n"):
        assert "%%" not in line or MERMAID_OWN_COMMENT.match(line), f"{name}: Mermaid directive or comment: {line!r}"


def strings(value: Any) -> Iterator[str]:
    """Every string anywhere in a parsed JSON document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def xml_strings(text: str) -> Iterator[str]:
    for element in ET.fromstring(text.encode("utf-8")).iter():
        yield element.text or ""
        yield element.tail or ""
        yield from element.attrib.values()


STRUCTURED: dict[str, Callable[[str], Iterator[str]]] = {
    "check json": lambda text: strings(json.loads(text)),
    "check sarif": lambda text: strings(json.loads(text)),
    "check junit": xml_strings,
    "graph json": lambda text: strings(json.loads(text)),
    "graph graphml": xml_strings,
    "impact json": lambda text: strings(json.loads(text)),
    "order json": lambda text: strings(json.loads(text)),
    "report json": lambda text: strings(json.loads(text)),
    "diff json": lambda text: strings(json.loads(text)),
}


def check_world(spec_id: str, title: str, status: str, path: str) -> None:
    world = build(spec_id, title, status, path)
    for name, text in outputs(world):
        assert not re.search("[\ud800-\udfff]", text), f"{name}: a lone surrogate cannot be printed"
        parse = STRUCTURED.get(name)
        if parse is None:
            assert_text_safe(name, text)
            continue
        found = list(parse(text))  # parses
        # the id round-trips: as the UTF-8-safe escape of an undecodable name, in XML as the visible escape
        xml = xml_text(spec_id).replace("\r\n", "\n").replace("\r", "\n")  # XML parsers normalise line ends
        wanted = {spec_id, unicode_safe(spec_id), xml, visible_text(spec_id)}
        assert any(w in s for s in found for w in wanted), f"{name}: {spec_id!r} lost"


SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(spec_id=hostile, title=hostile, status=hostile, path=hostile.map(lambda p: p + ".md"))
@example(spec_id=ATTACKS[0], title=ATTACKS[5], status=ATTACKS[3], path=ATTACKS[0] + ".md")
@example(spec_id=ATTACKS[1], title=ATTACKS[7], status=ATTACKS[9], path="::stop.md")
@example(spec_id=ATTACKS[2], title=ATTACKS[10], status=ATTACKS[6], path="bad\udcff.md")
def test_no_format_lets_a_hostile_string_through(spec_id: str, title: str, status: str, path: str) -> None:
    check_world(spec_id, title, status, path)
