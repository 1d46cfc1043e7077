"""SARIF results written as JSON text directly, one result at a time, without nested dicts.

:func:`sarif.sarif_document` builds about ten small dicts and lists per finding; for 40,000
findings that, and orjson walking them, was most of the writer's time. Here each result is
formatted from a template, its strings escaped by :func:`_quote`, in exactly the layout
``orjson.dumps(..., OPT_INDENT_2)`` (= ``json.dumps(indent=2, ensure_ascii=False)``) gives the
result at its depth in the document. Anything unusual (a fix, a string orjson refuses) takes
the dict path for that result or for the whole document, so the bytes never depend on which path
ran: ``tests/render/test_sarif_text_identity.py`` compares them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import orjson

from speckit_graph.core.findings import CheckResult, Finding, RuleInfo
from speckit_graph.render.findings import sarif

#: A result object sits at depth 4 of the document: runs -> [0] -> results -> [i].
_INDENT = " " * 8
_RESULTS_KEY = '\n      "results": []'
_LOCATIONS_OPEN = ',\n          "locations": [\n            {\n              "physicalLocation": {\n'
_FINGERPRINT_KEY = f'"{sarif.FINGERPRINT_KEY}"'
_LOCATIONS_CLOSE = "\n              }\n            }\n          ]"
_LEVELS = {severity: f'"{level}"' for severity, level in sarif.LEVELS.items()}


class _Refused(ValueError):
    """orjson refused a value (a lone surrogate, a huge integer): the whole document takes the old path."""


def _quote(text: str) -> str:
    """``text`` as a JSON string, as orjson (and json with ensure_ascii=False) writes it."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    try:
        return orjson.dumps(text).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError) as exc:
        raise _Refused(str(exc)) from exc


def _int(value: Any) -> str:
    """An integer as JSON writes it; orjson refuses those beyond 64 bits (and so the fast path)."""
    if type(value) is not int or not -(2**63) <= value < 2**64:
        raise _Refused("not a 64-bit integer")
    return str(value)


def render_sarif_text(result: CheckResult, rules: Sequence[RuleInfo], root: str, tool_version: str) -> str | None:
    """The same text as ``json_text(sarif_document(...))``, or None when only the dict path can write it."""
    catalogue = sorted(rules, key=lambda r: r.code)
    index = {rule.code: _int(position) for position, rule in enumerate(catalogue)}
    document = sarif.sarif_document(dataclasses.replace(result, findings=()), rules, root, tool_version)
    try:
        head = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError):
        return None
    before, found, after = head.partition(_RESULTS_KEY)
    if not found or _RESULTS_KEY in after:
        return None
    if not result.findings:
        return head + "\n"
    memo: dict[str, str] = {}
    try:
        texts = [_result(finding, index, root, memo) for finding in result.findings]
    except _Refused:
        return None
    return "".join((before, '\n      "results": [\n', ",\n".join(texts), "\n      ]", after, "\n"))


def _result(finding: Finding, index: dict[str, str], root: str, memo: dict[str, str]) -> str:
    """One result's text; ``memo`` holds this document's texts of rule heads, rule names and locations."""
    if finding.fix is not None:  # rare: the dict path, re-indented to this depth
        data = sarif._result(finding, {k: int(v) for k, v in index.items()}, root, {})
        try:
            text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (orjson.JSONEncodeError, TypeError) as exc:
            raise _Refused(str(exc)) from exc
        return _INDENT + text.replace("\n", "\n" + _INDENT)
    code = finding.code
    head = memo.get("\x00" + code)
    if head is None:
        position = index.get(code)
        head = f'        {{\n          "ruleId": {_quote(code)}'
        if position is not None:
            head += f',\n          "ruleIndex": {position}'
        memo["\x00" + code] = head
    where = ""
    if finding.path is not None:
        line, column = finding.line, finding.column
        region = ""
        if line is not None and line >= 1:
            region = f',\n                "region": {{\n                  "startLine": {_int(line)}'
            if column is not None and column >= 1:
                region += f',\n                  "startColumn": {_int(column)}'
            region += "\n                }"
        where = f"{_LOCATIONS_OPEN}{_location(finding.path, root, memo)}{region}{_LOCATIONS_CLOSE}"
    fingerprint = finding.fingerprint
    fingerprint = f'"{fingerprint}"' if fingerprint.isalnum() and fingerprint.isascii() else _quote(fingerprint)
    rule = memo.get("\x01" + finding.rule)
    if rule is None:
        rule = memo["\x01" + finding.rule] = _quote(finding.rule)
    extra = "" if finding.spec is None else f',\n            "spec": {_text(finding.spec)}'
    if finding.related:
        items = ",\n              ".join(_text(item) for item in finding.related)
        extra += f',\n            "related": [\n              {items}\n            ]'
    return (
        f'{head},\n          "level": {_LEVELS[finding.severity]},\n          "message": {{\n            "text": '
        f'{_text(finding.message)}\n          }}{where},\n          "partialFingerprints": {{\n            {_FINGERPRINT_KEY}: '
        f'{fingerprint}\n          }},\n          "properties": {{\n            "rule": {rule}{extra}\n          }}\n        }}'
    )


def _text(text: str) -> str:
    """A finding's text as SARIF shows it: :func:`sarif._utf8`, then quoted."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return _quote(sarif._utf8(text))


def _location(path: str, root: str, memo: dict[str, str]) -> str:
    """The ``artifactLocation`` member of a file, written once per file."""
    text = memo.get("\x02" + path)
    if text is None:
        location = sarif.artifact_location(path, root)
        members = ",\n".join(f"                  {_quote(k)}: {_quote(v)}" for k, v in location.items())
        text = memo["\x02" + path] = f'                "artifactLocation": {{\n{members}\n                }}'
    return text
