"""The other use cases without the CLI: one wording for unknown ids, exit statuses, outcomes renderers take."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.core.errors import UsageError
from speckit_graph.graph.suggest import unknown_id_message
from speckit_graph.render.registry import GRAPH_RENDERERS, IMPACT_RENDERERS, TREE_RENDERERS, RenderContext, error_text
from speckit_graph.report.scope import ScopeRequest
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.diagram import GraphRequest, ViewOptions, run_graph
from speckit_graph.usecases.init import InitRequest, run_init
from speckit_graph.usecases.report import ImpactRequest, ReleaseRequest, run_impact, run_order, run_report
from speckit_graph.usecases.tree import TreeRequest, run_tree

CHECKOUT = Path(__file__).resolve().parents[2] / "examples" / "checkout"
TYPO = "no spec has the id 'spec-data-paymnt-001'; did you mean 'spec-data-payment-001', 'spec-data-cart-001'?"


def test_unknown_id_message_names_the_origin_and_the_closest_ids() -> None:
    known = ["spec-a-001", "spec-b-001"]
    assert unknown_id_message("spec-a-01", known) == "no spec has the id 'spec-a-01'; did you mean 'spec-a-001'?"
    assert unknown_id_message("zzz", known, "--root", more=2) == "--root: no spec has the id 'zzz' (and 2 more unknown)"


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        (lambda: run_tree(TreeRequest("spec-data-paymnt-001", LoadOptions(path=CHECKOUT))), TYPO),
        (lambda: run_impact(ImpactRequest("spec-data-paymnt-001", LoadOptions(path=CHECKOUT))), TYPO),
        (
            lambda: run_graph(GraphRequest(LoadOptions(path=CHECKOUT), ViewOptions(roots=("spec-data-paymnt-001",)))),
            "--root: " + TYPO,
        ),
        (
            lambda: run_report(ReleaseRequest(LoadOptions(path=CHECKOUT), ScopeRequest(roots=("spec-data-paymnt-001",)))),
            "--root: " + TYPO,
        ),
    ],
)
def test_every_command_words_an_unknown_id_the_same(run: object, expected: str) -> None:
    with pytest.raises(UsageError) as caught:
        run()  # type: ignore[operator]
    assert str(caught.value) == expected


def test_use_cases_keep_user_text_raw_and_the_error_renderer_escapes_it() -> None:
    with pytest.raises(UsageError) as caught:
        run_tree(TreeRequest("spec-\x1b[31m", LoadOptions(path=CHECKOUT)))
    assert "\x1b" in str(caught.value)
    assert error_text(str(caught.value)) == "no spec has the id 'spec-\\x1b[31m'"
    assert error_text("two lines\n  - a\tb") == "two lines\n  - a b"


def test_release_outcomes_carry_their_exit_status() -> None:
    request = ReleaseRequest(LoadOptions(path=CHECKOUT), date="2024-03-15")
    report = run_report(request)
    assert report.exit_status == (0 if report.report.ready else 1)
    assert report.report.date.isoformat() == "2024-03-15"
    order = run_order(request)
    assert order.exit_status == (1 if order.order.unordered else 0)


def test_outcomes_feed_the_registry_renderers(tmp_path: Path) -> None:
    impact = run_impact(ImpactRequest("spec-data-payment-001", LoadOptions(path=CHECKOUT)))
    assert IMPACT_RENDERERS["text"](impact, RenderContext(path=CHECKOUT)).startswith("Changing spec-data-payment-001")
    tree = run_tree(TreeRequest("spec-data-payment-001", LoadOptions(path=CHECKOUT), "dependents", 1))
    assert TREE_RENDERERS["text"](tree, RenderContext()).startswith("spec-data-payment-001")
    graph = run_graph(GraphRequest(LoadOptions(path=CHECKOUT), ViewOptions(collapse="never")))
    context = RenderContext(path=CHECKOUT, output=tmp_path / "g.mmd")
    assert "flowchart" in GRAPH_RENDERERS["mermaid"](graph, context)
    assert context.notes == []  # 32 specs: nothing collapsed, nothing too big


def test_init_dry_run_proposes_without_writing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.md").write_text("---\nid: spec-a-001\ntitle: A\nstatus: draft\n---\nBody.\n", encoding="utf-8")
    result = run_init(InitRequest(repo, write=False))
    assert result.written is None and not (repo / ".speckit-graph.toml").exists()
    assert result.toml and result.notes == ()
    written = run_init(InitRequest(repo))
    assert written.written == repo / ".speckit-graph.toml" and written.written.read_text(encoding="utf-8") == result.toml
    with pytest.raises(UsageError, match="already exists"):
        run_init(InitRequest(repo))
