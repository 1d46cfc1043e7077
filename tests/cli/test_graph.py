"""``speckit-graph graph`` end to end: exit codes, messages, formats, files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.render.diagram.draw import render_diagram
from speckit_graph.render.location import link_base_for
from speckit_graph.usecases.load import load, resolve_config
from tests.support.graph import EXAMPLES, HOSTILE_IDS, HOSTILE_TITLES, invoke, run_cli, write_repo

CHECKOUT = EXAMPLES / "checkout"
BROKEN = EXAMPLES / "broken"


def test_graph_draws_dot_and_exits_0() -> None:
    done = run_cli("graph", str(CHECKOUT))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("digraph speckit {")
    assert done.stderr == ""


def test_problems_do_not_change_the_exit_code() -> None:
    # drawing a broken repository succeeds: the picture shows the problems, `check` gates on them
    code, out, _err = invoke("graph", str(BROKEN), "-f", "mermaid")
    assert code == 0 and out.startswith("flowchart TB")


def test_unknown_root_is_one_line_exit_2_with_did_you_mean() -> None:
    done = run_cli("graph", str(CHECKOUT), "--root", "spec-epic-checkout-01")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "speckit-graph: error: --root: no spec has the id 'spec-epic-checkout-01'; did you mean 'spec-epic-checkout-001'?\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--depth", "2"], "--depth and --direction need --root"),
        (["--direction", "deps"], "--depth and --direction need --root"),
        (["--kinds", "parent,blocks"], "unknown link kind 'blocks'"),
        (["--type", "user_stroy"], "did you mean 'user_story'"),
        (["--tag", "release-2.3"], "no spec has this value"),
        (["--engine", "nope", "-f", "dot"], "unknown layout engine 'nope'"),
        (["--root", "spec-epic-checkout-001", "--root", "nope-nope"], "--root: no spec has the id 'nope-nope'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, out, err = invoke("graph", str(CHECKOUT), *args)
    assert code == 2, err
    assert out == ""
    assert message in err and err.count("\n") == 1


def test_bad_path_and_bad_option_exit_2(tmp_path: Path) -> None:
    assert invoke("graph", str(tmp_path / "nowhere"))[0] == 2
    assert invoke("graph", str(CHECKOUT), "--format", "png")[0] == 2
    assert invoke("graph", str(CHECKOUT), "--depth", "-1", "--root", "spec-epic-checkout-001")[0] == 2


def test_unwritable_output_is_exit_2(tmp_path: Path) -> None:
    code, _out, err = invoke("graph", str(CHECKOUT), "-o", str(tmp_path / "missing-dir" / "g.dot"))
    assert code == 2 and "cannot write" in err


def test_format_follows_the_output_suffix(tmp_path: Path) -> None:
    for suffix, start in ((".dot", "digraph"), (".gv", "digraph"), (".mmd", "flowchart TB"), (".json", "{")):
        target = tmp_path / f"g{suffix}"
        code, out, err = invoke("graph", str(CHECKOUT), "-o", str(target))
        assert code == 0, err
        assert out == ""
        assert target.read_text(encoding="utf-8").startswith(start)


def test_graphml_has_scalar_attributes_only_and_reads_back(tmp_path: Path) -> None:
    target = tmp_path / "g.graphml"
    code, _out, err = invoke("graph", str(BROKEN), "-o", str(target))
    assert code == 0, err
    ET.parse(target)
    graph = nx.read_graphml(target)
    assert graph.number_of_nodes() == 38 + 2  # every spec (no collapsing for data formats) + 2 missing
    node = graph.nodes["spec-epic-notifications-001"]
    assert node["kind"] == "spec" and node["status"] == "approved" and node["type"] == "epic"
    assert graph.nodes["spec-feature-email-digests-001"]["kind"] == "missing"
    for _key, data in graph.nodes(data=True):
        assert all(isinstance(value, (str, int, float, bool)) for value in data.values())
    cycle = [d for _a, _b, d in graph.edges(data=True) if d.get("cycle")]
    assert len(cycle) >= 6


def test_graphml_survives_hostile_strings(tmp_path: Path) -> None:
    specs = [
        {
            "id": spec_id,
            "title": HOSTILE_TITLES[i % len(HOSTILE_TITLES)],
            "dependencies": [HOSTILE_IDS[i - 1]],
            "tags": ["a", "b&c"],
        }
        for i, spec_id in enumerate(HOSTILE_IDS)
    ]
    repo = write_repo(tmp_path / "hostile", specs)
    target = tmp_path / "h.graphml"
    assert invoke("graph", str(repo), "-o", str(target))[0] == 0
    graph = nx.read_graphml(target)  # well-formed XML despite control characters
    assert graph.number_of_nodes() == len(HOSTILE_IDS)
    assert graph.nodes["a;b"]["tags"] == "a,b&c"


def test_json_is_node_link_data(tmp_path: Path) -> None:
    code, out, err = invoke("graph", str(CHECKOUT), "-f", "json", "--root", "spec-epic-payments-001", "--depth", "1")
    assert code == 0, err
    document = json.loads(out)
    assert document["version"] == 1 and document["directed"] and document["multigraph"]
    ids = {node["id"] for node in document["nodes"]}
    assert "spec-epic-payments-001" in ids and "spec-feature-card-payments-001" in ids
    root = next(node for node in document["nodes"] if node["id"] == "spec-epic-payments-001")
    assert root["root"] is True and root["tags"] == "payments,release-2.2"
    assert {edge["kind"] for edge in document["edges"]} == {"parent", "related", "depends_on"}
    graph = nx.node_link_graph(document, edges="edges")
    assert graph.number_of_nodes() == len(ids)


def test_output_is_deterministic() -> None:
    first = invoke("graph", str(BROKEN), "-f", "dot", "--cluster", "parent")[1]
    assert first == invoke("graph", str(BROKEN), "-f", "dot", "--cluster", "parent")[1]
    first = invoke("graph", str(BROKEN), "-f", "json")[1]
    assert first == invoke("graph", str(BROKEN), "-f", "json")[1]


def test_collapse_note_goes_to_stderr_not_into_the_picture() -> None:
    code, out, err = invoke("graph", str(CHECKOUT), "--max-nodes", "10")
    assert code == 0
    assert "speckit-graph: note: collapsed 32 specs into 3 nodes" in err
    assert "note:" not in out


def test_render_diagram_for_other_commands() -> None:
    config = resolve_config(CHECKOUT)
    graph = load(CHECKOUT, config)
    ids = ["spec-story-pay-by-card-001", "spec-api-payment-intents-001", "spec-ui-checkout-flow-001"]
    text = render_diagram(graph, config, ids, "dot", highlight=["spec-story-pay-by-card-001"])
    assert text.count("->") >= 2 and '"#7c3aed"' in text
    mermaid = render_diagram(graph, config, ids, "mermaid", highlight=ids[:1], legend=False)
    assert "class s_spec_story_pay_by_card_001 highlight" in mermaid
    with pytest.raises(UsageError, match="no spec has the id"):
        render_diagram(graph, config, ["nope"], "dot")
    with pytest.raises(UsageError, match="highlight: no spec has the id"):
        render_diagram(graph, config, ids, "dot", highlight=["spec-epic-paymnts-001"])


def test_link_base_is_relative_to_the_output(tmp_path: Path) -> None:
    assert link_base_for(tmp_path / "repo", tmp_path / "docs" / "img" / "g.svg") == "../../repo/"
    assert link_base_for(tmp_path, tmp_path / "g.svg") == ""
