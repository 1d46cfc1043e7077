"""Mermaid output, checked structurally (and by Mermaid's own parser when one is available)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.render.diagram.mermaid import MAX_EDGES, MAX_TEXT_SIZE
from speckit_graph.render.diagram.model import ViewOptions
from speckit_graph.usecases.diagram import diagram as draw_diagram
from speckit_graph.usecases.load import load, resolve_config
from tests.support.graph import EXAMPLES, GOLDEN, HOSTILE_IDS, HOSTILE_STATUSES, HOSTILE_TITLES, invoke, write_repo
from tests.support.mermaid import assert_mermaid_parses, needs_mermaid

CHECKOUT = EXAMPLES / "checkout"
BROKEN = EXAMPLES / "broken"

_SHAPES = r"(\[\[|\]\]|\(\[|\]\)|\[/|/\]|\{\{|\}\}|\[\(|\)\]|\[\\|\\\]|\[|\]|\(|\))"
NODE = re.compile(
    r'^\s*(?P<id>[A-Za-z0-9_]+)(?P<open>\[\[|\(\[|\[/|\{\{|\[\(|\[\\|\[|\()"(?P<label>[^"]*)"'
    r"(?P<close>\]\]|\]\)|/\]|\}\}|\)\]|\\\]|\]|\))(?::::(?P<cls>\w+))?$"
)
EDGE = re.compile(
    r'^\s*(?P<a>[A-Za-z0-9_]+)(?:\["[^"]*"\])? (?P<arrow>===|-->|-\.-|-\.->)(?:\|"(?P<label>[^"]*)"\|)? '
    r'(?P<b>[A-Za-z0-9_]+)(?:\["[^"]*"\])?$'
)
#: Invisible links between the row subgraphs of the ``without links`` box, written last.
INVISIBLE = re.compile(r"^\s*(?P<a>[A-Za-z0-9_]+) ~~~ (?P<b>[A-Za-z0-9_]+)$")
KEYWORDS = {"end", "graph", "subgraph", "flowchart", "style", "class", "classDef", "click", "linkStyle", "direction"}
PAIRS = {"[[": "]]", "([": "])", "[/": "/]", "{{": "}}", "[(": ")]", "[\\": "\\]", "[": "]", "(": ")"}


def parse(text: str) -> dict[str, Any]:
    """A strict reading of the subset of Mermaid speckit-graph writes; fails on anything else."""
    lines = text.splitlines()
    start = 0
    if lines[0] == "---":
        start = lines.index("---", 1) + 1
    assert lines[start] == "flowchart TB"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    class_defs: set[str] = set()
    classes: dict[str, set[str]] = {}
    depth = 0
    link_styles: list[int] = []
    invisible: list[tuple[str, str]] = []
    subgraphs: set[str] = set()
    for line in lines[start + 1 :]:
        stripped = line.strip()
        if stripped.startswith("subgraph "):
            assert re.fullmatch(r'subgraph \w+ \["[^"]*"\]', stripped), line
            subgraphs.add(stripped.split()[1])
            depth += 1
        elif stripped == "end":
            depth -= 1
            assert depth >= 0
        elif stripped == "direction TB":
            continue
        elif stripped.startswith("classDef "):
            class_defs.add(stripped.split()[1])
        elif stripped.startswith("class "):
            _, ids, name = stripped.split(" ")
            for node_id in ids.split(","):
                classes.setdefault(node_id, set()).add(name)
        elif stripped.startswith("style "):
            assert stripped.split()[1] in subgraphs, line  # only the box and its rows are styled by id
        elif (match := INVISIBLE.match(line)) is not None:
            invisible.append((match["a"], match["b"]))
        elif stripped.startswith("linkStyle "):
            link_styles.extend(int(i) for i in stripped.split()[1].split(","))
        elif (match := NODE.match(line)) is not None:
            assert PAIRS[match["open"]] == match["close"], line
            assert match["id"] not in nodes, f"node defined twice: {match['id']}"
            nodes[match["id"]] = match["label"]
            if match["cls"]:
                classes.setdefault(match["id"], set()).add(match["cls"])
        elif (match := EDGE.match(line)) is not None:
            assert not invisible, "a visible link after an invisible one moves the linkStyle indices"
            edges.append((match["a"], match["arrow"], match["b"]))
        else:
            raise AssertionError(f"unexpected Mermaid line: {line!r}")
    assert depth == 0, "unbalanced subgraph/end"
    for node_id, label in nodes.items():
        assert node_id not in KEYWORDS and not re.match(r"^[ox]", node_id[:1]), node_id
        # only the markup speckit-graph writes itself survives unescaped
        bare = label.replace("<br/>", "").replace("<b>", "").replace("</b>", "")
        assert not set(bare) & set('"<>`'), label
        assert not re.search(r"#(?!\d+;)", bare), label
    defined = set(nodes)
    for a, _arrow, b in edges:
        assert a in defined or a.startswith("legend_"), a
        assert b in defined or b.startswith("legend_"), b
    assert set().union(*classes.values()) <= class_defs if classes else True
    assert all(0 <= i < len(edges) for i in link_styles)
    assert all(a in subgraphs and b in subgraphs for a, b in invisible)
    return {
        "nodes": nodes,
        "edges": edges,
        "classes": classes,
        "link_styles": link_styles,
        "invisible": invisible,
        "subgraphs": subgraphs,
    }


def mermaid_for(path: Path, *args: str) -> str:
    code, out, err = invoke("graph", str(path), "-f", "mermaid", *args)
    assert code == 0, err
    return out


def test_checkout_flowchart_structure() -> None:
    parsed = parse(mermaid_for(CHECKOUT, "--no-legend"))
    nodes = parsed["nodes"]
    assert len(nodes) == 32
    assert nodes["s_spec_epic_checkout_001"].startswith("<b>spec-epic-checkout-001</b><br/>Checkout")
    edges = parsed["edges"]
    # parent links hang down (parent first, thick line), dependencies point at what is needed
    assert ("s_spec_feature_card_payments_001", "===", "s_spec_story_pay_by_card_001") in edges
    assert ("s_spec_story_pay_by_card_001", "-->", "s_spec_api_payment_intents_001") in edges
    assert sum(1 for e in edges if e[1] == "-.-") == 8
    classes = parsed["classes"]
    assert classes["s_spec_ui_legacy_receipt_page_001"] == {"status_deprecated"}
    assert not parsed["link_styles"]  # nothing red in a clean repository


def test_problems_are_red_and_missing_nodes_dashed() -> None:
    parsed = parse(mermaid_for(BROKEN))
    edges = parsed["edges"]
    red = {edges[i] for i in parsed["link_styles"]}
    assert ("s_spec_service_template_engine_001", "-->", "s_spec_service_localization_001") in red
    assert ("s_spec_story_digest_opt_in_001", "-.->", "m_spec_feature_email_digests_001") in red
    assert "missing" in parsed["classes"]["m_spec_feature_email_digests_001"]
    assert "orphan" in parsed["classes"]["s_spec_story_web_push_opt_in_001"]
    assert parsed["nodes"]["m_spec_feature_email_digests_001"] == "missing<br/>spec-feature-email-digests-001"


def test_clusters_are_nested_subgraphs() -> None:
    text = mermaid_for(CHECKOUT, "--cluster", "parent", "--no-legend")
    parse(text)
    assert text.count("subgraph ") == 3 + 7  # three epics, seven features with children
    assert '    subgraph c2 [" "]' in text  # nested one level deeper


def test_legend_subgraph() -> None:
    text = mermaid_for(BROKEN)
    parse(text)
    legend = text[text.index('subgraph legend ["Legend"]') :]
    assert 'legend_s0["status: draft"]:::status_draft' in legend
    assert '-->|"on a cycle"|' in legend and "legend_missing" in legend and "legend_orphan" in legend


@pytest.mark.parametrize("spec_id", HOSTILE_IDS, ids=range(len(HOSTILE_IDS)))
def test_hostile_ids_make_valid_mermaid(tmp_path: Path, spec_id: str) -> None:
    repo = write_repo(
        tmp_path / "r",
        [{"id": spec_id, "dependencies": ["t", spec_id + "x"]}, {"id": "t", "related": [spec_id]}, {"id": spec_id + "_"}],
    )
    parsed = parse(mermaid_for(repo))
    assert len([n for n in parsed["nodes"] if not n.startswith("legend_")]) == 4


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=range(len(HOSTILE_TITLES)))
def test_hostile_titles_make_valid_mermaid(tmp_path: Path, title: str) -> None:
    repo = write_repo(tmp_path / "r", [{"id": "spec-x-001", "title": title, "type": "epic"}])
    parsed = parse(mermaid_for(repo, "--title", title))
    label = parsed["nodes"]["s_spec_x_001"]
    assert label.startswith("<b>spec-x-001</b><br/>")


def test_hostile_statuses_types_and_clusters_make_valid_mermaid(tmp_path: Path) -> None:
    specs = [
        {
            "id": spec_id,
            "dependencies": [HOSTILE_IDS[i - 1]],
            "status": HOSTILE_STATUSES[i % len(HOSTILE_STATUSES)],
            "type": HOSTILE_STATUSES[(i + 1) % len(HOSTILE_STATUSES)],
            "category": HOSTILE_STATUSES[(i + 2) % len(HOSTILE_STATUSES)],
            "parent": HOSTILE_IDS[(i + 3) % len(HOSTILE_IDS)] if i % 2 else None,
        }
        for i, spec_id in enumerate(HOSTILE_IDS)
    ]
    repo = write_repo(tmp_path / "r", specs)
    for cluster in ("parent", "category"):
        parsed = parse(mermaid_for(repo, "--cluster", cluster))
        assert len([n for n in parsed["nodes"] if not n.startswith("legend_")]) == len(HOSTILE_IDS)
        assert all(
            re.fullmatch(r"status_\w+", name)
            for names in parsed["classes"].values()
            for name in names
            if name.startswith("status")
        )


def test_big_repositories_collapse_until_mermaid_accepts_them(tmp_path: Path) -> None:
    specs: list[dict[str, Any]] = [{"id": f"spec-epic-{e:02d}", "type": "epic"} for e in range(30)]
    specs += [
        {"id": f"spec-story-{i:04d}-with-a-long-name", "parent": f"spec-epic-{i % 30:02d}",
         "title": "A story title that is long enough to take room " * 2,
         "dependencies": [f"spec-story-{(i * 7 + 3) % 1200:04d}-with-a-long-name"]}
        for i in range(1200)
    ]  # fmt: skip
    repo = write_repo(tmp_path / "big", specs)
    config = resolve_config(repo)
    graph = load(repo, config)
    full = draw_diagram(graph, config, "mermaid", ViewOptions(collapse="never"))
    assert len(full.text) > MAX_TEXT_SIZE
    assert any("GitHub will not draw it" in note for note in full.notes)
    fitted = draw_diagram(graph, config, "mermaid", ViewOptions(max_nodes=2000))
    assert len(fitted.text) <= MAX_TEXT_SIZE
    assert len(parse(fitted.text)["edges"]) <= MAX_EDGES
    assert fitted.view.collapsed
    assert not any("GitHub will not draw it" in note for note in fitted.notes)


def test_mermaid_golden_file() -> None:
    config = resolve_config(CHECKOUT)
    text = draw_diagram(load(CHECKOUT, config), config, "mermaid", ViewOptions()).text
    golden = GOLDEN / "checkout.mmd"
    if os.environ.get("UPDATE_GOLDENS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "Mermaid changed; rerun with UPDATE_GOLDENS=1 if intended"


@needs_mermaid
@pytest.mark.parametrize("case", ["checkout", "broken", "hostile", "traced"])
def test_mermaid_parser_accepts_the_output(tmp_path: Path, case: str) -> None:
    if case == "hostile":
        specs = [
            {
                "id": spec_id,
                "title": HOSTILE_TITLES[i % len(HOSTILE_TITLES)],
                "dependencies": [HOSTILE_IDS[i - 1], "gone<&>"],
                "status": HOSTILE_STATUSES[i % len(HOSTILE_STATUSES)],
                "type": HOSTILE_STATUSES[(i + 1) % len(HOSTILE_STATUSES)],
                "parent": HOSTILE_IDS[(i + 3) % len(HOSTILE_IDS)] if i % 2 else None,
            }
            for i, spec_id in enumerate(HOSTILE_IDS)
        ]
        path = write_repo(tmp_path / "hostile", specs)
    else:
        path = EXAMPLES / case
    extra = ("--with-code",) if case == "traced" else ()  # file nodes and implements/verifies arrows
    assert_mermaid_parses(mermaid_for(path, "--cluster", "parent", *extra), tmp_path)
