"""Bare ids count in comments of the file's own language unless ``[trace] comments`` is set."""

from __future__ import annotations

from pathlib import Path

from speckit_graph.config.parse import parse_config
from speckit_graph.trace.collect import collect
from speckit_graph.trace.languages import family_of
from speckit_graph.trace.shapes import IdShapes

SHAPES = IdShapes.of(["REQ-0001", "REQ-0002"])
FILES = {
    "src/a.py": 'x = "a; REQ-0001 -- REQ-0002"  # REQ-0002\n',  # ';' and '--' open no Python comment
    "src/b.sql": "select 1; -- REQ-0001\n",
    "src/c.go": "x := 1; // REQ-0002\n",
    "src/d.unknown": "; REQ-0001\n",  # an extension no table knows: the generic openers
}


def _mentions(tmp_path: Path, trace: dict[str, object]) -> set[tuple[str, str, int]]:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    config = parse_config({"trace": {"code": ["src/*"], **trace}})
    index = collect(tmp_path, tmp_path, config.trace, SHAPES, results_limit=1 << 20, jobs=1)
    return {(m.path, m.id, m.column) for m in index.mentions}


def test_each_language_gets_its_own_comment_openers(tmp_path: Path) -> None:
    assert _mentions(tmp_path, {}) == {
        ("src/a.py", "REQ-0002", 34),
        ("src/b.sql", "REQ-0001", 14),
        ("src/c.go", "REQ-0002", 12),
        ("src/d.unknown", "REQ-0001", 3),
    }


def test_configured_openers_apply_to_every_file(tmp_path: Path) -> None:
    found = _mentions(tmp_path, {"comments": [";"]})
    assert ("src/a.py", "REQ-0001", 9) in found, "after ';' in a Python string: the configured opener applies"
    assert ("src/c.go", "REQ-0002", 12) in found and not any(path == "src/b.sql" and column != 14 for path, _, column in found)


def test_extensions_are_read_case_blind_and_dot_files_have_none() -> None:
    assert family_of("src/Query.SQL") == family_of("x.sql") is not None
    assert family_of("src/.bashrc") is None and family_of("Makefile") is None and family_of("a.b/c") is None
