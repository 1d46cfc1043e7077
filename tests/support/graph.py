"""Helpers shared by the graph tests: tiny repositories, CLI runs (in-process), DOT decoding."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, overload

import pydot

from tests.support.cli import run_cli as run_cli  # re-exported: the graph tests import it from here

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "graph"

#: Ids that break naive DOT/Mermaid/SVG writers: keywords, quotes, backslashes, entities,
#: control characters, bidi overrides, non-ASCII, a 300-character id.
HOSTILE_IDS = [
    "node",
    "graph",
    "strict",
    "subgraph",
    "edge",
    "end",
    "o1",
    "x--y",
    "classDef",
    'a"b',
    "a\\b",
    "ends-with-backslash\\",
    "<script>&amp;",
    "&D;",
    "ünï-cødé-日本",
    "1.5",
    "-",
    "a;b",
    "a b",
    "%%",
    "@k0123456789abcdef",
    "new\nline",
    "bidi\u202eevil",
    "bell\x07ctl",
    "A" * 300,
]
#: Titles with everything a label escaper must survive, including 500 characters.
HOSTILE_TITLES = [
    'He said "hi" \\N \\n \\G \\l',
    "R&D; Q&A &amp; &#60; &lt;",
    "<b>bold</b> <br/> <img src=x onerror=alert(1)>",
    "#quot; #35; `code` |pipe| [x] {y} (z)",
    "x" * 500,
    "line1\nline2\r\nline3\ttab",
    "emoji 🚀 日本語 עברית",
    "a --> b ==> c -.- d end",
    "\u202edesrever",
    "ctl\x07bell\x1b[31mred",
    "%%{init: {'theme': 'dark'}}%%",
    'click a "javascript:alert(1)"',
]

#: Status/type/category values that end up in legends, class names and cluster labels.
HOSTILE_STATUSES = ["draft", 'odd"status<&>', "back\\slash", "end", "new\nline", "ünï", "%%", "approved"]


def write_spec(root: Path, name: str, fields: Mapping[str, Any]) -> Path:
    """One spec file; JSON is valid YAML flow syntax, so any string survives the round trip."""
    path = root / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + json.dumps(dict(fields), ensure_ascii=False) + "\n---\n\nBody.\n", encoding="utf-8")
    return path


def write_repo(root: Path, specs: Iterable[Mapping[str, Any]]) -> Path:
    """Specs given as field mappings; missing type/status/title get harmless defaults."""
    root.mkdir(parents=True, exist_ok=True)
    for index, fields in enumerate(specs):
        data = {"title": f"Title {index}", "type": "functional_requirement", "status": "draft", **fields}
        write_spec(root, f"spec{index:03d}", data)
    return root


def invoke(*args: str) -> tuple[int, str, str]:
    """The command in-process (tests/support/cli.py): exit code, stdout, stderr."""
    run = run_cli(*args)
    return run.code, run.stdout, run.stderr


_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


@overload
def dot_value(raw: str) -> str: ...
@overload
def dot_value(raw: None) -> None: ...
def dot_value(raw: str | None) -> str | None:
    """Undo speckit-graph's DOT string escaping: quotes, backslashes, ``\\n`` breaks, ``&#38;``."""
    if raw is None:
        return None
    if raw.startswith('"') and raw.endswith('"'):
        raw = raw[1:-1]
    text = _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), raw)
    return text.replace("&#38;", "&")


def parse_dot(text: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs, "pydot could not parse the DOT text"
    return graphs[0]


def graph_attributes(text: str) -> dict[str, str]:
    """The top-level attribute statements of a DOT graph, parsed by pydot without its nodes.

    pydot's parser needs seconds per hundred nodes; tests about graph-wide settings of a big
    picture parse only its head (every line before the first node, edge or subgraph).
    """
    head = []
    for line in text.splitlines():
        if line.startswith(('"', "subgraph", "}")):
            break
        head.append(line)
    graph = parse_dot("\n".join([*head, "}"]))
    return {key: dot_value(value) or "" for key, value in graph.get_attributes().items()}


def all_nodes(graph: Any) -> list[Any]:
    """Nodes of the graph and of every subgraph, default-attribute statements left out."""
    found = [n for n in graph.get_nodes() if n.get_name() not in ("node", "edge", "graph")]
    for sub in graph.get_subgraphs():
        found.extend(all_nodes(sub))
    return found


def all_edges(graph: Any) -> list[Any]:
    found = list(graph.get_edges())
    for sub in graph.get_subgraphs():
        found.extend(all_edges(sub))
    return found


def spec_nodes(graph: Any) -> dict[str, Any]:
    """Drawn nodes that are not legend entries, by the id on the first line of their tooltip."""
    result = {}
    for node in all_nodes(graph):
        if dot_value(node.get_name()).startswith("@legend"):
            continue
        tooltip = dot_value(node.get("tooltip")) or ""
        label = dot_value(node.get("label")) or ""
        if label.startswith("missing\n"):
            result["missing:" + label.split("\n", 1)[1]] = node
        else:
            result[tooltip.split("\n")[0].split(": ")[0]] = node
    return result


def styles(node_or_edge: Any) -> set[str]:
    return set((dot_value(node_or_edge.get("style")) or "").split(",")) - {""}


def subgraph(graph: Any, name: str) -> Any:
    for sub in graph.get_subgraphs():
        if dot_value(sub.get_name()) == name:
            return sub
        inner = subgraph(sub, name)
        if inner is not None:
            return inner
    return None
