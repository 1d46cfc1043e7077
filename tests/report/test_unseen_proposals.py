"""Report answers that were wrong on proposal repositories nobody had tested (ARC-style preambles).

An ``author:`` written as a YAML list, and a repository where no spec has an estimate, are
the norm in improvement-proposal repositories; both used to give a wrong row or path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from speckit_graph.graph import algorithms as dag
from speckit_graph.usecases.load import load, resolve_config
from speckit_graph.usecases.report import readiness_report, resolve_scope
from tests.conftest import write_repo

CONFIG = 'preset = "improvement-proposals"\n[aliases]\nid = ["arc"]\n[ids]\nnumber-template = "ARC-{}"\n'


def proposal(number: int, status: str, extra: str = "") -> str:
    return f"---\narc: {number}\ntitle: Proposal {number}\nstatus: {status}\ncreated: 2022-01-01\n{extra}---\n"


def report_of(root: Path):  # type: ignore[no-untyped-def]
    config = resolve_config(root)
    graph = load(root, config)
    return readiness_report(graph, config, resolve_scope(graph, config, (), (), None), None, dt.date(2026, 12, 1))


def test_an_author_list_is_shown_as_its_names_not_as_unset(tmp_path: Path) -> None:
    listed = "author:\n  - Cosimo Bassi (@cusma)\n  - Adriano Di Luzio (@aldur)\n"
    root = write_repo(tmp_path, {".speckit-graph.toml": CONFIG, "arc-0020.md": proposal(20, "Draft", listed),
                                 "arc-0022.md": proposal(22, "Draft", "author: ori-shem-tov (@ori-shem-tov)\n")})  # fmt: skip
    authors = {row.id: row.author for row in report_of(root).specs}
    assert authors == {"ARC-20": "Cosimo Bassi (@cusma), Adriano Di Luzio (@aldur)", "ARC-22": "ori-shem-tov (@ori-shem-tov)"}


def test_with_no_estimates_the_critical_path_is_the_longest_chain_not_the_smallest_id(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {".speckit-graph.toml": CONFIG, "arc-0000.md": proposal(0, "Draft"),
                                 "arc-0004.md": proposal(4, "Last Call"),
                                 "arc-0022.md": proposal(22, "Draft", "requires: 4\n"),
                                 "arc-0056.md": proposal(56, "Draft", "requires: 4, 22\n")})  # fmt: skip
    assert report_of(root).critical_path.ids == ("ARC-4", "ARC-22", "ARC-56")


def test_equal_weights_prefer_more_specs_then_the_smaller_id() -> None:
    view = {"a": [], "b": ["a"], "c": ["b"], "d": []}
    assert dag.longest_path(view, {}) == ("a", "b", "c")
    assert dag.longest_path(view, {"d": 1.0}) == ("d",)  # weight still comes first
    assert dag.longest_path({"x": [], "y": []}, {}) == ("x",)
