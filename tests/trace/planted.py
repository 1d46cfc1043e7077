"""A generated repository with specs, code, tests and JUnit results, and what was planted in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CONFIG = """\
[trace]
code = ["src/**/*.py"]
tests = ["tests/**/*.py"]
results = ["build/test-results/**/*.xml"]
"""


def spec_text(spec_id: str, title: str, status: str, parent: str | None = None) -> str:
    lines = ["---", f"id: {spec_id}", f"title: {title}", "type: functional_requirement", f"status: {status}"]
    if parent:
        lines.append(f"parent: {parent}")
    else:
        lines[3] = "type: epic"
    lines += ["approvers: [ana]", "---", "", f"# {title}", ""]
    return "\n".join(lines)


@dataclass
class Planted:
    """What the generator wrote: the truth the tests compare the scan with."""

    root: Path
    statuses: dict[str, str] = field(default_factory=dict)
    implemented: set[str] = field(default_factory=set)
    tested: set[str] = field(default_factory=set)
    unknown: list[tuple[str, int, int, str]] = field(default_factory=list)  # path, line, column, id
    failing: set[str] = field(default_factory=set)
    code_lines: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def plant(root: Path, specs: int = 30) -> Planted:
    """``specs`` specs REQ-0001...; every third implemented, every fourth tested, two unknown mentions, one failing test."""
    planted = Planted(root)
    (root / ".speckit-graph.toml").write_text(CONFIG, encoding="utf-8")
    (root / ".git").mkdir()  # the repository top: the configuration is found from specs/
    (root / "specs").mkdir()
    (root / "src" / "app").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "build" / "test-results").mkdir(parents=True)
    statuses = ["draft", "review", "approved", "implemented"]
    (root / "specs" / "epic.md").write_text(spec_text("EPIC-0001", "Root", "implemented"), encoding="utf-8")
    planted.statuses["EPIC-0001"] = "implemented"
    for n in range(1, specs + 1):
        spec_id = f"REQ-{n:04d}"
        status = statuses[n % 4]
        planted.statuses[spec_id] = status
        (root / "specs" / f"req-{n:04d}.md").write_text(
            spec_text(spec_id, f"Requirement {n}", status, "EPIC-0001"), encoding="utf-8"
        )
    planted.implemented.add("EPIC-0001")
    code = ['"""The application.', "", "Implements: EPIC-0001", '"""', ""]
    planted.code_lines["EPIC-0001"] = [("../src/app/main.py", 3)]
    for n in range(3, specs + 1, 3):
        spec_id = f"REQ-{n:04d}"
        code += [f"def feature_{n}():  # @spec {spec_id}", "    return 1", ""]
        planted.implemented.add(spec_id)
        planted.code_lines[spec_id] = [("../src/app/main.py", len(code) - 2)]
    code += ["# see REQ-9999 for the rest", "value = 'REQ-8888 in a string is not a mention'", ""]
    planted.unknown.append(("../src/app/main.py", len(code) - 2, 7, "REQ-9999"))
    (root / "src" / "app" / "main.py").write_text("\n".join(code), encoding="utf-8")
    tests = ["import pytest", ""]
    for n in range(4, specs + 1, 4):
        spec_id = f"REQ-{n:04d}"
        tests += [f'@pytest.mark.spec("{spec_id}")', f"def test_{n}():", "    assert True", ""]
        planted.tested.add(spec_id)
    tests += ["def test_unknown():", "    # Verifies: REQ-0100", "    pass", ""]
    planted.unknown.append(("../tests/test_app.py", len(tests) - 2, 17, "REQ-0100"))
    (root / "tests" / "test_app.py").write_text("\n".join(tests), encoding="utf-8")
    cases = [f'<testcase classname="tests.test_app" name="test_{n}[REQ-{n:04d}]" time="0.1"/>' for n in range(4, specs + 1, 4)]
    cases.append(
        '<testcase classname="tests.test_app" name="test_login" time="0.1">'
        '<properties><property name="spec" value="REQ-0002"/></properties>'
        '<failure message="assert 1 == 2">trace</failure></testcase>'
    )
    planted.tested.add("REQ-0002")
    planted.failing.add("REQ-0002")
    junit = '<?xml version="1.0"?>\n<testsuites><testsuite name="t">\n' + "\n".join(cases) + "\n</testsuite></testsuites>\n"
    (root / "build" / "test-results" / "junit.xml").write_text(junit, encoding="utf-8")
    (root / "src" / "app" / "logo.py").write_bytes(b"\x00\x01binary REQ-0001")
    return planted
