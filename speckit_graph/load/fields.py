"""Turn a parsed frontmatter block into a Spec: aliases, the id, placeholders, link entries.

Link entries are parsed into unresolved :class:`Reference` objects here; resolving them
needs every file, so :mod:`speckit_graph.load.resolve` does it once all are read.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import yaml

from speckit_graph.config.model import Config, LinkField
from speckit_graph.core.model import BadLinkValue, LinkKind, Location, Reference, RefForm, Spec
from speckit_graph.load.builders import new_location, new_reference, new_spec
from speckit_graph.load.issues import MISSING_ID, FileOutcome
from speckit_graph.load.markers import is_empty_marker
from speckit_graph.load.placeholders import has_placeholder, placeholder_form
from speckit_graph.load.references import BadEntry, ParsedRef, describe, parse_entry, parse_plain_id

#: Fields that make a frontmatter block look like a spec even without an id.
SPEC_HINT_FIELDS = ("type", "status", "priority", "category", "reviewers", "approvers", "estimatedEffort")
_MAX_WALK_NODES = 100_000
#: An id written ``X`` or ``XXXX`` where ids are numbers: the draft has no number yet (SG403).
_UNASSIGNED_NUMBER = re.compile(r"^[xX]{1,6}$")


class Entry(NamedTuple):
    """One top-level frontmatter key: its value, its nodes, and the file line of node line 0.

    A named tuple, not a frozen dataclass: about twenty are built per file, and a frozen
    dataclass's ``__init__`` cost four times as much (5% of reading a typical file).
    """

    value: Any
    key_node: Any
    value_node: Any
    offset: int

    @property
    def line(self) -> int:
        return int(self.key_node.start_mark.line) + self.offset

    def line_of(self, node: Any) -> int:
        return int(node.start_mark.line) + self.offset


def entries_of(data: dict[Any, Any], node: Any, offset: int) -> dict[str, Entry]:
    """String keys of a parsed block with their nodes; the last duplicate wins, as in YAML."""
    nodes: dict[str, tuple[Any, Any]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                nodes[key_node.value] = (key_node, value_node)
    return {
        key: Entry(value, nodes[key][0], nodes[key][1], offset)
        for key, value in data.items()
        if isinstance(key, str) and key in nodes
    }


def build_spec(
    relpath: str,
    entries: dict[str, Entry],
    config: Config,
    outcome: FileOutcome,
    in_template_dir: bool,
    scan_placeholders: bool = True,
) -> Spec | None:
    """The spec one file's entries describe, or None (with the reason in ``outcome``: template, no id).

    ``scan_placeholders`` False: the caller knows from the source text that no value holds a
    template placeholder (``placeholders.may_hold_placeholder``), so the values are not walked.
    """
    entries = _numbers_as_written(entries, config.text_keys)
    fields: dict[str, Any] = {}
    field_lines: dict[str, int] = {}
    field_keys: dict[str, str] = {}
    canonical_of = config.canonical_keys
    intern = sys.intern  # one shared "id", "title"... across specs, in workers and after marshal (see packing)
    for key, entry in entries.items():
        key = intern(key)
        canonical = intern(canonical_of.get(key, key))
        if canonical in fields and canonical != key:
            continue  # the canonical key, or the first alias written, wins
        fields[canonical] = entry.value
        field_keys[canonical] = key
        field_lines[canonical] = entry.key_node.start_mark.line + entry.offset

    raw_id = fields.get("id")
    has_id = raw_id is not None and not (isinstance(raw_id, str) and not raw_id.strip())
    placeholders = tuple(_find_placeholders(entries, config)) if scan_placeholders else ()
    link_fields = [lf for lf in config.link_fields if lf.key in entries]
    link_values = [entries[lf.key].value for lf in link_fields]
    is_template = in_template_dir or (
        (isinstance(raw_id, str) and has_placeholder(raw_id)) or any(has_placeholder(v) for v in _strings(link_values))
    )
    if is_template:
        outcome.report_template(relpath)
        return None
    path_id = None if has_id else config.ids.id_from_path(relpath)
    if not has_id and path_id is None:
        looks_like_spec = bool(link_fields) or sum(n in fields for n in SPEC_HINT_FIELDS) >= 2
        if looks_like_spec:
            keys = " or ".join(f"'{k}'" for k in config.keys_for("id"))
            outcome.report(MISSING_ID, f"frontmatter has spec fields but no id ({keys})", path=relpath, line=1, column=1)
        return None
    if has_id and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        outcome.report(
            MISSING_ID,
            f"'{field_keys['id']}' must be a string, got {describe(raw_id)}",
            path=relpath,
            line=field_lines.get("id"),
        )
        return None
    id_key = field_keys.get("id", "id")
    template = config.ids.number_template
    if path_id is not None:
        spec_id = path_id
    else:
        spec_id = str(raw_id).strip()
        if template is not None and spec_id.isdigit() and spec_id.isascii():
            spec_id = template.format(spec_id, id_key)
        elif template is not None and _UNASSIGNED_NUMBER.match(spec_id) and id_key not in dict(placeholders):
            # Ids are numbers here, and `X`/`XXXX` is how EIP-style drafts say "no number yet".
            placeholders = (*placeholders, (id_key, field_lines.get("id", 1)))
    references, bad = _read_references(relpath, entries, link_fields, config, id_key)
    location = new_location(relpath, field_lines.get("id", 1), 1)
    # Every field of Spec in order (tests/load/test_fields_spec_shape.py); links and what resolving finds come later.
    links = unresolved = loose = duplicates = unparsed = ()
    return new_spec(
        spec_id, relpath, location, fields, field_lines, field_keys, links, tuple(bad), duplicates, placeholders,
        tuple(references), unresolved, loose, unparsed,
    )  # fmt: skip


def _read_references(
    relpath: str, entries: dict[str, Entry], link_fields: list[LinkField], config: Config, id_key: str
) -> tuple[list[Reference], list[BadLinkValue]]:
    """Parse every link field into unresolved references; wrong shapes become bad links."""
    references: list[Reference] = []
    bad: list[BadLinkValue] = []
    limit = config.limits.max_links_per_field
    single_parent = {lf.key for lf in link_fields if lf.kind is LinkKind.PARENT and not lf.multiple}
    settings, template = config.references, config.ids.number_template
    for link_field in link_fields:
        key = link_field.key
        entry = entries[key]
        value = entry.value
        field_location = new_location(relpath, entry.line, 1)
        if value is None:
            continue
        items: list[tuple[Any, Location]]
        in_list = isinstance(value, list)
        if in_list:
            item_nodes = entry.value_node.value if isinstance(entry.value_node, yaml.SequenceNode) else []
            items = []
            for index, item in enumerate(value):
                node = item_nodes[index] if index < len(item_nodes) else None
                if node is None:
                    items.append((item, field_location))
                else:
                    items.append((item, new_location(relpath, entry.line_of(node), int(node.start_mark.column) + 1)))
            if key in single_parent and len(value) > 1:
                bad.append(BadLinkValue(key, preview(value), "a spec has one parent, not a list", field_location))
                continue
        elif isinstance(value, str) and not value.strip():
            continue  # `parent: ""`, `replaces: ""`: no link, as templates write it (like `N/A`)
        else:
            column = int(entry.value_node.start_mark.column) + 1
            items = [(value, new_location(relpath, entry.line_of(entry.value_node), column))]
        if len(items) > limit:
            bad.append(_over_limit(key, len(items), limit, field_location))
            continue
        found: list[Reference] = []
        kind, label = link_field.kind, link_field.label
        for item, location in items:
            parsed = parse_plain_id(item, settings, template, id_key) if type(item) is str else None
            if parsed is None:  # not a plain id (the common entry): the general reading
                try:
                    parsed = parse_entry(
                        item, source_path=relpath, settings=settings, template=template, id_key=id_key, several=not in_list
                    )
                except BadEntry as exc:
                    bad.append(BadLinkValue(key, preview(item), str(exc), location))
                    continue
            literal = item.strip() if isinstance(item, str) else None
            if literal and not parsed:  # nothing left once read (";"): still an id if some spec has it
                parsed = [ParsedRef(literal, RefForm.NONE, "")]
            for p in parsed:
                found.append(
                    new_reference(key, kind, label, p.written, p.form, p.value, location, p.fallback, p.problem, literal)
                )
            if len(found) > limit:
                break
        if len(found) > limit:
            bad.append(_over_limit(key, len(found), limit, field_location))
            continue
        references.extend(found)
    return references, bad


def _numbers_as_written(entries: dict[str, Entry], keys: Iterable[str]) -> dict[str, Entry]:
    """Ids and link values are text: a plain number whose digits differ from its value keeps the digits.

    ``id: 0054`` or ``requires: [0054]`` names the spec numbered ``0054``, not 54 (nor 44, as
    YAML 1.1 read it); ``0x1F`` names ``0x1F``. Numbers written canonically (``42``) stay
    numbers, so the number template and the "got a number" finding work as before.
    """
    result = entries
    for key in keys:
        entry = entries.get(key)
        if entry is None:
            continue
        value = _as_written(entry.value, entry.value_node)
        if value is not entry.value:
            if result is entries:
                result = dict(entries)
            result[key] = entry._replace(value=value)
    return result


def top_level_numbers_as_written(data: dict[Any, Any], node: Any) -> dict[Any, Any]:
    """``data`` with every top-level plain number (or list of them) spelled as written: ``0039`` stays ``0039``.

    For ``init``, which must see how ids are spelled before it knows which keys hold ids.
    """
    if not isinstance(node, yaml.MappingNode):
        return data
    result = dict(data)
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key in result:
            result[key] = _as_written(result[key], value_node)
    return result


def _as_written(value: Any, node: Any) -> Any:
    """The source text of a plain number whose text differs from its value; a list item by item (one level)."""
    if type(value) is str:  # the common id and link value: nothing to respell
        return value
    if not isinstance(value, list):
        return _number_as_written(value, node)
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != len(value):
        return value
    for item in value:
        if type(item) is not str:
            break
    else:  # a list of strings (most link lists): as it is
        return value
    items = [_number_as_written(item, child) for item, child in zip(value, node.value, strict=True)]
    return items if any(new is not old for new, old in zip(items, value, strict=True)) else value


def _number_as_written(value: Any, node: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and isinstance(node, yaml.ScalarNode):
        if not node.style and node.value != str(value):  # plain: libyaml says "", PyYAML None
            return node.value
    return value


def _over_limit(key: str, count: int, limit: int, location: Location) -> BadLinkValue:
    return BadLinkValue(key, f"{count:,}+ entries", f"more than the max-links-per-field limit of {limit:,}; none read", location)


def preview(value: Any) -> str:
    """A short rendering of a value, like repr but bounded: deep nesting or a self-containing list cannot recurse."""
    text = value if isinstance(value, str) else _bounded_repr(value, 4)
    return text if len(text) <= 60 else text[:57] + "..."


def _bounded_repr(value: Any, depth: int) -> str:
    if isinstance(value, list):
        if depth == 0:
            return "[...]"
        inner = ", ".join(_bounded_repr(item, depth - 1) for item in value[:8])
        return f"[{inner}{', ...' if len(value) > 8 else ''}]"
    if isinstance(value, dict):
        if depth == 0:
            return "{...}"
        items = list(value.items())
        inner = ", ".join(f"{_bounded_repr(k, 0)}: {_bounded_repr(v, depth - 1)}" for k, v in items[:8])
        return f"{{{inner}{', ...' if len(items) > 8 else ''}}}"
    return repr(value[:80] if isinstance(value, str) else value)[:80]


def _strings(values: list[Any]) -> Iterator[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (v for v in value if isinstance(v, str))


def _find_placeholders(entries: dict[str, Entry], config: Config) -> Iterator[tuple[str, int]]:
    """Yield (key, line) for the first scalar of each key holding template text; walks nodes, so alias bombs stay cheap.

    The forms are ``config.placeholder_forms``. A link field's empty marker (``TBD``, ``<*>``
    in some presets) means "no link" there, as the configuration says, not template text.
    """
    forms = config.placeholder_forms
    if not forms:
        return
    link_keys = {lf.key for lf in config.link_fields}
    markers = config.references.empty_markers
    seen: set[int] = set()
    budget = _MAX_WALK_NODES
    for key, entry in entries.items():
        in_link = key in link_keys
        node = entry.value_node
        if isinstance(node, yaml.ScalarNode):  # most values: no stack to walk
            if budget <= 0 or id(node) in seen:
                continue
            seen.add(id(node))
            budget -= 1
            if _is_placeholder_scalar(node.value, forms, in_link, markers):
                yield key, entry.line_of(node)
            continue
        stack = [node]
        while stack and budget > 0:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            budget -= 1
            if isinstance(current, yaml.ScalarNode):
                if _is_placeholder_scalar(current.value, forms, in_link, markers):
                    yield key, entry.line_of(current)
                    break
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(reversed(current.value))
            elif isinstance(current, yaml.MappingNode):
                if "braces" in forms and current.flow_style and _looks_like_brace_placeholder(current):
                    yield key, entry.line_of(current)
                    break
                for k, v in reversed(current.value):
                    stack.extend((v, k))


def _is_placeholder_scalar(text: Any, forms: tuple[str, ...], in_link: bool, markers: tuple[str, ...]) -> bool:
    """Whether a scalar's text is template text (and, in a link field, not an empty marker).

    Every form needs a ``{``, ``<`` or ``|`` in the text, or starts with ``$``, or is ``TODO``/``TBD``
    once stripped of blanks and ``.!:`` (casefolding never shortens text): anything else is rejected
    without calling :func:`placeholder_form`.
    """
    if not isinstance(text, str):
        return False
    if "{" not in text and "<" not in text and "|" not in text and "$" not in text and len(text.strip().rstrip(".!:")) > 4:
        return False
    return bool(placeholder_form(text, forms)) and not (in_link and is_empty_marker(text, markers))


def _looks_like_brace_placeholder(node: Any) -> bool:
    """`{ { hours } }` parses as a flow mapping keyed by a mapping: the template's own mistake."""
    return any(isinstance(k, yaml.MappingNode) for k, _ in node.value)
