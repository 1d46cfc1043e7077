"""The -o file's suffix picks the format when --format is not given; a contradiction is a usage error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli._support import CHECKOUT, invoke

ROOT = "spec-epic-payments-001"


@pytest.mark.parametrize(
    ("args", "name", "looks_like"),
    [
        (["graph", str(CHECKOUT)], "g.json", lambda text: "nodes" in json.loads(text)),
        (["graph", str(CHECKOUT)], "g.gv", lambda text: text.startswith("digraph")),
        (["graph", str(CHECKOUT)], "g.mmd", lambda text: text.startswith(("flowchart", "%%", "---"))),
        (["check", str(CHECKOUT)], "c.sarif", lambda text: json.loads(text)["version"] == "2.1.0"),
        (["check", str(CHECKOUT)], "c.json", lambda text: "findings" in json.loads(text)),
        (["check", str(CHECKOUT)], "c.xml", lambda text: text.startswith("<?xml")),
        (["check", str(CHECKOUT)], "c.log", lambda text: not text.startswith(("{", "<"))),
        (["report", str(CHECKOUT), "--root", ROOT], "r.html", lambda text: text.lstrip().lower().startswith("<!doctype html")),
        (["report", str(CHECKOUT), "--root", ROOT], "r.json", lambda text: isinstance(json.loads(text), dict)),
        (["impact", ROOT, str(CHECKOUT)], "i.json", lambda text: isinstance(json.loads(text), dict)),
        (["impact", ROOT, str(CHECKOUT)], "i.dot", lambda text: text.startswith("digraph")),
        (["order", str(CHECKOUT)], "o.md", lambda text: text.startswith("#") or "|" in text),
    ],
)
def test_the_suffix_picks_the_format(args: list[str], name: str, looks_like, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    code, _, err = invoke(*args, "-o", str(out), "--no-cache")
    assert code in (0, 1), err
    assert looks_like(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["graph", str(CHECKOUT), "-o", "{tmp}/a.png"], "cannot tell the format from '.png'"),
        (["graph", str(CHECKOUT), "-f", "dot", "-o", "{tmp}/a.png"], "cannot tell the format from '.png'"),
        (["graph", str(CHECKOUT), "-f", "dot", "-o", "{tmp}/a.svg"], "the suffix '.svg' does not match --format dot"),
        (["check", str(CHECKOUT), "-f", "junit", "-o", "{tmp}/a.json"], "does not match --format junit"),
        (["report", str(CHECKOUT), "-o", "{tmp}/a.txt"], "cannot tell the format from '.txt'"),
        (["impact", ROOT, str(CHECKOUT), "-f", "json", "-o", "{tmp}/a.mmd"], "does not match --format json"),
    ],
)
def test_a_contradicting_or_unknown_suffix_is_exit_2_and_writes_nothing(args: list[str], message: str, tmp_path: Path) -> None:
    code, out, err = invoke(*[arg.format(tmp=tmp_path) for arg in args])
    assert code == 2 and message in err and out == ""
    assert list(tmp_path.iterdir()) == []


def test_sarif_may_be_written_to_a_json_file(tmp_path: Path) -> None:
    code, _, err = invoke("check", str(CHECKOUT), "-f", "sarif", "-o", str(tmp_path / "results.sarif.json"))
    assert code in (0, 1), err
    assert json.loads((tmp_path / "results.sarif.json").read_text(encoding="utf-8"))["version"] == "2.1.0"
