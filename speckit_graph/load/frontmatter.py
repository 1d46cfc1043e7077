"""Find a file's frontmatter: read its bytes, split the first ``---`` block from the body, parse it.

Also finds a second frontmatter block further down (some templates put one under the
title), skipping examples in fenced code blocks. Every problem becomes a hit on the
file's outcome (SG001, SG002, SG004, SG006) and None is returned: one broken file must
never stop the scan.
"""

from __future__ import annotations

import bisect
import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from speckit_graph.config.model import Config, Limits
from speckit_graph.load.comment_values import report_comment_values
from speckit_graph.load.fastyaml import alias_excess, construct
from speckit_graph.load.issues import EMPTY_FILE, INVALID_FRONTMATTER, UNREADABLE_FILE, FileOutcome
from speckit_graph.load.placeholders import has_placeholder, may_hold_placeholder
from speckit_graph.load.recover import claimed_id, recover
from speckit_graph.load.safe_read import NotRegularFile, open_regular, read_sized
from speckit_graph.load.walk import in_template_dir
from speckit_graph.load.yamlschema import Yaml12Loader

_DEFAULT_LIMITS = Limits()

_OPENING = re.compile(rb"---[ \t]*\r?(?:\n|$)")
_CLOSING = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_SECOND_BLOCK = re.compile(rb"^---[ \t]*\r?\n(?=[A-Za-z_][\w-]*[ \t]*:)((?:.*\n){1,200}?)---[ \t]*\r?$", re.MULTILINE)
_FENCE = re.compile(rb"^[ ]{0,3}(```+|~~~+)", re.MULTILINE)


@dataclass(frozen=True)
class Frontmatter:
    """The first block of a file, parsed: its data, node tree (for lines), the body after it."""

    data: dict[Any, Any]
    node: Any
    body: bytes
    closing_line: int
    in_template_dir: bool
    unparsed_lines: tuple[int, ...] = ()  # lines whose fields did not parse (the rest was recovered)
    #: False when the block's text cannot hold a template placeholder (``placeholders.may_hold_placeholder``).
    may_hold_placeholders: bool = True


def read_frontmatter(
    root: Path, relpath: str, config: Config, outcome: FileOutcome, content: bytes | None = None
) -> Frontmatter | None:
    """The parsed first block of a file, or None (with the reason in ``outcome`` when it is a problem).

    ``content``: the file's content as an editor holds it (not saved yet) or as a git blob holds it
    (``diff``); the disk is not read then, and the same size limit applies.
    """
    raw = _read_bytes(root, relpath, config, outcome) if content is None else _limited(content, relpath, config, outcome)
    if raw is None:
        return None
    text_bytes, encoding_note = _normalise_encoding(raw)
    if text_bytes is None:
        outcome.report(UNREADABLE_FILE, f"cannot decode file: {encoding_note}", path=relpath, line=1)
        return None
    if not text_bytes.strip():
        outcome.report(EMPTY_FILE, "empty file", path=relpath, line=1)
        return None
    opening = _OPENING.match(text_bytes)
    if opening is None:
        return None  # plain Markdown page: not a spec, skipped silently
    closing = _CLOSING.search(text_bytes, opening.end())
    if closing is None and in_template_dir(relpath, config):
        outcome.report_template(relpath)
        return None
    if closing is None:
        outcome.report(
            INVALID_FRONTMATTER, "frontmatter opened on line 1 is never closed with '---'", path=relpath, line=1, column=1
        )
        return None
    block = text_bytes[opening.end() : closing.start()]
    body = text_bytes[closing.end() :]
    closing_line = text_bytes.count(b"\n", 0, closing.start()) + 1
    if len(block) > config.limits.max_frontmatter_size:
        outcome.report(
            UNREADABLE_FILE,
            f"frontmatter is {len(block):,} bytes, over the max-frontmatter-size limit of {config.limits.max_frontmatter_size:,}",
            path=relpath,
            line=1,
        )
        return None
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = 2 + block.count(b"\n", 0, exc.start)
        outcome.report(
            UNREADABLE_FILE, f"frontmatter is not valid UTF-8 (byte 0x{block[exc.start]:02x})", path=relpath, line=line
        )
        return None
    template_dir = in_template_dir(relpath, config)
    parsed = _parse_yaml(text, relpath, outcome, template_dir, config.limits)
    if parsed is None:
        _note_claimed_id(text, outcome, config)
        return None
    data, node, written_keys, unparsed = parsed
    _check_duplicate_keys(written_keys, relpath, outcome)
    report_comment_values(text, node, relpath, outcome)
    return Frontmatter(data, node, body, closing_line, template_dir, unparsed, may_hold_placeholder(text))


# ---------------------------------------------------------------------------------------
# Reading bytes


def _read_bytes(root: Path, relpath: str, config: Config, outcome: FileOutcome) -> bytes | None:
    """The file's bytes, read without following a symlink swapped in or blocking on a FIFO.

    A symlink met by the walk is resolved and read only when its target is inside the
    repository, and then the resolved path is opened (still with ``O_NOFOLLOW``). What the
    open descriptor says (regular file, size) decides, never an earlier ``lstat``.
    """
    path = os.path.join(root, relpath)  # a string: ``root / relpath`` cost as much as the lstat
    swapped = False
    try:
        info = os.lstat(path)  # one system call for the common case; the symlink branch is rare
        target: str | Path = path
        if stat.S_ISLNK(info.st_mode):
            target = Path(path).resolve(strict=True)
            if not _is_within(target, root.resolve()):
                outcome.report(UNREADABLE_FILE, "symlink points outside the repository; not read", path=relpath, line=None)
                return None
        swapped = True  # from here on, ELOOP means the path became a symlink after the check
        fd, info = open_regular(target)
        try:
            size = info.st_size
            if size > config.limits.max_file_size:
                outcome.report(
                    UNREADABLE_FILE,
                    f"file is {size:,} bytes, over the max-file-size limit of {config.limits.max_file_size:,}",
                    path=relpath,
                )
                return None
            return read_sized(fd, info, config.limits.max_file_size + 1)
        finally:
            os.close(fd)
    except NotRegularFile:
        outcome.report(UNREADABLE_FILE, "not a regular file; not read", path=relpath)
        return None
    except RuntimeError:  # pathlib reports symlink loops this way on older Pythons
        reason = "symlink loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            reason = "replaced by a symlink while scanning; not read" if swapped else "symlink loop"
        elif exc.errno == errno.EACCES:
            reason = "permission denied"
        elif exc.errno == errno.ENOENT:
            reason = "broken symlink" if os.path.islink(path) else "file vanished while scanning"
        elif exc.errno == errno.EISDIR:
            reason = "is a directory"
        else:
            reason = exc.strerror or str(exc)
    outcome.report(UNREADABLE_FILE, f"cannot read file: {reason}", path=relpath)
    return None


def _limited(data: bytes, relpath: str, config: Config, outcome: FileOutcome) -> bytes | None:
    """Content handed over in memory, held to the max-file-size limit a file on disk is held to."""
    if len(data) > config.limits.max_file_size:
        outcome.report(
            UNREADABLE_FILE,
            f"file is {len(data):,} bytes, over the max-file-size limit of {config.limits.max_file_size:,}",
            path=relpath,
        )
        return None
    return data


def _normalise_encoding(raw: bytes) -> tuple[bytes | None, str]:
    """Strip a UTF-8 BOM and transcode UTF-16/32 files (with a BOM) to UTF-8 bytes."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:], "utf-8-sig"
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):  # fmt: skip
        if raw.startswith(bom):
            try:
                return raw.decode(codec).encode("utf-8"), codec
            except UnicodeDecodeError as exc:
                return None, f"invalid {codec.upper()} ({exc.reason})"
    return raw, "utf-8"


# ---------------------------------------------------------------------------------------
# YAML


def _parse_yaml(
    text: str, relpath: str, outcome: FileOutcome, template_dir: bool, limits: Limits
) -> tuple[Any, Any, list[Any], tuple[int, ...]] | None:
    """Parse the frontmatter, keeping the node tree (for lines) and its top-level keys as written; None on failure.

    When the block does not parse as a whole, the fields that parse alone are recovered
    (:mod:`~speckit_graph.load.recover`) and the lines that do not are returned last.
    The keys are taken before construction because PyYAML's merge (``<<: *base``) rewrites
    the mapping node in place, prepending the merged keys: judged afterwards, every
    explicit override of a merged key would look like a duplicate.
    """
    if "\x00" in text:
        outcome.report(UNREADABLE_FILE, "frontmatter contains NUL bytes", path=relpath, line=2)
        return None
    loader = Yaml12Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None  # empty frontmatter: not a spec
        if "*" in text and "&" in text:  # only documents with aliases can blow up when expanded
            excess = alias_excess(node, limits)
            if excess is not None:
                outcome.report(UNREADABLE_FILE, excess[0], path=relpath, line=excess[1] + 2)
                return None
        written_keys = [key for key, _value in node.value] if isinstance(node, yaml.MappingNode) else []
        data = construct(loader, node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2
        column = mark.column + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        return _recover_or_report(text, relpath, outcome, template_dir, limits, (problem, line, column))
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        problem = _one_line(str(exc)) or type(exc).__name__
        return _recover_or_report(text, relpath, outcome, template_dir, limits, (problem, 2, None))
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        if template_dir:
            outcome.report_template(relpath)
        else:
            kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
            outcome.report(INVALID_FRONTMATTER, f"frontmatter is {kind}, not a mapping of fields", path=relpath, line=2, column=1)
        return None
    return data, node, written_keys, ()


def _recover_or_report(
    text: str, relpath: str, outcome: FileOutcome, template_dir: bool, limits: Limits, error: tuple[str, int, int | None]
) -> tuple[Any, Any, list[Any], tuple[int, ...]] | None:
    """The fields that parse alone, with an SG001 at each line that does not; or the whole-block error and None."""
    hint = "; it still holds template placeholders" if has_placeholder(text) else ""
    recovered = None if template_dir or hint else recover(text, limits)  # a template copy is not one slip
    if recovered is None:
        _report_bad_yaml(text, relpath, outcome, template_dir, *error)
        return None
    for failure in recovered.failures:
        outcome.report(
            INVALID_FRONTMATTER,
            f"frontmatter is not valid YAML: {failure.problem}; the other fields were read line by line",
            path=relpath,
            line=failure.line + 2,
            column=failure.column,
        )
    return recovered.data, recovered.node, recovered.written_keys, tuple(f.line + 2 for f in recovered.failures)


def _note_claimed_id(text: str, outcome: FileOutcome, config: Config) -> None:
    """On a block that does not parse at all, the id it still names (``extra["claimed_id"]`` of its SG001).

    SG101 then says a link to that id names a file that does not parse, not a missing spec.
    """
    if not outcome.issues or outcome.issues[-1].code != INVALID_FRONTMATTER or outcome.template:
        return
    claimed = claimed_id(text, config.keys_for("id"))
    if claimed is not None:
        hit = outcome.issues[-1]
        extra = {**hit.extra, "claimed_id": claimed[0], "claimed_line": claimed[1] + 2}
        outcome.issues[-1] = replace(hit, extra=MappingProxyType(extra))


def _report_bad_yaml(
    text: str, relpath: str, outcome: FileOutcome, template_dir: bool, problem: str, line: int, column: int | None
) -> None:
    if template_dir:
        outcome.report_template(relpath, f"template file, left out of the graph (its YAML does not parse: {problem})")
        return
    hint = "; it still holds template placeholders" if has_placeholder(text) else ""
    outcome.report(INVALID_FRONTMATTER, f"frontmatter is not valid YAML: {problem}{hint}", path=relpath, line=line, column=column)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _check_duplicate_keys(key_nodes: list[Any], relpath: str, outcome: FileOutcome) -> None:
    """YAML forbids repeated keys but PyYAML silently keeps the last: say so, at the repeat.

    ``key_nodes`` are the keys as written; keys a ``<<`` merge brings in are not among them,
    so overriding a merged key is not a duplicate (YAML's merge semantics).
    """
    first_line: dict[str, int] = {}
    for key_node in key_nodes:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        line = key_node.start_mark.line + 2
        if key_node.value in first_line:
            outcome.report(
                INVALID_FRONTMATTER,
                f"key '{key_node.value}' appears twice (lines {first_line[key_node.value]} and {line}); the last one is used",
                path=relpath,
                line=line,
                column=key_node.start_mark.column + 1,
                key=f"duplicate:{key_node.value}",
            )
        else:
            first_line[key_node.value] = line


@dataclass(frozen=True)
class Block:
    """A later frontmatter block: its data, node tree and where it starts."""

    data: dict[Any, Any]
    node: Any
    line: int  # the file line of the block's opening ---


def _second_blocks(body: bytes) -> Iterator[re.Match[bytes]]:
    """``_SECOND_BLOCK.finditer(body)``, trying the regex only where a line starts with ``---``.

    Bodies are 10-100x longer than frontmatter and most hold ``|---|`` table rules; letting
    the regex try every line start cost about a fifth of the parse floor.
    """
    start = 0 if body.startswith(b"---") else -1
    position = 0
    while True:
        if start < 0:
            found = body.find(b"\n---", position)
            if found < 0:
                return
            start = found + 1
        match = _SECOND_BLOCK.match(body, start)
        if match is None:
            position = start
        else:
            yield match
            position = match.end()
        start = -1


@dataclass(frozen=True)
class BadBlock:
    """A later ``---`` block that does not parse: where (file line and column) and why."""

    line: int
    column: int | None
    problem: str


def second_block(
    body: bytes, closing_line: int, limits: Limits = _DEFAULT_LIMITS, failures: list[BadBlock] | None = None
) -> Block | None:
    """The first later ``---`` block that parses to a non-empty mapping, with its node tree.

    A block inside a fenced code block is an example in the prose, not frontmatter; one whose
    aliases expand beyond ``limits`` is not used. Fences are found once and each candidate
    is placed among them by bisection, so alternating fences and ``---`` lines stay linear.
    The first candidate that does not parse is added to ``failures`` when it is given.
    """
    if b"---" not in body:
        return None
    fences: list[tuple[int, int]] | None = None  # found at the first candidate: most bodies have none
    fence_starts: list[int] = []
    for match in _second_blocks(body):
        if fences is None:
            fences = _fenced_ranges(body)
            fence_starts = [start for start, _end in fences]
        at = bisect.bisect_right(fence_starts, match.start()) - 1
        if at >= 0 and match.start() < fences[at][1]:
            continue
        text = match.group(1).decode("utf-8", "replace")
        loader = Yaml12Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None and "*" in text and alias_excess(node, limits) is not None:
                continue
            data = loader.construct_document(node) if node is not None else None
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
            if failures is not None and not failures:
                failures.append(_bad_block(exc, closing_line + body.count(b"\n", 0, match.start())))
            continue
        finally:
            loader.dispose()
        if isinstance(data, dict) and data:
            return Block(data, node, closing_line + body.count(b"\n", 0, match.start()))
    return None


def _bad_block(exc: Exception, opening_line: int) -> BadBlock:
    """Where a later block fails to parse, in file lines (its text starts the line after ``---``)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if mark is not None:
            return BadBlock(opening_line + 1 + mark.line, mark.column + 1, problem)
        return BadBlock(opening_line, None, problem)
    return BadBlock(opening_line, None, _one_line(str(exc)) or type(exc).__name__)


def _fenced_ranges(body: bytes) -> list[tuple[int, int]]:
    """Byte ranges of fenced code blocks (```` ``` ```` or ``~~~``), an unclosed fence running to the end."""
    ranges: list[tuple[int, int]] = []
    opening: tuple[int, bytes] | None = None
    for match in _FENCE.finditer(body):
        marker = match.group(1)
        if opening is None:
            opening = (match.start(), marker)
        elif marker[:1] == opening[1][:1] and len(marker) >= len(opening[1]):
            ranges.append((opening[0], match.end()))
            opening = None
    if opening is not None:
        ranges.append((opening[0], len(body)))
    return ranges


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True
