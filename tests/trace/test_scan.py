"""The scanner: what counts as a mention, where it is, and that hostile files cost linear time."""

from __future__ import annotations

import time

import pytest

from speckit_graph.config.trace import DEFAULT_COMMENTS, DEFAULT_MARKERS
from speckit_graph.core.trace import COMMENT, MARKER, PYTEST
from speckit_graph.trace.scan import Scanner
from speckit_graph.trace.shapes import MAX_PREFIXES, IdShapes, signature

SHAPES = IdShapes.of(["REQ-0001", "spec-feature-email-001", "FEAT-AUTH-003"])


def scan(data: bytes, shapes: IdShapes = SHAPES, markers=DEFAULT_MARKERS, comments=DEFAULT_COMMENTS):
    return Scanner.build(shapes, markers, comments).scan(data)


@pytest.mark.parametrize(
    ("rest", "expected"),
    [("0001", "9"), ("feature-email-001", "a-a-9"), ("AUTH-003", "A-9"), ("camelCase12", "Aa9"), ("", "")],
)
def test_signature(rest: str, expected: str) -> None:
    assert signature(rest) == expected


def test_markers_pytest_and_comments_with_line_and_column() -> None:
    source = (
        b"# Implements: REQ-0001, REQ-0002.\n"
        b'x = "REQ-0003"  # see REQ-0004\n'
        b"/*\n * spec-feature-email-009 here\n */\n"
        b'@pytest.mark.spec("REQ-0005", "REQ-0006")\n'
        b"pass  # \xc3\xa9\xc3\xa9 REQ-0007\n"
    )
    assert scan(source) == [
        (1, 15, "REQ-0001", MARKER),
        (1, 25, "REQ-0002", MARKER),
        (2, 23, "REQ-0004", COMMENT),
        (4, 4, "spec-feature-email-009", COMMENT),
        (6, 20, "REQ-0005", PYTEST),
        (6, 32, "REQ-0006", PYTEST),
        (7, 12, "REQ-0007", COMMENT),  # columns count characters, not bytes
    ]


def test_what_is_not_a_mention() -> None:
    source = (
        b'value = "REQ-0001"\n'  # in code, not a comment
        b"# spec: see the notes below\n"  # words after a marker that do not look like ids
        b"# xREQ-0001 REQ-0001x REQ-00011a\n"  # glued to other words
        b"# mySpec: FEAT-9\n"  # a marker glued to a word is none; FEAT-9 has the wrong shape
        b"# REQ-ABC\n"  # REQ- followed by letters: not the shape of REQ-0001
    )
    assert scan(source) == []


def test_configured_markers_and_no_comment_openers() -> None:
    source = b"-- covers: REQ-0001\n# REQ-0002\n"
    assert scan(source, markers=("covers:",), comments=()) == [(1, 12, "REQ-0001", MARKER)]


def test_id_pattern_admits_ids_of_a_new_shape_after_markers_only() -> None:
    shapes = IdShapes.of(["REQ-0001"], id_pattern=r"[A-Z]+-\d+")
    assert scan(b"# Implements: NEW-12\n# NEW-13\n", shapes) == [(1, 15, "NEW-12", MARKER)]


def test_many_prefixes_fall_back_to_a_generic_token_shape() -> None:
    ids = [f"P{chr(65 + i // 26)}{chr(65 + i % 26)}-{i:03d}" for i in range(MAX_PREFIXES + 10)]
    shapes = IdShapes.of(ids)
    assert len(shapes.prefixes) > MAX_PREFIXES
    assert scan(b"# needs PAB-001 and PCA-9\n", shapes) == [(1, 9, "PAB-001", COMMENT), (1, 21, "PCA-9", COMMENT)]


@pytest.mark.parametrize(
    "hostile",
    [
        b"# spec: " * 250_000,  # markers everywhere on one 2 MB line
        b"# " + b"REQ-0001 " * 50_000,  # a mention every 9 bytes on one line
        b"spec:" + b" " * 2_000_000,  # a marker and two million blanks
        b"REQ-" + b"a" * 2_000_000,  # a prefix and a token with no end
        b"# " + b"spec-a-" * 300_000,  # prefixes glued together
        b"\xff\xfe" * 1_000_000,  # not text at all
    ],
    ids=["markers", "mentions", "blanks", "endless-token", "glued-prefixes", "binary"],
)
def test_hostile_files_scan_in_linear_time(hostile: bytes) -> None:
    start = time.perf_counter()
    scan(hostile)
    # Quadratic work on these inputs would take hours; linear work takes well under a second
    # (the bound is loose for a shared, loaded machine).
    assert time.perf_counter() - start < 20
