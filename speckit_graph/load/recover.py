"""Recover what parses of a frontmatter block that does not parse as a whole.

One bad value (``assignee: @alice``: ``@`` cannot start a plain scalar) used to make the
whole file an SG001 and the spec vanish, so every link to it became a false dangling
error. Here the block is cut at its top-level keys (a ``key: value`` line at column 0 and
the indented or ``- item`` lines under it) and each piece is parsed alone: pieces that parse
load, pieces that fail stay SG001 findings at their own line. Recovery is attempted only
where it is unambiguous: some pieces fail, some parse, there are few enough of each, and
no failing piece ends inside an unclosed quote or bracket (the lines below might be the
rest of its value rather than fields of their own).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from speckit_graph.config.model import Limits
from speckit_graph.load.fastyaml import alias_excess, construct
from speckit_graph.load.yamlschema import Yaml12Loader

#: Beyond these, the block is not a spec with one slip in it: report the first error only.
MAX_PIECES = 2_000
MAX_FAILURES = 20


@dataclass(frozen=True)
class Failure:
    """A piece of the block that does not parse: its 0-based block line and column, and why."""

    line: int
    column: int | None
    problem: str
    at_end: bool = False  # the piece ran out while a quote or bracket was open: the next lines may belong to it


@dataclass(frozen=True)
class Recovered:
    """The pieces that parsed, joined into one mapping (data, node tree, keys as written), and the failures."""

    data: dict[Any, Any]
    node: yaml.MappingNode
    written_keys: list[Any]
    failures: tuple[Failure, ...]


def pieces(text: str) -> list[tuple[int, str]]:
    """The block cut at top-level keys: (0-based first line, text) per piece.

    Indented, blank and comment lines, ``- item`` lines and the ``: value`` of an explicit
    ``? key`` stay with the piece above.
    """
    result: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.splitlines(keepends=True)):
        starts_piece = line[:1] not in ("", " ", "\t", "#", "\r", "\n", ":") and not _is_sequence_item(line)
        if starts_piece or not result:
            result.append((number, [line]))
        else:
            result[-1][1].append(line)
    return [(start, "".join(lines)) for start, lines in result]


def _is_sequence_item(line: str) -> bool:
    return line.startswith("-") and line[1:2] in ("", " ", "\t", "\r", "\n")


def recover(text: str, limits: Limits) -> Recovered | None:
    """The fields that parse piece by piece, or None when recovery would be a guess (see the module docstring)."""
    cut = pieces(text)
    if len(cut) < 2 or len(cut) > MAX_PIECES:
        return None
    data: dict[Any, Any] = {}
    pairs: list[tuple[Any, Any]] = []
    failures: list[Failure] = []
    for start, piece in cut:
        if not piece.strip() or piece.lstrip().startswith("#"):
            continue
        parsed = _parse_piece(piece, start, limits)
        if isinstance(parsed, Failure):
            failures.append(parsed)
            if parsed.at_end or len(failures) > MAX_FAILURES:
                return None
            continue
        piece_data, node = parsed
        data.update(piece_data)
        pairs.extend(node.value)
    if not failures or not pairs:
        return None
    node = yaml.MappingNode("tag:yaml.org,2002:map", pairs, pairs[0][0].start_mark, pairs[-1][1].end_mark)
    return Recovered(data, node, [key for key, _value in pairs], tuple(failures))


def _parse_piece(piece: str, start: int, limits: Limits) -> tuple[dict[Any, Any], yaml.MappingNode] | Failure:
    loader = Yaml12Loader(piece)
    try:
        node = loader.get_single_node()
        if node is not None and "*" in piece and alias_excess(node, limits) is not None:
            return Failure(start, 1, "aliases expand beyond the limits")
        data = construct(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if mark is None:
            return Failure(start, None, problem)
        return Failure(start + mark.line, mark.column + 1, problem, _nothing_after(piece, mark.line, mark.column))
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        return Failure(start, None, " ".join(str(exc).split())[:200] or type(exc).__name__)
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return Failure(start, 1, "not a 'key: value' line")
    _shift_marks(node, start)
    return data, node


def _nothing_after(piece: str, line: int, column: int) -> bool:
    """Whether only blanks follow position (line, column) of ``piece``: the parser met the end of the piece."""
    lines = piece.splitlines()
    if line >= len(lines):
        return True
    return not lines[line][column:].strip() and not "".join(lines[line + 1 :]).strip()


def _shift_marks(root: Any, lines: int) -> None:
    """Make a piece's node marks count lines from the top of the block, as a whole-block parse would."""
    if lines == 0:
        return
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _shifted(node.start_mark, lines)
        node.end_mark = _shifted(node.end_mark, lines)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def _shifted(mark: Any, lines: int) -> Any:
    """A copy of ``mark`` moved down ``lines`` (libyaml's marks are read-only)."""
    if mark is None:
        return None
    return yaml.Mark(mark.name, mark.index, mark.line + lines, mark.column, None, 0)  # no buffer: no snippet


def claimed_id(text: str, keys: tuple[str, ...]) -> tuple[str, int] | None:
    """The id a block that does not parse still names, and its 0-based line; None unless unambiguous.

    Used only when the spec itself cannot be recovered: a link to that id is then not to
    "no spec" but to a file that does not parse, and SG101 says so. Only a top-level
    ``id: value`` line (any of ``keys``) that parses on its own counts, and only when the
    block has exactly one such line.
    """
    found: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines()):
        key, colon, _rest = line.partition(":")
        if not colon or key.strip() != key or key.strip("'\"") not in keys:
            continue
        loader = Yaml12Loader(line)
        try:
            value = loader.get_single_data()
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
            return None
        finally:
            loader.dispose()
        if not isinstance(value, dict) or len(value) != 1:
            return None
        spec_id = next(iter(value.values()))
        if isinstance(spec_id, (int, float)) and not isinstance(spec_id, bool):
            spec_id = _rest.strip()  # as written: 0054 names 0054
        if not isinstance(spec_id, str) or not spec_id.strip():
            return None
        found.append((spec_id.strip(), number))
    return found[0] if len(found) == 1 else None
