"""``speckit-graph tree``: goldens on examples/checkout, cycles, diamonds, unknown ids, terminal colours."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind
from speckit_graph.render.tree_text import render_tree_rich, render_tree_text
from speckit_graph.usecases.load import load, resolve_config
from speckit_graph.usecases.tree import spec_tree
from tests.conftest import EXAMPLES, REPO_ROOT, assert_no_traceback, run_cli, write_repo
from tests.support.changes import EPIC, spec_file, story

GOLDEN = REPO_ROOT / "tests" / "golden" / "changes"


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/changes/NAME; UPDATE_GOLDENS=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDENS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDENS=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("tree-card-payments.txt", ["spec-feature-card-payments-001"]),
        ("tree-order-dependents.txt", ["spec-data-order-001", "--direction", "dependents", "--kinds", "depends_on"]),
        ("tree-payments-epic-depth1.txt", ["spec-epic-payments-001", "--depth", "1"]),
        ("tree-checkout-epic-down.txt", ["spec-epic-checkout-001", "--direction", "down", "--depth", "2"]),
    ],
)
def test_tree_goldens_on_the_checkout_example(name: str, args: list[str]) -> None:
    run = run_cli("tree", args[0], "examples/checkout", *args[1:], cwd=REPO_ROOT)
    assert run.code == 0, run.stderr
    assert "\x1b" not in run.stdout  # piped: plain text
    golden(name, run.stdout)


def test_repeated_specs_are_expanded_once() -> None:
    text = render_tree_text(spec_tree(load(EXAMPLES / "checkout"), "spec-data-order-001", "dependents"))
    assert text.count("spec-story-pay-by-card-001") == 2
    assert "spec-story-pay-by-card-001  Shopper pays by card  [review]  (shown above)" in text


def test_cycles_are_marked_and_not_followed(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "a.md": spec_file(**story("spec-a", parent="spec-b", dependencies=["spec-b"])),
            "b.md": spec_file(**story("spec-b", parent="spec-c", dependencies=["spec-c"])),
            "c.md": spec_file(**story("spec-c", parent="spec-a", dependencies=["spec-a", "spec-gone"])),
        },
    )
    text = render_tree_text(spec_tree(load(root), "spec-a", "all"))
    assert text == (
        "spec-a  spec-a  [draft]\n"
        "├── parent\n"
        "│   └── spec-b  spec-b  [draft]\n"
        "│       └── spec-c  spec-c  [draft]\n"
        "│           └── spec-a  spec-a  [draft]  (↻ cycle, not followed)\n"
        "├── children\n"
        "│   └── spec-c  spec-c  [draft]\n"
        "│       └── spec-b  spec-b  [draft]\n"
        "│           └── spec-a  spec-a  [draft]  (↻ cycle, not followed)\n"
        "├── depends on\n"
        "│   └── spec-b  spec-b  [draft]\n"
        "│       └── spec-c  spec-c  [draft]\n"
        "│           ├── spec-a  spec-a  [draft]  (↻ cycle, not followed)\n"
        "│           └── spec-gone  (no such spec)\n"
        "├── depended on by\n"
        "│   └── spec-c  spec-c  [draft]\n"
        "│       └── spec-b  spec-b  [draft]\n"
        "│           └── spec-a  spec-a  [draft]  (↻ cycle, not followed)\n"
        "└── related: none\n"
    )


def test_diamonds_stay_linear(tmp_path: Path) -> None:
    """20 stacked diamonds have 2**20 paths; the tree shows each spec once (plus 'shown above' lines)."""
    files = {"top.md": spec_file(**{**EPIC, "id": "d-0"})}
    for level in range(1, 21):
        for side in ("l", "r"):
            files[f"{level}{side}.md"] = spec_file(**story(f"d-{level}{side}", parent=None, dependencies=[f"d-{level - 1}"]))
        files[f"{level}.md"] = spec_file(**story(f"d-{level}", parent=None, dependencies=[f"d-{level}l", f"d-{level}r"]))
    files["0.md"] = spec_file(**story("d-0x", parent=None))  # unrelated
    root = write_repo(tmp_path, {k.replace("top", "0top"): v for k, v in files.items()})
    text = render_tree_text(spec_tree(load(root), "d-20", "deps", kinds={LinkKind.DEPENDS_ON}))
    assert len(text.splitlines()) == 1 + 4 * 20  # root, then per level: both sides, the level below, one repeat
    assert text.count("(shown above)") == 20


def test_depth_limits_and_counts_what_is_hidden(tmp_path: Path) -> None:
    chain = {f"{i}.md": spec_file(**story(f"s-{i}", parent=f"s-{i + 1}" if i < 1500 else None)) for i in range(1501)}
    root = write_repo(tmp_path, chain)
    graph = load(root)
    deep = render_tree_text(spec_tree(graph, "s-0", "up"))  # 1500 levels: no recursion limit
    assert len(deep.splitlines()) == 1501 and deep.splitlines()[-1].endswith("└── s-1500  s-1500  [draft]")
    shallow = render_tree_text(spec_tree(graph, "s-0", "up", depth=2))
    assert shallow.splitlines()[-1].endswith("s-2  s-2  [draft]  (+1 below, past --depth)")


def test_unknown_id_is_exit_2_with_suggestions() -> None:
    run = run_cli("tree", "spec-feature-card-payment-001", "examples/checkout", cwd=REPO_ROOT)
    assert_no_traceback(run)
    assert run.code == 2
    assert run.stderr == (
        "speckit-graph: error: no spec has the id 'spec-feature-card-payment-001'; did you mean "
        "'spec-feature-card-payments-001', 'spec-feature-wallet-payments-001'?\n"
    )
    with pytest.raises(UsageError, match="unknown direction"):
        spec_tree(load(EXAMPLES / "checkout"), "spec-epic-payments-001", "sideways")
    hostile = run_cli("tree", "spec-\x1b[31m", "examples/checkout", cwd=REPO_ROOT)
    assert hostile.code == 2 and "\x1b" not in hostile.stderr and "\\x1b" in hostile.stderr


def test_terminal_tree_is_coloured_and_escaped(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "epic.md": spec_file(**{**EPIC, "status": "implemented"}),
            "a.md": spec_file(**story("spec-a", title="[bold red]not markup[/] \x1b[2J", status="review")),
            "b.md": spec_file(**story("spec-b", status="deprecated")),
            "c.md": spec_file(**story("spec-c", status="Weird")),
        },
    )
    tree = spec_tree(load(root), "spec-epic-001", "down")
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, color_system="standard", width=200).print(
        render_tree_rich(tree, Config().vocabulary)
    )
    out = buffer.getvalue()
    assert "[bold red]not markup[/] \\x1b[2J" in out  # shown literally, ESC made visible
    assert "\x1b[2J" not in out
    assert "\x1b[32m[implemented]" in out  # last lifecycle stage: green
    assert "\x1b[33m[review]" in out and "\x1b[31m[deprecated]" in out and "\x1b[35m[Weird]" in out


def test_every_parent_is_shown_when_parents_may_be_several(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            ".speckit-graph.toml": '[links.parent]\nfields = ["parents"]\nmultiple = true\n',
            "a.md": spec_file(**{**EPIC, "id": "spec-epic-a"}),
            "b.md": spec_file(**{**EPIC, "id": "spec-epic-b"}),
            "s.md": spec_file(**{**story("spec-s", parent=None), "parents": ["spec-epic-b", "spec-epic-a"]}),
        },
    )
    graph = load(root, resolve_config(root))
    assert render_tree_text(spec_tree(graph, "spec-s", "up")) == (
        "spec-s  spec-s  [draft]\n├── spec-epic-a  Epic  [draft]\n└── spec-epic-b  Epic  [draft]\n"
    )
