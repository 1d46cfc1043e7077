"""Mermaid of loosely linked repositories: specs without links packed into rows, not a strip.

Mermaid's layout put every unlinked spec on one rank: 300 of them drew 76,503 x 774 px in
Mermaid 11 (measured in Chromium); packed into rows the same repository draws 6,665 x 5,177.
The tests read the text: one dashed box, rows of equal length stacked by one invisible link
per row, written after every visible link so no ``linkStyle`` index moves.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from speckit_graph.render.diagram.mermaid import edge_count, render_mermaid
from speckit_graph.render.diagram.model import ViewOptions
from speckit_graph.usecases.diagram import graph_view
from speckit_graph.usecases.load import load, resolve_config
from tests.render.test_diagram_loose import loose_repository
from tests.render.test_diagram_mermaid import mermaid_for, parse
from tests.support.mermaid import assert_mermaid_parses, needs_mermaid


def rows_of(text: str) -> list[list[str]]:
    """The node ids of each row subgraph of the ``without links`` box, in order."""
    rows: list[list[str]] = []
    inside = False
    for line in text.splitlines():
        if re.fullmatch(r'    subgraph unlinked_\d+ \[" "\]', line):
            rows.append([])
            inside = True
        elif inside and line.strip() == "end":
            inside = False
        elif inside and line.strip() != "direction TB":
            rows[-1].append(re.match(r"\s*(\w+)", line).group(1))  # type: ignore[union-attr]
    return rows


def test_unlinked_specs_are_packed_into_rows_of_a_square_box(tmp_path: Path) -> None:
    text = mermaid_for(loose_repository(tmp_path / "repo", unlinked=60, linked=10), "--collapse", "never")
    parsed = parse(text)
    assert 'subgraph unlinked ["without links: 60 specs"]' in text
    rows = rows_of(text)
    columns = math.ceil(math.sqrt(60))
    assert [len(r) for r in rows] == [columns] * (60 // columns) + ([60 % columns] if 60 % columns else [])
    packed = [node for row in rows for node in row]
    assert sorted(packed) == sorted(n for n in parsed["nodes"] if n.startswith("s_spec_loose_"))
    assert not any(n.startswith("s_spec_linked_") for n in packed)  # linked specs keep the layered layout
    # one invisible link per pair of rows, between the row boxes, in order
    assert parsed["invisible"] == [(f"unlinked_{i}", f"unlinked_{i + 1}") for i in range(1, len(rows))]
    assert "style unlinked_1 fill:none,stroke:none" in text and "style unlinked fill:none," in text


def test_the_invisible_links_count_against_mermaids_limit_and_move_no_red_link(tmp_path: Path) -> None:
    root = loose_repository(tmp_path / "repo", unlinked=20, linked=5)
    (root / "cyc.md").write_text("---\nid: spec-cyc-a\ndependencies: [spec-cyc-b]\n---\n", encoding="utf-8")
    (root / "cyd.md").write_text("---\nid: spec-cyc-b\ndependencies: [spec-cyc-a]\n---\n", encoding="utf-8")
    config = resolve_config(root)
    view = graph_view(load(root, config), config, ViewOptions(collapse="never"))
    text = render_mermaid(view)
    parsed = parse(text)
    assert edge_count(view) == len(parsed["edges"]) + len(parsed["invisible"])
    red = {parsed["edges"][i] for i in parsed["link_styles"]}
    assert ("s_spec_cyc_a", "-->", "s_spec_cyc_b") in red and ("s_spec_cyc_b", "-->", "s_spec_cyc_a") in red
    assert render_mermaid(view) == text  # same view, same bytes


def test_a_few_unlinked_specs_and_clustered_ones_are_left_alone(tmp_path: Path) -> None:
    text = mermaid_for(loose_repository(tmp_path / "repo", unlinked=3, linked=5))
    assert "subgraph unlinked" not in text and "~~~" not in text
    parse(text)


def test_types_that_look_alike_share_one_legend_entry(tmp_path: Path) -> None:
    text = mermaid_for(loose_repository(tmp_path / "repo", unlinked=30, linked=5, types=30))
    legend = text[text.index('subgraph legend ["Legend"]') :]
    # thirty made-up types all draw as the same shape: one entry, beside the epic's own shape
    types = re.findall(r'legend_t\d+\S*?"(type: [^"]*)"', legend)
    assert types == ["type: epic", "type: kind0, kind1, kind10 +27 more"]
    assert "legend_s0" in legend and "legend_s1" in legend  # draft and approved do look different
    alone = mermaid_for(loose_repository(tmp_path / "alone", unlinked=30, linked=0, types=30))
    assert "legend_t" not in alone  # one shape in the whole picture: no type legend at all


@needs_mermaid
def test_mermaid_parser_accepts_the_packed_box(tmp_path: Path) -> None:
    assert_mermaid_parses(mermaid_for(loose_repository(tmp_path / "repo", unlinked=12, linked=5)), tmp_path)
