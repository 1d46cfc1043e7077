"""SG101 for a link to a spec whose file does not parse: it names that file, not "no spec has"."""

from __future__ import annotations

import json
from pathlib import Path

from speckit_graph.load.recover import claimed_id
from tests.conftest import assert_no_traceback, run_cli

BROKEN = "---\nid: spec-a-001\ntitle: A\nstatus: draft\ntype: epic\nparent: [spec-b-001\n---\n"
LINKING = "---\nid: spec-c-001\ntitle: C\nstatus: draft\ntype: epic\ndependencies: [spec-a-001, spec-a-002]\n---\n"


def sg101(root: Path, *args: str) -> list[str]:
    run = run_cli("check", root, "--format", "json", *args)
    assert_no_traceback(run)
    assert run.code == 1, run.stderr
    findings = json.loads(run.stdout)["findings"]
    return [f["message"] for f in findings if f["code"] == "SG101"]


def test_a_link_to_an_unparsable_file_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "c.md").write_text(LINKING, encoding="utf-8")
    expected = [
        "dependencies names 'spec-a-001', whose file does not parse (a.md:2)",
        "dependencies names 'spec-a-002', which no spec has",  # no did-you-mean to a spec that is not there
    ]
    assert sg101(tmp_path, "--no-cache") == expected
    cache = tmp_path / ".cache"
    assert sg101(tmp_path, "--cache-dir", str(cache)) == expected
    assert sg101(tmp_path, "--cache-dir", str(cache)) == expected  # warm cache: the claimed id survives it
    assert sg101(tmp_path, "--no-cache", "--jobs", "2") == expected


def test_an_alias_key_and_a_quoted_id_count(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BROKEN.replace("id: spec-a-001", "spec_id: 'spec-a-001'"), encoding="utf-8")
    (tmp_path / "c.md").write_text(LINKING, encoding="utf-8")
    assert sg101(tmp_path, "--no-cache")[0] == "dependencies names 'spec-a-001', whose file does not parse (a.md:2)"


def test_two_id_lines_are_ambiguous_and_say_no_spec_has(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BROKEN.replace("title: A\n", "title: A\nspecId: spec-a-009\n"), encoding="utf-8")
    (tmp_path / "c.md").write_text(LINKING, encoding="utf-8")
    assert sg101(tmp_path, "--no-cache")[0].startswith("dependencies names 'spec-a-001', which no spec has")


def test_claimed_id_reads_only_unambiguous_top_level_lines() -> None:
    keys = ("id", "spec_id")
    assert claimed_id("id: x-1\ntitle: [oops\n", keys) == ("x-1", 0)
    assert claimed_id("title: t\n'id': \"x-2\"\n", keys) == ("x-2", 1)
    assert claimed_id("id: 0054\n", keys) == ("0054", 0)  # as written
    assert claimed_id("  id: nested\n", keys) is None  # not top level
    assert claimed_id("id: [a, b]\n", keys) is None  # not one id
    assert claimed_id("id: a\nspec_id: b\n", keys) is None  # two claims
    assert claimed_id("id: [broken\n", keys) is None
    assert claimed_id("identity: a\n", keys) is None
