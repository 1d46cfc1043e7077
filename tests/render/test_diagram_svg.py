"""SVG through Graphviz: well-formed XML, one element per node, clickable, and clear failures.

Needs a Graphviz: the system ``dot`` (Debian/Ubuntu package ``graphviz``) or the
``graphviz-pure`` wheel (``pip install 'speckit-graph[svg]'``). Without either, the tests
that lay out a picture are skipped with that reason; the error-path tests always run.
"""

from __future__ import annotations

import os
import stat
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from speckit_graph.core.errors import SpeckitGraphError
from speckit_graph.render.diagram.model import ViewOptions
from speckit_graph.render.diagram.svg import RENDERER_ENV, RendererNotFound, RenderTimeout, find_renderer, render_svg
from speckit_graph.usecases.diagram import graph_view
from speckit_graph.usecases.load import load, resolve_config
from tests.support.graph import EXAMPLES, HOSTILE_IDS, HOSTILE_STATUSES, HOSTILE_TITLES, invoke, run_cli, write_repo

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
CHECKOUT = EXAMPLES / "checkout"


def renderer_or_none() -> str | None:
    try:
        return find_renderer().path
    except RendererNotFound:
        return None


needs_graphviz = pytest.mark.skipif(
    renderer_or_none() is None,
    reason="no Graphviz: install the system package (apt-get install graphviz) or pip install graphviz-pure",
)


def svg_nodes(text: str) -> list[ET.Element]:
    root = ET.fromstring(text)  # raises on malformed XML
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]


@needs_graphviz
def test_checkout_svg_is_well_formed_with_one_element_per_node(tmp_path: Path) -> None:
    out = tmp_path / "out" / "checkout.svg"
    out.parent.mkdir()
    code, _out, err = invoke("graph", str(CHECKOUT), "-o", str(out))  # format from the suffix
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    config = resolve_config(CHECKOUT)
    view = graph_view(load(CHECKOUT, config), config, ViewOptions())
    nodes = svg_nodes(text)
    titles = [g.find(f"{SVG}title").text for g in nodes]
    spec_titles = [t for t in titles if not t.startswith("@legend")]
    assert len(spec_titles) == len(view.nodes) == 32
    assert len(set(spec_titles)) == 32
    # nodes link to their files, relative to where the SVG was written
    links = {a.get(f"{XLINK}href") for a in ET.fromstring(text).iter(f"{SVG}a")}
    expected = os.path.relpath(CHECKOUT / "data" / "order.md", out.parent).replace(os.sep, "/")
    assert expected in links


@needs_graphviz
def test_hostile_ids_and_titles_give_valid_svg(tmp_path: Path) -> None:
    specs = [
        {
            "id": spec_id,
            "title": HOSTILE_TITLES[i % len(HOSTILE_TITLES)],
            "dependencies": [HOSTILE_IDS[i - 1], "missing & <gone>"],
            "author": 'O"wner <x> & co',
            "status": HOSTILE_STATUSES[i % len(HOSTILE_STATUSES)],
            "type": HOSTILE_STATUSES[(i + 1) % len(HOSTILE_STATUSES)],
            "category": HOSTILE_STATUSES[(i + 2) % len(HOSTILE_STATUSES)],
            "parent": HOSTILE_IDS[(i + 3) % len(HOSTILE_IDS)] if i % 2 else None,
        }
        for i, spec_id in enumerate(HOSTILE_IDS)
    ]
    repo = write_repo(tmp_path / "hostile", specs)
    config = resolve_config(repo)
    for cluster in ("parent", "category"):
        out = tmp_path / f"h-{cluster}.svg"
        code, _out, err = invoke(
            "graph", str(repo), "-f", "svg", "-o", str(out), "--cluster", cluster, "--title", HOSTILE_TITLES[0]
        )
        assert code == 0, err
        view = graph_view(load(repo, config), config, ViewOptions(cluster=cluster))  # type: ignore[arg-type]
        text = out.read_text(encoding="utf-8")
        nodes = [g for g in svg_nodes(text) if not g.find(f"{SVG}title").text.startswith("@legend")]
        assert len(nodes) == len(view.nodes) == len(HOSTILE_IDS) + 1


@needs_graphviz
def test_focused_collapsed_and_big_views_render(tmp_path: Path) -> None:
    code, out, err = invoke("graph", str(CHECKOUT), "-f", "svg", "--collapse", "always")
    assert code == 0, err
    assert len([g for g in svg_nodes(out) if not g.find(f"{SVG}title").text.startswith("@legend")]) == 3
    specs = [{"id": f"s{i:04d}", "dependencies": [f"s{(i * 7 + 1) % 500:04d}"]} for i in range(500)]
    repo = write_repo(tmp_path / "big", specs)
    code, out, err = invoke("graph", str(repo), "-f", "svg", "--collapse", "never", "--no-legend")
    assert code == 0, err
    assert "laid out with sfdp" in err
    assert len(svg_nodes(out)) == 500


def _fake_renderer(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-dot"
    script.write_text(f"#!{sys.executable}\nimport sys, time\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_no_renderer_is_a_clear_error_and_exit_2(tmp_path: Path) -> None:
    done = run_cli("graph", str(CHECKOUT), "-f", "svg", env={RENDERER_ENV: str(tmp_path / "no-such-dot")})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("speckit-graph: error: ")
    assert "apt-get install graphviz" in lines[0] and "graphviz-pure" in lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_nothing_on_path_names_both_ways_to_get_a_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RENDERER_ENV, raising=False)
    monkeypatch.setattr("speckit_graph.render.diagram.svg.shutil.which", lambda name: None)
    with pytest.raises(RendererNotFound, match="dot.*on PATH.*graphviz-pure"):
        find_renderer()


def test_slow_layout_times_out_with_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RENDERER_ENV, str(_fake_renderer(tmp_path, "time.sleep(30)")))
    with pytest.raises(RenderTimeout, match="did not finish within 0.5 s.*--root"):
        render_svg("digraph { a }", "dot", timeout=0.5)
    done = run_cli("graph", str(CHECKOUT), "-f", "svg", "--timeout", "0.5", env={RENDERER_ENV: str(tmp_path / "fake-dot")})
    assert done.returncode == 2 and "did not finish within 0.5 s" in done.stderr


def test_graphviz_failure_is_reported_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _fake_renderer(tmp_path, "sys.stdin.read(); print('Error: syntax error in line 1', file=sys.stderr); sys.exit(1)")
    monkeypatch.setenv(RENDERER_ENV, str(script))
    with pytest.raises(SpeckitGraphError, match="failed \\(exit 1\\): Error: syntax error in line 1"):
        render_svg("digraph { a }")


def test_graphviz_pure_is_used_when_there_is_no_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pure = Path(sys.executable).parent / "graphviz-pure"
    if not pure.exists():
        pytest.skip("graphviz-pure is not installed beside this Python (pip install 'speckit-graph[svg]')")
    monkeypatch.delenv(RENDERER_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot anywhere on PATH
    renderer = find_renderer()
    assert renderer.name == "graphviz-pure"
    svg = render_svg('digraph { "a" -> "b" }', renderer=renderer)
    assert len(svg_nodes(svg)) == 2
