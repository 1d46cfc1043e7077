"""``init`` proposes the type hierarchy it observes, commented, for the user to confirm."""

from __future__ import annotations

import sys

from speckit_graph.check.analysis import check
from speckit_graph.config.parse import parse_config
from speckit_graph.init.hierarchy import observe
from speckit_graph.init.propose import propose
from speckit_graph.render.init_report import render_toml
from speckit_graph.usecases.load import load
from tests.conftest import EXAMPLES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def uncommented(text: str) -> str:
    """The proposal with its hierarchy block confirmed: the user removes the leading '# '."""
    lines, inside = [], False
    for line in text.splitlines():
        inside = inside or line.startswith("# Type hierarchy seen")
        if inside and (line.startswith("# [types.") or line.startswith("# parents = ")):
            line = line[2:]
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_the_observed_hierarchy_is_counted_per_pair() -> None:
    observed = observe(load(EXAMPLES / "checkout").specs())
    assert observed.parents_of("user_story") == [("functional_requirement", 8)]
    assert observed.parents_of("service_spec") == [("epic", 3), ("functional_requirement", 1)]
    assert observed.is_root("epic") and not observed.is_root("user_story")


def test_init_writes_a_commented_block_that_parses_once_confirmed() -> None:
    text = render_toml(propose(EXAMPLES / "checkout"))
    assert '# [types.user_story]\n# parents = ["functional_requirement"]  # 8 specs, without a parent: 0' in text
    assert "# [types.epic]\n# parents = []  # 3 specs, without a parent: 3" in text
    assert "types" not in tomllib.loads(text)  # proposed, not applied
    confirmed = parse_config(tomllib.loads(uncommented(text)))
    assert confirmed.project.types["epic"].parents == ()
    result = check(load(EXAMPLES / "checkout", confirmed), confirmed)
    assert [f for f in result.findings if f.code.startswith("SG6")] == []


def test_the_rare_pairs_of_a_defective_repository_show_in_the_counts() -> None:
    text = render_toml(propose(EXAMPLES / "broken"))
    assert '# parents = ["epic", "api_spec"]  # 5 specs, without a parent: 0, under epic: 4, under api_spec: 1' in text
