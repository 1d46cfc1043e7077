"""Issue 14, items 3, 4, 5, 6 and 11: each attack as it was reported, and the safe outcome.

Times are CPU seconds (``time.process_time``) with generous margins: before the fixes these
inputs took 12 s to hours; after, milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.errors import ConfigError
from speckit_graph.load.frontmatter import second_block
from speckit_graph.load.loader import read_spec_file
from speckit_graph.load.placeholders import has_placeholder, has_placeholder_value, starts_with_placeholder_value
from tests.conftest import check_repo, codes

Repo = Callable[..., Path]


@contextmanager
def at_most(seconds: float) -> Iterator[None]:
    start = time.process_time()
    yield
    spent = time.process_time() - start
    assert spent < seconds, f"took {spent:.2f} s of CPU (limit {seconds} s)"


# -- item 3: the {{placeholder}} regex was quadratic ------------------------------------------


@pytest.mark.parametrize("title", ["{{" * 20_000, "{" * 80_000, "{ {" + " " * 80_000 + "x", "{{ a }" * 10_000])
def test_item3_a_long_title_of_braces_is_read_in_linear_time(repo: Repo, title: str) -> None:
    root = repo({"a.md": f'---\nid: S-1\ntitle: "{title}"\nstatus: draft\n---\n'})
    with at_most(1.0):
        outcome = read_spec_file(root, "a.md", Config())
        assert has_placeholder_value(title) is False
    assert outcome.spec is not None and outcome.spec.id == "S-1"
    assert outcome.spec.placeholders == ()


def test_item3_placeholders_are_still_found_as_before() -> None:
    assert has_placeholder("id: {{ spec_id }}") and has_placeholder("x {{}} y")
    assert has_placeholder("hours: { { hours } }") and has_placeholder("{{ a\nb }") is False
    assert has_placeholder("{{ spans\nlines }}") and not has_placeholder("{ a }")
    assert has_placeholder_value("<id>") and has_placeholder_value("see {{ id }}") and not has_placeholder_value("a<b>")
    assert starts_with_placeholder_value("{{id}} rest") and not starts_with_placeholder_value("x {{id}}")


def test_item3_a_template_file_is_still_a_template(repo: Repo) -> None:
    root = repo({"a.md": '---\nid: "{{ SPEC_ID }}"\nstatus: draft\n---\n'})
    outcome = read_spec_file(root, "a.md", Config())
    assert outcome.spec is None and outcome.template


# -- item 4: the fenced-code check for second blocks was quadratic -----------------------------


@pytest.mark.parametrize("unit", [b"```\n---\nowner: x\n---\n", b"```\n---\n", b"~~~\n---\nowner: x\n---\n~~~\n---\nk: [\n---\n"])
def test_item4_alternating_fences_and_rules_are_linear(unit: bytes) -> None:
    body = unit * (544_000 // len(unit))
    with at_most(3.0):
        second_block(body, 5)


def test_item4_a_block_after_the_fences_is_still_found_and_one_inside_is_not() -> None:
    fenced = b"```\n---\nowner: inside\n---\n```\n" * 2_000
    found = second_block(fenced + b"\n---\nowner: outside\n---\n", 5)
    assert found is not None and found.data == {"owner": "outside"}
    assert second_block(fenced, 5) is None


# -- item 5: alias expansion was bounded by nodes, not bytes -----------------------------------


def _text_bomb(scalar_kib: int = 300, copies: int = 100) -> str:
    refs = ", ".join(["*b"] * copies)
    return f'---\nid: S-1\nbig: &b "{"x" * scalar_kib * 1024}"\nmany: [{refs}]\n---\n'


def test_item5_aliases_of_a_long_scalar_are_refused_with_a_finding_on_their_line(repo: Repo) -> None:
    root = repo({"a.md": _text_bomb()})  # 300 KB file, 30 MB once expanded, 102 nodes
    with at_most(1.0):
        outcome = read_spec_file(root, "a.md", Config())
    assert outcome.spec is None
    [hit] = outcome.issues
    assert hit.code == "SG002" and hit.line == 4
    assert "max-alias-expansion-bytes limit of 4,194,304 bytes" in hit.message


def test_item5_the_byte_limit_is_a_setting(repo: Repo) -> None:
    root = repo({"a.md": _text_bomb(scalar_kib=1, copies=10)})
    assert read_spec_file(root, "a.md", Config()).spec is not None
    tight = parse_config({"limits": {"max-alias-expansion-bytes": 5_000}})
    outcome = read_spec_file(root, "a.md", tight)
    assert outcome.spec is None and "5,000 bytes" in outcome.issues[0].message
    with pytest.raises(ConfigError, match="max-alias-expansion-bytes"):
        parse_config({"limits": {"max-alias-expansion-bytes": 0}})


def test_item5_a_second_block_that_explodes_is_not_used(repo: Repo) -> None:
    body = _text_bomb(scalar_kib=50, copies=100).replace("---\nid: S-1\n", "---\nowner: x\n", 1)
    root = repo({"a.md": "---\nid: S-1\nstatus: draft\n---\n\nText.\n\n" + body})
    outcome = read_spec_file(root, "a.md", parse_config({"frontmatter-block": "merge"}))
    assert outcome.spec is not None and "many" not in outcome.spec.fields


# -- item 6: did-you-mean on long ids ----------------------------------------------------------


def test_item6_long_ids_with_a_near_miss_cost_no_time(repo: Repo) -> None:
    stem = "X" * 7_990
    files = {f"s{i}.md": f"---\nid: {stem}{i:03d}\nstatus: draft\n---\n" for i in range(70)}
    files["r.md"] = f"---\nid: R-1\nstatus: draft\ndependencies: [{stem}999, {stem}998, {stem}997]\n---\n"
    root = repo(files)
    with at_most(3.0):
        result = check_repo(root)
    dangling = [f for f in result.findings if f.code == "SG101"]
    assert len(dangling) == 3 and all("did you mean" not in f.message for f in dangling)


def test_item6_short_ids_still_get_suggestions(repo: Repo) -> None:
    root = repo({"a.md": "---\nid: feature-login\n---\n", "b.md": "---\nid: B-1\ndependencies: [feature-lgin]\n---\n"})
    [dangling] = [f for f in check_repo(root).findings if f.code == "SG101"]
    assert "did you mean 'feature-login'" in dangling.message


# -- item 11: a merge-key override is not a duplicate key --------------------------------------

MERGED = """---
id: S-1
defaults: &base
  status: draft
  priority: P1
<<: *base
status: review
---
"""


def test_item11_overriding_a_merged_key_is_yaml_not_a_duplicate(repo: Repo) -> None:
    root = repo({"a.md": MERGED})
    outcome = read_spec_file(root, "a.md", Config())
    assert outcome.issues == []
    assert outcome.spec is not None
    assert outcome.spec.fields["status"] == "review" and outcome.spec.fields["priority"] == "P1"
    assert outcome.spec.field_lines["status"] == 7
    assert "SG001" not in codes(check_repo(root))


def test_item11_keys_written_twice_are_still_duplicates(repo: Repo) -> None:
    root = repo({"a.md": MERGED.replace("status: review\n", "status: review\nstatus: done\n")})
    [hit] = read_spec_file(root, "a.md", Config()).issues
    assert hit.code == "SG001" and hit.line == 8 and "key 'status' appears twice (lines 7 and 8)" in hit.message
