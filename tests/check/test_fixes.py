"""The fixers: what each rule's fix writes, and when a finding gets no fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from speckit_graph.check.fixes import attach_fixes, fixable_codes
from speckit_graph.check.rules import all_rules
from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.findings import Finding
from speckit_graph.core.fixes import Safety
from speckit_graph.edit import apply_edits
from speckit_graph.usecases.check import check as check_graph
from speckit_graph.usecases.load import load

Repo = Callable[..., Path]
EPIC = "---\nid: spec-epic-root-001\ntitle: Root\ntype: epic\nstatus: draft\n---\n"


def story(spec_id: str, extra: str = "") -> str:
    return f"---\nid: {spec_id}\ntitle: T\ntype: user_story\nstatus: draft\nparent: spec-epic-root-001\n{extra}---\nBody\n"


def fixed(root: Path, code: str, config: Config | None = None) -> tuple[list[Finding], dict[str, str]]:
    """The findings of ``code`` and each file as its fixes would leave it (one fix per file)."""
    config = config or parse_config({"select": ["SG"]})
    graph = load(root, config)
    result = attach_fixes(check_graph(graph, config), graph, config)
    found = [f for f in result.findings if f.code == code]
    after = {}
    for finding in found:
        if finding.fix is not None:
            for path in finding.fix.paths:
                data = (root / path).read_bytes()
                after[path] = apply_edits(data, [e for e in finding.fix.edits if e.path == path]).decode()
    return found, after


def test_every_declared_fix_has_a_fixer_and_back() -> None:
    declared = {rule.code for rule in all_rules() if rule.fix is not None}
    assert declared == fixable_codes()
    assert {r.code for r in all_rules() if r.fix is Safety.UNSAFE} == {"SG101", "SG103", "SG404"}


def test_vocabulary_fix_only_for_case_or_space(repo: Repo) -> None:
    root = repo({"e.md": EPIC, "a.md": story("spec-a-001").replace("status: draft", 'status: " Approved"'),
                 "b.md": story("spec-b-001").replace("status: draft", "status: aproved")})  # fmt: skip
    found, after = fixed(root, "SG402")
    assert [f.path for f in found if f.fix] == ["a.md"]
    assert 'status: "approved"\n' in after["a.md"]


def test_swapped_date_and_update_before_create(repo: Repo) -> None:
    root = repo({"e.md": EPIC, "a.md": story("spec-a-001", "createdAt: 2024-25-03\n"),
                 "b.md": story("spec-b-001", "createdAt: '2024-05-01'\nupdatedAt: 2024-04-01\n"),
                 "c.md": story("spec-c-001", "createdAt: 2024-13-45\n")})  # fmt: skip
    found, after = fixed(root, "SG404")
    assert {f.path: f.fix is not None for f in found} == {"a.md": True, "b.md": True, "c.md": False}
    assert "createdAt: 2024-03-25\n" in after["a.md"]
    assert "updatedAt: 2024-05-01\n" in after["b.md"]
    assert all(f.fix is None or f.fix.safety is Safety.UNSAFE for f in found)


def test_canonical_reference_keeps_a_label(repo: Repo) -> None:
    labelled = story("spec-a-001", "related: ['Spec-B-001: the b story']\n")
    root = repo({"e.md": EPIC, "a.md": labelled, "b.md": story("spec-b-001")})
    found, after = fixed(root, "SG106")
    assert len(found) == 1 and found[0].fix is not None
    assert "related: ['spec-b-001: the b story']\n" in after["a.md"]


def test_unused_suppression_keeps_the_used_ones(repo: Repo) -> None:
    root = repo({"e.md": EPIC, "a.md": story("spec-a-001", "speckit-graph:\n  ignore:\n    - SG203\n    - SG405\n")})
    found, after = fixed(root, "SG007", parse_config({}))
    assert [f.message.split("'")[1] for f in found] == ["SG203", "SG405"]
    assert after["a.md"].endswith("speckit-graph:\n  ignore:\n    - SG203\n---\nBody\n")  # the SG405 fix (the last one)


def test_back_link_creates_the_key_in_the_file_style(repo: Repo) -> None:
    root = repo({"e.md": EPIC, "a.md": story("spec-a-001", "related:\n  - spec-b-001\n"),
                 "b.md": story("spec-b-001", "dependencies:\n    - spec-epic-root-001\n")})  # fmt: skip
    found, after = fixed(root, "SG204")
    assert len(found) == 1 and found[0].path == "a.md" and found[0].fix is not None
    assert found[0].fix.paths == ("b.md",)
    assert after["b.md"].endswith("dependencies:\n    - spec-epic-root-001\nrelated:\n    - spec-a-001\n---\nBody\n")


@pytest.mark.parametrize(("others", "fixable"), [(["spec-b-001"], True), (["spec-b-001", "spec-by-001"], False)])
def test_dangling_reference_fixed_only_with_one_candidate(repo: Repo, others: list[str], fixable: bool) -> None:
    files = {"e.md": EPIC, "a.md": story("spec-a-001", "dependencies: [spec-bx-001]\n")}
    files.update({f"{o}.md": story(o) for o in others})
    found, after = fixed(repo(files), "SG101")
    assert len(found) == 1 and (found[0].fix is not None) is fixable
    if fixable:
        assert "dependencies: [spec-b-001]\n" in after["a.md"]


def test_self_reference_removed_from_list_or_scalar(repo: Repo) -> None:
    root = repo({"e.md": EPIC, "a.md": story("spec-a-001", "dependencies:\n  - spec-a-001\n  - spec-epic-root-001\n")})
    found, after = fixed(root, "SG103")
    assert "dependencies:\n  - spec-epic-root-001\n" in after["a.md"]


def test_no_key_fix_when_the_field_comes_from_a_second_block(repo: Repo) -> None:
    """With frontmatter-block = "second" the edited (first) block is not the one the loader read."""
    text = "---\ntitle: Generated\nstatus: Draft\n---\n# Title\n\n---\nid: spec-a-001\nstatus: Draft\ntype: epic\n---\nBody\n"
    root = repo({"a.md": text})
    found, after = fixed(root, "SG402", parse_config({"frontmatter-block": "second"}))
    assert [f.line for f in found] == [9]
    assert all(f.fix is None for f in found) and after == {}
