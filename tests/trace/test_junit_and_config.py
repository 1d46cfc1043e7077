"""JUnit XML is read safely; [trace] is validated like every other section."""

from __future__ import annotations

import pytest

from speckit_graph.config.parse import parse_config
from speckit_graph.config.trace import DEFAULT_MARKERS
from speckit_graph.core.errors import ConfigError
from speckit_graph.core.trace import ERROR, FAILED, PASSED, SKIPPED
from speckit_graph.trace.junit import UnsafeXml, read_junit
from speckit_graph.trace.scan import Scanner
from speckit_graph.trace.shapes import IdShapes

SCANNER = Scanner.build(IdShapes.of(["REQ-0001"]), DEFAULT_MARKERS, ())

JUNIT = b"""<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="s">
<testcase classname="t.a" name="test_ok[REQ-0001]"/>
<testcase classname="t.a" name="test_fail"><properties><property name="spec" value="REQ-0002, REQ-0003"/></properties>
<failure message="boom"/></testcase>
<testcase classname="t.a" name="test_error REQ-0004"><error type="OSError"/></testcase>
<testcase classname="t.a" name="test_skip_REQ-0005"><skipped/></testcase>
<testcase classname="t.a" name="test_skip REQ-0006"><skipped/></testcase>
<testcase classname="t.a" name="unrelated"/>
</testsuite></testsuites>
"""


def test_cases_naming_specs_and_their_outcomes() -> None:
    results, naming = read_junit(JUNIT, "junit.xml", SCANNER)
    assert [(r.id, r.outcome, r.line) for r in results] == [
        ("REQ-0001", PASSED, 3),
        ("REQ-0002", FAILED, 4),
        ("REQ-0003", FAILED, 4),
        ("REQ-0004", ERROR, 6),
        ("REQ-0006", SKIPPED, 8),
    ]
    assert results[1].message == "boom" and results[1].test == "t.a.test_fail"
    assert [how for _, how in naming] == ["test-name", "property", "property", "test-name", "test-name"]


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><testsuite>&lol2;</testsuite>',
        b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><testsuite>&xxe;</testsuite>',
        b'<!DOCTYPE testsuite SYSTEM "http://example.invalid/junit.dtd"><testsuite/>',
    ],
)
def test_dtds_and_entities_are_refused(xml: bytes) -> None:
    with pytest.raises(UnsafeXml):
        read_junit(xml, "x.xml", SCANNER)


def test_malformed_xml_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not well-formed"):
        read_junit(b"<testsuite><testcase>", "x.xml", SCANNER)


def test_trace_section_parsed() -> None:
    config = parse_config(
        {
            "trace": {
                "code": ["src/**/*.py"],
                "tests": "tests/**/*.py",
                "markers": ["covers:"],
                "test-status": "review",
                "max-file-size": 2048,
                "patterns": {"**/*.sql": {"comments": ["--"]}},
            }
        }
    )
    trace = config.trace
    assert trace.enabled and trace.code == ("src/**/*.py",) and trace.tests == ("tests/**/*.py",)
    assert trace.markers == ("covers:",) and trace.test_status == "review" and trace.max_file_size == 2048
    assert trace.patterns[0].glob == "**/*.sql" and trace.patterns[0].comments == ("--",)
    assert trace.patterns[0].markers == ("covers:",), "a pattern inherits the section's markers"
    assert not parse_config({}).trace.enabled


def test_trace_errors_are_all_reported() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(
            {
                "trace": {
                    "code": [1],
                    "colour": "red",
                    "markers": ["", "x" * 100, " spaced"],
                    "code-status": "shipped",
                    "max-file-size": 0,
                    "patterns": {"*.sql": "--"},
                }
            }
        )
    text = str(caught.value)
    for key in (
        "trace.code",
        "trace.colour",
        "trace.markers",
        "trace.code-status",
        "trace.max-file-size",
        "trace.patterns.*.sql",
    ):
        assert key in text, key
