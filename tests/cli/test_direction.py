"""One vocabulary: --direction is deps, dependents or both in graph and tree; tree's old words still work."""

from __future__ import annotations

import pytest

from tests.cli._support import CHECKOUT, invoke

SPEC = "spec-feature-card-payments-001"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (["--direction", "up"], ["--direction", "deps", "--kinds", "parent"]),
        (["--direction", "down"], ["--direction", "dependents", "--kinds", "parent"]),
        (["--direction", "related"], ["--direction", "both", "--kinds", "related"]),
        (["--direction", "all"], ["--direction", "both"]),
    ],
)
def test_old_tree_words_show_the_same_tree_and_say_how_to_write_them(old: list[str], new: list[str]) -> None:
    before = invoke("tree", SPEC, str(CHECKOUT), *old, "--no-cache")
    after = invoke("tree", SPEC, str(CHECKOUT), *new, "--no-cache")
    assert before[0] == after[0] == 0
    assert before[1] == after[1]
    assert before[2] == f"speckit-graph: note: --direction {old[1]} is now written {' '.join(new)}\n"
    assert after[2] == ""


def test_deps_and_dependents_mean_the_same_in_tree_and_graph() -> None:
    _, needs, _ = invoke("tree", SPEC, str(CHECKOUT), "--direction", "deps", "--no-cache")
    assert [line for line in needs.splitlines() if line[:4] in ("├── ", "└── ")] == [
        "├── parent",
        "├── depends on",
        "└── related",
    ]
    _, needed_by, _ = invoke("tree", SPEC, str(CHECKOUT), "--direction", "dependents", "--no-cache")
    assert [line for line in needed_by.splitlines() if line[:4] in ("├── ", "└── ")] == [
        "├── children",
        "├── depended on by",
        "└── related",
    ]
    _, drawn, _ = invoke("graph", str(CHECKOUT), "--root", SPEC, "--direction", "deps", "-f", "json", "--no-cache")
    assert "spec-epic-payments-001" in drawn and "spec-service-payment-gateway-001" in drawn  # parent and dependency
    assert "spec-story-pay-by-card-001" not in drawn  # a child: that is the other direction


def test_kinds_and_root_are_repeatable_and_comma_separated() -> None:
    one = invoke("tree", SPEC, str(CHECKOUT), "--kinds", "parent,depends_on", "--no-cache")
    two = invoke("tree", SPEC, str(CHECKOUT), "-k", "parent", "--kinds", "depends_on", "--no-cache")
    assert one == two and "related" not in one[1]
    roots = ["spec-epic-payments-001", "spec-data-order-001"]
    joined = invoke("order", str(CHECKOUT), "--root", ",".join(roots), "--no-cache")
    repeated = invoke("order", str(CHECKOUT), "-r", roots[0], "--root", roots[1], "--no-cache")
    assert joined == repeated
    drawn = invoke("graph", str(CHECKOUT), "-r", ",".join(roots), "-f", "json", "--no-cache")
    assert drawn == invoke("graph", str(CHECKOUT), "-r", roots[0], "-r", roots[1], "-f", "json", "--no-cache")


def test_an_old_word_with_kinds_is_a_usage_error() -> None:
    code, _, err = invoke("tree", SPEC, str(CHECKOUT), "--direction", "up", "--kinds", "related")
    assert code == 2 and "--direction up cannot be combined with --kinds" in err
