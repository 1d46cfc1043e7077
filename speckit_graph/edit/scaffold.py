"""A new spec's text from a template: its frontmatter filled in line by line, its body kept.

Templates are rarely valid YAML (``estimatedEffort: { { hours } }``), so the frontmatter is
read as lines: a top-level ``key: value`` line starts an entry, indented lines and ``- item``
lines continue it, comments and blank lines stay where they are. Each entry the new spec
knows a value for is rewritten in the quoting the template used; an entry that still holds a
placeholder nobody can fill is emptied (a list keeps its real items) and named in the notes,
so the new spec carries no placeholder finding it did not have to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind
from speckit_graph.load.placeholders import placeholder_form

#: The SpeckIt template's frontmatter (``integration-template.md``), made type-neutral, with a short body.
SPECKIT_TEMPLATE = """---
# Required metadata for SpeckIt validation
id: '{{spec-id}}'
title: '{{Spec Title}}'
type: '{{spec-type}}'
category: '{{category}}'
author: '{{author-name}}'
version: '0.1.0'
status: 'draft'
priority: '{{priority-level}}'
createdAt: '{{YYYY-MM-DD}}'
updatedAt: '{{YYYY-MM-DD}}'
estimatedEffort: { { hours } }
actualEffort: { { hours } }
reviewers: []
approvers: []
tags: []

# Traceability links for SpeckIt validation
parent: '{{parent-spec-id}}'
dependencies: []
related: []
---

# {{Spec Title}}

## Overview
{{What this spec is about, and why it is needed.}}

## Requirements
1. {{Requirement}}

## Acceptance criteria
- [ ] {{Criterion}}
"""

_ENTRY = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?P<value>.*)$")
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _./-]*$")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"})
_NUMBER_LIKE = re.compile(r"^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$|^\d{4}-\d\d-\d\d")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\ufeff]")


@dataclass(frozen=True)
class NewSpecValues:
    """What the new spec says about itself; None leaves the template's value."""

    spec_id: str
    spec_type: str
    today: dt.date
    title: str | None = None
    parent: str | None = None
    status: str | None = None
    author: str | None = None
    defaults: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scaffold:
    """The new file's text, and the fields left for the author to fill (one note each)."""

    text: str
    left_empty: tuple[str, ...] = ()


def check_text(value: str, what: str) -> str:
    """A value given on the command line: one line of text, no control characters."""
    if _CONTROL.search(value):
        raise UsageError(f"{what} holds a line break or control character; give one line of text")
    if not value.strip():
        raise UsageError(f"{what} is empty")
    return value.strip()


def fill_template(template: str, values: NewSpecValues, config: Config) -> Scaffold:
    """The template with the new spec's values in its frontmatter; UsageError when it has no frontmatter."""
    newline = "\r\n" if "\r\n" in template else "\n"
    lines = template.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise UsageError("the template has no frontmatter (it must start with a '---' line)")
    closing = next((n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "...")), None)
    if closing is None:
        raise UsageError("the template's frontmatter is not closed by a '---' line")
    front, left_empty, old_title = _fill_frontmatter(lines[1:closing], values, config)
    body = lines[closing + 1 :]
    if values.title is not None and old_title:
        body = [line.replace(old_title, values.title) for line in body]
    text = newline.join(["---", *front, lines[closing], *body])
    return Scaffold(text, tuple(left_empty))


def _entries(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """(key, lines) per top-level entry; (None, [line]) for a comment or blank line between entries."""
    result: list[tuple[str | None, list[str]]] = []
    for line in lines:
        match = _ENTRY.match(line)
        continues = line[:1] in (" ", "\t") or line.startswith("- ")
        if match is not None:
            result.append((match.group("key"), [line]))
        elif continues and result and result[-1][0] is not None:
            result[-1][1].append(line)
        else:
            result.append((None, [line]))
    return result


def _fill_frontmatter(lines: list[str], values: NewSpecValues, config: Config) -> tuple[list[str], list[str], str]:
    canonical_of = {alias: name for name, aliases in config.aliases.items() for alias in aliases}
    links = {lf.key: lf.kind for lf in config.link_fields}
    forms = config.placeholder_forms or ("braces",)
    out: list[str] = []
    left_empty: list[str] = []
    old_title = ""
    seen: set[str] = set()
    for key, chunk in _entries(lines):
        if key is None:
            out.extend(chunk)
            continue
        raw = "\n".join(chunk)[len(key) :].split(":", 1)[1]
        name = canonical_of.get(key, key)
        seen.add("parent" if links.get(key) is LinkKind.PARENT else name)
        holds_placeholder = _holds_placeholder(raw, forms)
        if name == "title":
            old_title = _unquote(raw.strip()) if holds_placeholder else ""
        new = _new_value(name, key, raw, holds_placeholder, links, values)
        if new is None and holds_placeholder:
            new = _emptied(raw, forms)
            if not _is_list(raw):
                left_empty.append(key)
        out.extend(chunk if new is None else [f"{key}:{new}" if not new or new.startswith(" ") else f"{key}: {new}"])
    missing = {"id": values.spec_id, "title": values.title, "type": values.spec_type, "parent": values.parent}
    end = len(out)
    while end and not out[end - 1].strip():  # added keys go after the last entry, blank lines stay after them
        end -= 1
    added = [f"{name}: {_scalar(value, '')}" for name, value in missing.items() if value is not None and name not in seen]
    return [*out[:end], *added, *out[end:]], left_empty, old_title


def _new_value(
    name: str, key: str, raw: str, holds_placeholder: bool, links: Mapping[str, LinkKind], values: NewSpecValues
) -> str | None:
    """The rewritten value text for one entry, or None to keep (or empty) the template's."""
    quote = _quote_of(raw)
    if name == "id":
        return _scalar(values.spec_id, quote)
    if name == "title" and values.title is not None:
        return _scalar(values.title, quote)
    if name == "type":
        return _scalar(values.spec_type, quote)
    if name == "status" and values.status is not None and holds_placeholder:
        return _scalar(values.status, quote)
    if name in ("createdAt", "updatedAt"):
        return values.today.isoformat()
    if key in links:
        if links[key] is LinkKind.PARENT and "\n" not in raw.strip():
            return _scalar(values.parent, quote) if values.parent else ("''" if holds_placeholder else None)
        if links[key] is LinkKind.PARENT and values.parent:
            return f"[{_scalar(values.parent, quote)}]"
        return None
    if name == "author" and holds_placeholder and values.author:
        return _scalar(values.author, quote)
    if holds_placeholder and name in values.defaults:
        return _scalar(values.defaults[name], quote)
    return None


def _holds_placeholder(raw: str, forms: tuple[str, ...]) -> bool:
    text = raw.strip()
    if "{" in text and "}" in text and "braces" in forms:
        return bool(re.search(r"\{\s*\{", text))
    pieces = [_unquote(p.strip()) for p in re.split(r"[,\n\[\]]|^\s*-\s", text)]
    return any(piece and placeholder_form(piece, forms) for piece in pieces)


def _emptied(raw: str, forms: tuple[str, ...]) -> str:
    """A placeholder value with nothing to put in it: a list keeps its real items, a scalar becomes null."""
    text = raw.strip()
    if _is_list(raw):
        items = [p.strip() for p in re.split(r"[,\n]", text.strip("[]")) if p.strip()]
        kept = [item for item in items if not _holds_placeholder(item.lstrip("- "), forms)]
        return "[" + ", ".join(item.lstrip("- ").strip() for item in kept) + "]"
    return ""  # null until someone knows: no rule reads null as a value (an effort of '' would be SG405)


def _is_list(raw: str) -> bool:
    text = raw.strip()
    return text.startswith("[") or text.startswith("- ") or "\n- " in raw or "\n  - " in raw


def _quote_of(raw: str) -> str:
    text = raw.strip()
    return text[0] if text[:1] in ("'", '"') else ""


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in ("'", '"'):
        return text[1:-1]
    return text


def _scalar(value: str | None, quote: str) -> str:
    """``value`` as a one-line YAML scalar, quoted as the template quoted it (plain only when plain is safe)."""
    text = value or ""
    if quote == "" and _PLAIN_SAFE.match(text) and text.lower() not in _YAML_WORDS and not _NUMBER_LIKE.match(text):
        if not text.endswith(" ") and ": " not in text and " #" not in text:
            return text
    if quote == '"':
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "'" + text.replace("'", "''") + "'"
