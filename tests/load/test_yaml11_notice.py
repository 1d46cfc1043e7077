"""SG008: where YAML 1.1 would read a value differently, say so once per kind per repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speckit_graph.load.yaml11 import _trap
from tests.conftest import assert_no_traceback, run_cli


@pytest.mark.parametrize(
    ("text", "as_text", "kind", "theirs"),
    [
        ("0054", True, "octal", "the number 44"),
        ("0054", False, "octal", "the number 44"),
        ("0x1F", True, "binary-or-hex", "the number 31"),
        ("0b101", False, "binary-or-hex", "the number 5"),
        ("1:30", False, "base-60", "the number 90"),
        ("1_000", False, "underscore", "the number 1000"),
        ("on", False, "boolean", "the boolean true"),
        ("no", False, "boolean", "the boolean false"),
        ("Off", False, "boolean", "the boolean false"),
        ("0o17", False, "number", "the text '0o17'"),
        ("2021-26-02", False, "date", "cannot read it at all"),
    ],
)
def test_each_trap_is_named(text: str, as_text: bool, kind: str, theirs: str) -> None:
    found = _trap("field", text, as_text)
    assert found is not None and found[0] == kind
    assert theirs in found[1]


@pytest.mark.parametrize("text", ["42", "1.5", "2024-01-31", "true", "null", "draft", "spec-a-001", "0089"])
def test_values_both_versions_read_alike_are_quiet(text: str) -> None:
    assert _trap("id", text, True) is None
    if text != "0089":  # 1.2 reads 0089 as 89 outside id and link fields; 1.1 as the text '0089'
        assert _trap("field", text, False) is None


def test_0x1f_outside_id_and_link_fields_is_31_either_way() -> None:
    assert _trap("estimatedEffort", "0x1F", False) is None


def sg008(root: Path) -> list[tuple[str, int, str]]:
    run = run_cli("check", root, "--format", "json", "--no-cache")
    assert_no_traceback(run)
    return [(f["path"], f["line"], f["message"]) for f in json.loads(run.stdout)["findings"] if f["code"] == "SG008"]


def test_said_once_per_kind_per_repository_at_the_first_file_and_line(tmp_path: Path) -> None:
    head = "---\nid: spec-{n}-001\ntitle: T\nstatus: draft\ntype: epic\n"
    (tmp_path / "b.md").write_text(head.format(n="b") + "related: [0054, 0033]\nreviewed: no\n---\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(head.format(n="a") + "reviewed: yes\nrelated: ['0054']\n---\n", encoding="utf-8")
    (tmp_path / "c.md").write_text(head.format(n="c") + "related: [0077]\nreviewed: 'no'\n---\n", encoding="utf-8")
    found = sg008(tmp_path)
    assert [(path, line) for path, line, _ in found] == [("a.md", 6), ("b.md", 6)]
    assert found[0][2].startswith("reviewed yes is read as the text 'yes'; YAML 1.1")
    assert found[1][2] == (
        "related 0054 is read as the text '0054'; YAML 1.1 (PyYAML's default and older tools) reads it as "
        "the number 44; quote it if other tools read this file"
    )


def test_quoted_values_are_never_flagged(tmp_path: Path) -> None:
    text = "---\nid: '0054'\ntitle: T\nstatus: draft\ntype: epic\nreviewed: 'on'\nrelated: ['1:30']\n---\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    assert sg008(tmp_path) == []
