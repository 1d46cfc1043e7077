"""Read JUnit XML test results: which test cases name a spec, and how they ended.

A test case names a spec with ``<property name="spec" value="ID"/>`` (several ids may be
separated by commas or spaces) or by an id-shaped word in its name or class name
(``test_login[REQ-0001]``). The XML is read with expat and refused outright when it has a
document type declaration: JUnit files never need one, and without a DTD no entity can be
declared, so neither entity expansion (billion laughs) nor external entities (file or
network reads) can happen. This is what ``defusedxml`` does by default; doing it with the
standard library's expat avoids a dependency for ten lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NoReturn
from xml.parsers import expat

from speckit_graph.core.trace import ERROR, FAILED, PASSED, PROPERTY, SKIPPED, TEST_NAME, CaseResult
from speckit_graph.trace.scan import Scanner

_SPLIT = re.compile(r"[\s,;]+")
_MAX_MESSAGE = 300


class UnsafeXml(ValueError):
    """The file declares a DTD or entities: refused rather than expanded."""


@dataclass
class _Case:
    name: str
    classname: str
    line: int
    outcome: str = PASSED
    message: str = ""
    specs: list[str] = field(default_factory=list)
    depth: int = 0


def read_junit(data: bytes, path: str, scanner: Scanner) -> tuple[list[CaseResult], list[tuple[str, str]]]:
    """The spec-naming test cases of one JUnit file, plus each id and how it was named.

    Raises UnsafeXml for a DTD or entity declaration and ValueError when the XML does not parse.
    """
    results: list[CaseResult] = []
    naming: list[tuple[str, str]] = []
    stack: list[_Case] = []
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: Any) -> NoReturn:
        raise UnsafeXml("a DTD or entity declaration (refused: JUnit XML needs none)")

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "testcase":
            stack.append(_Case(attrs.get("name", ""), attrs.get("classname", ""), parser.CurrentLineNumber))
            return
        if not stack:
            return
        case = stack[-1]
        if tag == "property" and attrs.get("name", "").strip().lower() == "spec":
            case.specs.extend(t for t in _SPLIT.split(attrs.get("value", "")) if t)
        elif tag in ("failure", "error") and case.outcome != FAILED:
            case.outcome = FAILED if tag == "failure" else ERROR
            case.message = (attrs.get("message") or attrs.get("type") or "")[:_MAX_MESSAGE]
        elif tag == "skipped" and case.outcome == PASSED:
            case.outcome = SKIPPED

    def end(tag: str) -> None:
        if tag == "testcase" and stack:
            _finish(stack.pop(), path, scanner, results, naming)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ValueError(f"not well-formed XML ({expat.ErrorString(exc.code)}, line {exc.lineno})") from None
    return results, naming


def _finish(case: _Case, path: str, scanner: Scanner, results: list[CaseResult], naming: list[tuple[str, str]]) -> None:
    test = f"{case.classname}.{case.name}" if case.classname else case.name
    ids: dict[str, str] = {spec_id: PROPERTY for spec_id in case.specs}
    for text in (case.classname, case.name):
        for _, _, spec_id, _ in scanner.ids_in(text.encode("utf-8", "replace")):
            ids.setdefault(spec_id, TEST_NAME)
    for spec_id, how in ids.items():
        results.append(CaseResult(spec_id, test, case.outcome, path, case.line, case.message))
        naming.append((spec_id, how))
