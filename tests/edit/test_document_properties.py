"""Hypothesis: on generated frontmatter (block/flow lists, quotes, comments, CRLF, BOM), every edit
touches only the frontmatter, keeps line endings, and the result parses to exactly what was intended."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from speckit_graph.edit import Document, EditError, apply_edits
from speckit_graph.load.yamlschema import Yaml12Loader

WORDS = st.sampled_from(["spec-a-001", "Draft", "x", "spec-b-002", "it's", "a: b", "#tag", "héllo", "1.5", "null"])
STYLES = ["", "'", '"']
KEYS = ["id", "status", "parent", "dependencies", "related", "tags", "owner"]


def scalar(value: str, style: str) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or not value.replace("-", "").replace(".", "").isalnum() or value in ("null", "1.5"):
        return json.dumps(value, ensure_ascii=False)
    return value


@st.composite
def documents(draw: st.DrawFn) -> tuple[bytes, dict[str, Any]]:
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True))
    lines: list[str] = []
    expected: dict[str, Any] = {}
    for key in keys:
        comment = draw(st.sampled_from(["", "  # note", " # x: [y]"]))
        if draw(st.booleans()):
            value = draw(WORDS)
            style = draw(st.sampled_from(STYLES))
            lines.append(f"{key}: {scalar(value, style)}{comment}")
            expected[key] = value
        else:
            entries = draw(st.lists(WORDS, min_size=1, max_size=4))
            styles = [draw(st.sampled_from(STYLES)) for _ in entries]
            written = [scalar(v, s) for v, s in zip(entries, styles, strict=True)]
            if draw(st.booleans()):
                lines.append(f"{key}: [{', '.join(written)}]{comment}")
            else:
                indent = draw(st.sampled_from(["", "  ", "    "]))
                lines.append(f"{key}:{comment}")
                lines.extend(f"{indent}- {w}" + draw(st.sampled_from(["", " # c"])) for w in written)
            expected[key] = entries
        if draw(st.booleans()):
            lines.append("# a comment line")
    text = ("\ufeff" if bom else "") + "---" + eol + eol.join(lines) + eol + "---" + eol + "Body # not yaml" + eol
    return text.encode("utf-8"), expected


def parsed(data: bytes) -> dict[str, Any]:
    """The frontmatter's fields, split independently of Document (an emptied block reads as {})."""
    text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    block = "" if text.startswith("---\n---\n") else text.split("---\n", 2)[1]
    loaded = yaml.load(block, Loader=Yaml12Loader) or {}
    assert isinstance(loaded, dict)
    return loaded


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_edits_touch_only_their_span_and_mean_what_was_intended(case: tuple[bytes, dict[str, Any]], data: st.DataObject) -> None:
    original, expected = case
    assert parsed(original) == expected  # the generator writes what it means
    doc = Document.parse("f.md", original)
    key = data.draw(st.sampled_from(KEYS))
    op = data.draw(st.sampled_from(["replace", "add", "remove_entry", "remove_key"]))
    value = data.draw(WORDS)
    intended = dict(expected)
    current = expected.get(key)
    try:
        if op == "replace":
            edits = doc.replace_scalar((key,), value)
            intended[key] = value
        elif op == "add":
            edits = doc.add_entry((key,), value)
            intended[key] = (current if isinstance(current, list) else [] if current is None else [current]) + [value]
        elif op == "remove_entry":
            index = data.draw(st.integers(0, 4))
            edits = doc.remove_entry((key, index))
            assert isinstance(current, list)
            intended[key] = current[:index] + current[index + 1 :]
        else:
            edits = doc.remove_key((key,))
            del intended[key]
    except EditError:
        return  # not applicable (a list asked for a scalar edit, a missing entry...)
    result = apply_edits(original, edits)
    assert parsed(result) == intended
    block_end = original.index(b"---", 4)
    for edit in edits:
        assert doc.offset <= edit.start <= edit.end <= block_end
    assert result.startswith(b"\xef\xbb\xbf") == original.startswith(b"\xef\xbb\xbf")
    body = original[block_end:]
    assert result.endswith(body)
    if b"\r\n" in original:
        assert result.count(b"\n") == result.count(b"\r\n"), "no bare LF in a CRLF file"
    else:
        assert b"\r" not in result
