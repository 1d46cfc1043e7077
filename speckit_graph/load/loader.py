"""Scan a folder for spec files and read their frontmatter into Spec objects.

Every problem with a file becomes a Hit (SG001-SG006) and the scan goes on: one broken
file must never hide the findings of the other ten thousand.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from speckit_graph.config.model import DEFAULT_EXCLUDED_DIRS, Config, LinkField
from speckit_graph.core.findings import Hit
from speckit_graph.core.model import BadLinkValue, Link, LinkKind, Location, Reference, RefForm, Spec
from speckit_graph.load.cache import FileCache, read_limited
from speckit_graph.load.fastyaml import construct
from speckit_graph.load.parallel import Progress, read_files
from speckit_graph.load.references import BadEntry, ParsedRef, ReferenceIndex, Resolution, describe, parse_entry

try:  # PyYAML's libyaml binding is several times faster; fall back when it is missing.
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

#: Fields that make a frontmatter block look like a spec even without an id.
SPEC_HINT_FIELDS = ("type", "status", "priority", "category", "reviewers", "approvers", "estimatedEffort")

_OPENING = re.compile(rb"---[ \t]*\r?(?:\n|$)")
_CLOSING = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_SECOND_BLOCK = re.compile(rb"^---[ \t]*\r?\n(?=[A-Za-z_][\w-]*[ \t]*:)((?:.*\n){1,200}?)---[ \t]*\r?$", re.MULTILINE)
_FENCE = re.compile(rb"^[ ]{0,3}(```+|~~~+)", re.MULTILINE)
PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{ *\{ *[^{}]*\} *\}")
_MAX_WALK_NODES = 100_000


@dataclass(frozen=True)
class LoadResult:
    """What the loader found: specs, per-file problems, and counts for the summary line."""

    root: str
    specs: tuple[Spec, ...]
    issues: tuple[Hit, ...]
    files_scanned: int
    files_skipped: int
    templates: int = 0
    skipped_paths: tuple[str, ...] = field(default=(), repr=False)


@dataclass
class FileOutcome:
    """The result of reading one file: a spec, problems, or neither (a plain Markdown page)."""

    spec: Spec | None = None
    issues: list[Hit] = field(default_factory=list)
    template: bool = False


# ---------------------------------------------------------------------------------------
# Public functions


def load_specs(
    root: Path,
    config: Config,
    *,
    jobs: int | None = 1,
    cache: FileCache | None = None,
    progress: Progress | None = None,
    listing: tuple[list[str], list[Hit]] | None = None,
) -> LoadResult:
    """Read every spec under ``root``, then resolve their references; never raises for content problems.

    ``jobs`` worker processes parse large repositories (None: one per CPU), ``cache``
    reuses the results of files that did not change, ``progress(done, total)`` is called
    as files are read, and ``listing`` (paths and walk problems from
    :func:`list_markdown_files`) saves walking the folder twice. Only the pure per-file
    reading is parallel or cached; references are resolved here, against every file.
    """
    specs: list[Spec] = []
    skipped: list[str] = []
    scanned_paths, walk_issues = listing if listing is not None else list_markdown_files(root, config)
    issues: list[Hit] = list(walk_issues)
    templates = 0
    outcomes = read_files(root, scanned_paths, config, read_spec_file, FileOutcome, jobs=jobs, cache=cache, progress=progress)
    for relpath, outcome in zip(scanned_paths, outcomes, strict=True):
        issues.extend(outcome.issues)
        templates += outcome.template
        if outcome.spec is not None:
            specs.append(outcome.spec)
        elif not outcome.issues:
            skipped.append(relpath)
    specs, reference_issues = resolve_links(specs, scanned_paths, config)
    issues.extend(reference_issues)
    specs.sort(key=lambda s: (s.id, s.path))
    return LoadResult(
        root=str(root),
        specs=tuple(specs),
        issues=tuple(issues),
        files_scanned=len(scanned_paths),
        files_skipped=len(skipped),
        templates=templates,
        skipped_paths=tuple(skipped),
    )


def list_markdown_files(root: Path, config: Config) -> tuple[list[str], list[Hit]]:
    """The files :func:`load_specs` reads, and the problems met walking the folders."""
    issues: list[Hit] = []
    return list(iter_markdown_files(root, config, issues)), issues


def iter_markdown_files(root: Path, config: Config, issues: list[Hit]) -> Iterator[str]:
    """Yield POSIX paths relative to ``root`` of the Markdown files to read, sorted.

    Directory symlinks are never followed (no loops, nothing outside the repository).
    """
    include = [_compile_glob(p) for p in config.include]
    exclude = [_compile_glob(p) for p in config.exclude]
    excluded_dirs = set(DEFAULT_EXCLUDED_DIRS) if config.default_excludes else set()

    def on_error(exc: OSError) -> None:
        rel = _relative(root, Path(exc.filename)) if exc.filename else "."
        issues.append(Hit("SG002", f"cannot read directory: {exc.strerror or exc}", path=rel))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        reldir = _relative(root, Path(dirpath))
        kept = []
        for name in sorted(dirnames):
            rel = name if reldir == "." else f"{reldir}/{name}"
            if config.default_excludes and (name.startswith(".") or name in excluded_dirs or _is_venv(dirpath, name)):
                continue
            if any(p.match(rel) or p.match(rel + "/") for p in exclude):
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.lower().endswith(".md"):
                continue
            rel = name if reldir == "." else f"{reldir}/{name}"
            if not any(p.match(rel) for p in include) or any(p.match(rel) for p in exclude):
                continue
            yield rel


def read_spec_file(root: Path, relpath: str, config: Config) -> FileOutcome:
    """Read one file's frontmatter; a pure function of the file so it can run in a worker.

    The spec it returns carries unresolved ``references``; :func:`resolve_links` turns them
    into links once every file is read.
    """
    outcome = FileOutcome()
    front = _read_frontmatter(root, relpath, config, outcome)
    if front is None:
        return outcome
    entries = _entries(front.data, front.node, offset=2)
    second = None
    if config.frontmatter_block != "first":
        second = _second_block(front.body, front.closing_line)
        if second is not None:
            second_entries = _entries(second.data, second.node, offset=second.line + 1)
            entries = second_entries if config.frontmatter_block == "second" else {**entries, **second_entries}
    spec = _build_spec(relpath, entries, config, outcome, front.in_template_dir)
    if spec is None:
        return outcome
    outcome.spec = spec
    if config.frontmatter_block == "first":
        second = _second_block(front.body, front.closing_line)
        if second is not None:
            keys = ", ".join(sorted(str(k) for k in second.data)[:5])
            outcome.issues.append(
                Hit(
                    "SG005",
                    f"a second frontmatter block (keys: {keys}) starts here; only the first block is read",
                    path=relpath,
                    line=second.line,
                    column=1,
                    spec=spec.id,
                )
            )
    return outcome


def read_frontmatter_blocks(root: Path, relpath: str, config: Config) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The first frontmatter block and a later second one, as plain mappings (for ``init``).

    Same reading rules and limits as :func:`read_spec_file`; problems just give None.
    """
    front = _read_frontmatter(root, relpath, config, FileOutcome())
    if front is None:
        return None, None
    second = _second_block(front.body, front.closing_line)
    first = {k: v for k, v in front.data.items() if isinstance(k, str)}
    return first, ({k: v for k, v in second.data.items() if isinstance(k, str)} if second else None)


@dataclass(frozen=True)
class _Frontmatter:
    data: dict[Any, Any]
    node: Any
    body: bytes
    closing_line: int
    in_template_dir: bool


def _read_frontmatter(root: Path, relpath: str, config: Config, outcome: FileOutcome) -> _Frontmatter | None:
    """The parsed first block of a file, or None (with the reason in ``outcome`` when it is a problem)."""
    raw = _read_bytes(root, relpath, config, outcome)
    if raw is None:
        return None
    text_bytes, encoding_note = _normalise_encoding(raw)
    if text_bytes is None:
        outcome.issues.append(Hit("SG002", f"cannot decode file: {encoding_note}", path=relpath, line=1))
        return None
    if not text_bytes.strip():
        outcome.issues.append(Hit("SG006", "empty file", path=relpath, line=1))
        return None
    opening = _OPENING.match(text_bytes)
    if opening is None:
        return None  # plain Markdown page: not a spec, skipped silently
    closing = _CLOSING.search(text_bytes, opening.end())
    if closing is None and _in_template_dir(relpath, config):
        outcome.template = True
        outcome.issues.append(Hit("SG004", "template file, left out of the graph", path=relpath, line=1))
        return None
    if closing is None:
        outcome.issues.append(
            Hit("SG001", "frontmatter opened on line 1 is never closed with '---'", path=relpath, line=1, column=1)
        )
        return None
    block = text_bytes[opening.end() : closing.start()]
    body = text_bytes[closing.end() :]
    closing_line = text_bytes.count(b"\n", 0, closing.start()) + 1
    if len(block) > config.limits.max_frontmatter_size:
        outcome.issues.append(
            Hit(
                "SG002",
                f"frontmatter is {len(block):,} bytes, over the max-frontmatter-size limit "
                f"of {config.limits.max_frontmatter_size:,}",
                path=relpath,
                line=1,
            )
        )
        return None
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = 2 + block.count(b"\n", 0, exc.start)
        outcome.issues.append(
            Hit("SG002", f"frontmatter is not valid UTF-8 (byte 0x{block[exc.start]:02x})", path=relpath, line=line)
        )
        return None
    in_template_dir = _in_template_dir(relpath, config)
    parsed = _parse_yaml(text, relpath, outcome, in_template_dir, config.limits.max_alias_expansion)
    if parsed is None:
        return None
    data, node = parsed
    _check_duplicate_keys(node, relpath, outcome)
    return _Frontmatter(data, node, body, closing_line, in_template_dir)


# ---------------------------------------------------------------------------------------
# Reading bytes


def _read_bytes(root: Path, relpath: str, config: Config, outcome: FileOutcome) -> bytes | None:
    path = root / relpath
    try:
        info = os.lstat(path)  # one system call for the common case; the symlink branch is rare
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if not _is_within(target, root.resolve()):
                outcome.issues.append(Hit("SG002", "symlink points outside the repository; not read", path=relpath, line=None))
                return None
            info = os.stat(path)
        size = info.st_size
        if size > config.limits.max_file_size:
            outcome.issues.append(
                Hit(
                    "SG002",
                    f"file is {size:,} bytes, over the max-file-size limit of {config.limits.max_file_size:,}",
                    path=relpath,
                )
            )
            return None
        return read_limited(path, config.limits.max_file_size + 1)
    except RuntimeError:  # pathlib reports symlink loops this way on older Pythons
        reason = "symlink loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            reason = "symlink loop"
        elif exc.errno == errno.EACCES:
            reason = "permission denied"
        elif exc.errno == errno.ENOENT:
            reason = "broken symlink" if path.is_symlink() else "file vanished while scanning"
        elif exc.errno == errno.EISDIR:
            reason = "is a directory"
        else:
            reason = exc.strerror or str(exc)
    outcome.issues.append(Hit("SG002", f"cannot read file: {reason}", path=relpath))
    return None


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
    text: str, relpath: str, outcome: FileOutcome, in_template_dir: bool, max_alias_expansion: int
) -> tuple[Any, Any] | None:
    """Parse the frontmatter, keeping the node tree for line numbers; None on failure."""
    if "\x00" in text:
        outcome.issues.append(Hit("SG002", "frontmatter contains NUL bytes", path=relpath, line=2))
        return None
    loader = YamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None  # empty frontmatter: not a spec
        if "*" in text and "&" in text:  # only documents with aliases can blow up when expanded
            expanded = _expanded_size(node, max_alias_expansion)
            if expanded > max_alias_expansion:
                outcome.issues.append(
                    Hit(
                        "SG002",
                        "YAML aliases expand to more than the max-alias-expansion limit of "
                        f"{max_alias_expansion:,} nodes (or refer to themselves); not read",
                        path=relpath,
                        line=2,
                    )
                )
                return None
        data = construct(loader, node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2
        column = mark.column + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        _report_bad_yaml(text, relpath, outcome, in_template_dir, problem, line, column)
        return None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        problem = _one_line(str(exc)) or type(exc).__name__
        _report_bad_yaml(text, relpath, outcome, in_template_dir, problem, 2, None)
        return None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        if in_template_dir:
            outcome.template = True
            outcome.issues.append(Hit("SG004", "template file, left out of the graph", path=relpath, line=1))
        else:
            kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
            outcome.issues.append(Hit("SG001", f"frontmatter is {kind}, not a mapping of fields", path=relpath, line=2, column=1))
        return None
    return data, node


def _expanded_size(root: Any, cap: int) -> int:
    """How many nodes the document holds once every alias is expanded, counting up to ``cap + 1``.

    Iterative and memoised per node, so a "billion laughs" bomb costs only its own size; a
    recursive alias counts as infinite.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        if children_done:
            in_progress.discard(key)
            sizes[key] = min(cap + 1, 1 + sum(sizes[id(child)] for child in children))
            continue
        if key in sizes:
            continue
        if key in in_progress:
            return cap + 1  # an alias to one of its own ancestors
        in_progress.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in in_progress:
                return cap + 1
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _report_bad_yaml(
    text: str, relpath: str, outcome: FileOutcome, in_template_dir: bool, problem: str, line: int, column: int | None
) -> None:
    if in_template_dir:
        outcome.template = True
        outcome.issues.append(
            Hit("SG004", f"template file, left out of the graph (its YAML does not parse: {problem})", path=relpath, line=1)
        )
        return
    hint = "; it still holds template placeholders" if PLACEHOLDER.search(text) else ""
    outcome.issues.append(Hit("SG001", f"frontmatter is not valid YAML: {problem}{hint}", path=relpath, line=line, column=column))


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


# ---------------------------------------------------------------------------------------
# Building a Spec


@dataclass(frozen=True)
class _Entry:
    """One top-level frontmatter key: its value, its nodes, and the file line of node line 0."""

    value: Any
    key_node: Any
    value_node: Any
    offset: int

    @property
    def line(self) -> int:
        return int(self.key_node.start_mark.line) + self.offset

    def line_of(self, node: Any) -> int:
        return int(node.start_mark.line) + self.offset


def _entries(data: dict[Any, Any], node: Any, offset: int) -> dict[str, _Entry]:
    """String keys of a parsed block with their nodes; the last duplicate wins, as in YAML."""
    nodes: dict[str, tuple[Any, Any]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                nodes[key_node.value] = (key_node, value_node)
    return {
        key: _Entry(value, nodes[key][0], nodes[key][1], offset)
        for key, value in data.items()
        if isinstance(key, str) and key in nodes
    }


def _build_spec(
    relpath: str, entries: dict[str, _Entry], config: Config, outcome: FileOutcome, in_template_dir: bool
) -> Spec | None:
    fields: dict[str, Any] = {}
    field_lines: dict[str, int] = {}
    field_keys: dict[str, str] = {}
    canonical_of = {alias: name for name, aliases in config.aliases.items() for alias in aliases}
    for key, entry in entries.items():
        canonical = canonical_of.get(key, key)
        if canonical in fields and canonical != key:
            continue  # the canonical key, or the first alias written, wins
        fields[canonical] = entry.value
        field_keys[canonical] = key
        field_lines[canonical] = entry.line

    raw_id = fields.get("id")
    has_id = raw_id is not None and not (isinstance(raw_id, str) and not raw_id.strip())
    placeholders = tuple(_find_placeholders(entries))
    link_fields = [lf for lf in config.link_fields if lf.key in entries]
    link_values = [entries[lf.key].value for lf in link_fields]
    is_template = in_template_dir or (
        (isinstance(raw_id, str) and PLACEHOLDER.search(raw_id) is not None)
        or any(PLACEHOLDER.search(v) for v in _strings(link_values))
    )
    if is_template:
        outcome.template = True
        outcome.issues.append(Hit("SG004", "template file, left out of the graph", path=relpath, line=1))
        return None
    path_id = None if has_id else config.ids.id_from_path(relpath)
    if not has_id and path_id is None:
        looks_like_spec = bool(link_fields) or sum(n in fields for n in SPEC_HINT_FIELDS) >= 2
        if looks_like_spec:
            keys = " or ".join(f"'{k}'" for k in config.keys_for("id"))
            outcome.issues.append(Hit("SG003", f"frontmatter has spec fields but no id ({keys})", path=relpath, line=1, column=1))
        return None
    if has_id and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        outcome.issues.append(
            Hit(
                "SG003",
                f"'{field_keys['id']}' must be a string, got {describe(raw_id)}",
                path=relpath,
                line=field_lines.get("id"),
            )
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
    references, bad = _read_references(relpath, entries, link_fields, config, id_key)
    return Spec(
        id=spec_id,
        path=relpath,
        location=Location(relpath, field_lines.get("id", 1), 1),
        fields=fields,
        field_lines=field_lines,
        field_keys=field_keys,
        bad_links=tuple(bad),
        placeholders=placeholders,
        references=tuple(references),
    )


def _check_duplicate_keys(node: Any, relpath: str, outcome: FileOutcome) -> None:
    """YAML forbids repeated keys but PyYAML silently keeps the last: say so, at the repeat."""
    if not isinstance(node, yaml.MappingNode):
        return
    first_line: dict[str, int] = {}
    for key_node, _value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        line = key_node.start_mark.line + 2
        if key_node.value in first_line:
            outcome.issues.append(
                Hit(
                    "SG001",
                    f"key '{key_node.value}' appears twice (lines {first_line[key_node.value]} and {line}); the last one is used",
                    path=relpath,
                    line=line,
                    column=key_node.start_mark.column + 1,
                    key=f"duplicate:{key_node.value}",
                )
            )
        else:
            first_line[key_node.value] = line


def _read_references(
    relpath: str, entries: dict[str, _Entry], link_fields: list[LinkField], config: Config, id_key: str
) -> tuple[list[Reference], list[BadLinkValue]]:
    """Parse every link field into unresolved references; wrong shapes become bad links."""
    references: list[Reference] = []
    bad: list[BadLinkValue] = []
    limit = config.limits.max_links_per_field
    single_parent = {lf.key for lf in link_fields if lf.kind is LinkKind.PARENT and not lf.multiple}
    for link_field in link_fields:
        key = link_field.key
        entry = entries[key]
        value = entry.value
        field_location = Location(relpath, entry.line, 1)
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
                    items.append((item, Location(relpath, entry.line_of(node), int(node.start_mark.column) + 1)))
            if key in single_parent and len(value) > 1:
                bad.append(BadLinkValue(key, _preview(value), "a spec has one parent, not a list", field_location))
                continue
        elif isinstance(value, str) and not value.strip() and link_field.kind is LinkKind.PARENT:
            continue  # `parent: ""` means "no parent", as the template writes it
        else:
            column = int(entry.value_node.start_mark.column) + 1
            items = [(value, Location(relpath, entry.line_of(entry.value_node), column))]
        if len(items) > limit:
            bad.append(_over_limit(key, len(items), limit, field_location))
            continue
        found: list[Reference] = []
        for item, location in items:
            try:
                parsed = parse_entry(
                    item,
                    source_path=relpath,
                    settings=config.references,
                    template=config.ids.number_template,
                    id_key=id_key,
                    several=not in_list,
                )
            except BadEntry as exc:
                bad.append(BadLinkValue(key, _preview(item), str(exc), location))
                continue
            literal = item.strip() if isinstance(item, str) else None
            if literal and not parsed:  # nothing left once read (";"): still an id if some spec has it
                parsed = [ParsedRef(literal, RefForm.NONE, "")]
            found.extend(
                Reference(
                    key, link_field.kind, link_field.label, p.written, p.form, p.value, location, p.fallback, p.problem, literal
                )
                for p in parsed
            )
            if len(found) > limit:
                break
        if len(found) > limit:
            bad.append(_over_limit(key, len(found), limit, field_location))
            continue
        references.extend(found)
    return references, bad


def _over_limit(key: str, count: int, limit: int, location: Location) -> BadLinkValue:
    return BadLinkValue(key, f"{count:,}+ entries", f"more than the max-links-per-field limit of {limit:,}; none read", location)


def _preview(value: Any) -> str:
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


def _find_placeholders(entries: dict[str, _Entry]) -> Iterator[tuple[str, int]]:
    """Yield (key, line) for every scalar holding ``{{...}}``; walks nodes, so alias bombs stay cheap."""
    seen: set[int] = set()
    budget = _MAX_WALK_NODES
    for key, entry in entries.items():
        stack = [entry.value_node]
        while stack and budget > 0:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            budget -= 1
            if isinstance(current, yaml.ScalarNode):
                if isinstance(current.value, str) and "{" in current.value and PLACEHOLDER.search(current.value):
                    yield key, entry.line_of(current)
                    break
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(reversed(current.value))
            elif isinstance(current, yaml.MappingNode):
                if current.flow_style and _looks_like_brace_placeholder(current):
                    yield key, entry.line_of(current)
                    break
                for k, v in reversed(current.value):
                    stack.extend((v, k))


def _looks_like_brace_placeholder(node: Any) -> bool:
    """`{ { hours } }` parses as a flow mapping keyed by a mapping: the template's own mistake."""
    return any(isinstance(k, yaml.MappingNode) for k, _ in node.value)


@dataclass(frozen=True)
class _Block:
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


def _second_block(body: bytes, closing_line: int) -> _Block | None:
    """The first later ``---`` block that parses to a non-empty mapping, with its node tree.

    A block inside a fenced code block is an example in the prose, not frontmatter.
    """
    if b"---" not in body:
        return None
    fences = _fenced_ranges(body)
    for match in _second_blocks(body):
        if any(start <= match.start() < end for start, end in fences):
            continue
        loader = YamlLoader(match.group(1).decode("utf-8", "replace"))
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
            continue
        finally:
            loader.dispose()
        if isinstance(data, dict) and data:
            return _Block(data, node, closing_line + body.count(b"\n", 0, match.start()))
    return None


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


# ---------------------------------------------------------------------------------------
# Resolving references once every file is read


def resolve_links(specs: Iterable[Spec], scanned_paths: Iterable[str], config: Config) -> tuple[list[Spec], list[Hit]]:
    """Turn every spec's references into links against the whole repository.

    Runs after all files are read (so per-file reading stays independent and picklable),
    from the loaded ids and paths only: nothing is opened, and it is linear in references.
    Path and URL references that lead nowhere become SG101 hits; ids found only by ignoring
    case or zero padding resolve, with an SG106 hit naming the canonical spelling.
    """
    specs = list(specs)
    spec_paths = {spec.path: spec.id for spec in specs}
    index = ReferenceIndex((spec.id for spec in specs), spec_paths, scanned_paths, config.references)
    resolved: list[Spec] = []
    hits: list[Hit] = []
    multiple_parents = {lf.key for lf in config.link_fields if lf.multiple}
    for spec in specs:
        if not spec.references:
            resolved.append(spec)
            continue
        links: list[Link] = list(spec.links)
        duplicates: list[Link] = list(spec.duplicate_links)
        bad: list[BadLinkValue] = list(spec.bad_links)
        seen: set[tuple[str, str]] = {(link.field, link.target) for link in links}
        parent: Link | None = next((link for link in links if link.kind is LinkKind.PARENT), None)
        literal_done: set[tuple[str, Location, str]] = set()
        for ref in spec.references:
            if ref.entry is not None and ref.entry in index.ids:
                # The entry as written is an id: it wins over any reading of it (one link per entry).
                entry_key = (ref.field, ref.location, ref.entry)
                if entry_key in literal_done:
                    continue
                literal_done.add(entry_key)
                resolution = Resolution(ref.entry)
            else:
                resolution = index.resolve(_as_parsed(ref))
            if resolution.note == "empty":
                continue
            if resolution.note == "problem":
                hits.append(_path_hit(spec, ref, resolution.problem or "cannot be resolved"))
                continue
            target = resolution.target if resolution.target is not None else ref.value
            if resolution.note == "canonical":
                hits.append(_canonical_hit(spec, ref, target))
            link = Link(
                spec.id,
                target,
                ref.kind,
                ref.field,
                ref.location,
                ref.label,
                ref.written if ref.written != target else None,
            )
            if (ref.field, target) in seen:
                duplicates.append(link)
                continue
            seen.add((ref.field, target))
            if link.kind is LinkKind.PARENT and ref.field not in multiple_parents:
                if parent is not None and parent.target != target:
                    bad.append(
                        BadLinkValue(
                            ref.field,
                            _preview(ref.written),
                            f"a spec has one parent; '{parent.field}' already names '{parent.target}'",
                            ref.location,
                        )
                    )
                    continue
                if parent is not None:
                    continue  # the same parent named by two fields: one edge is enough
                parent = link
            links.append(link)
        resolved.append(replace(spec, links=tuple(links), duplicate_links=tuple(duplicates), bad_links=tuple(bad)))
    return resolved, hits


def _as_parsed(ref: Reference) -> ParsedRef:
    return ParsedRef(ref.written, ref.form, ref.value, ref.fallback, ref.problem)


def _path_hit(spec: Spec, ref: Reference, problem: str) -> Hit:
    return Hit(
        "SG101",
        f"{ref.field} names '{ref.written}', which {problem}",
        path=spec.path,
        line=ref.location.line,
        column=ref.location.column,
        spec=spec.id,
        key=f"{ref.field}:{ref.written}",
        extra={"target": ref.value, "kind": ref.kind.value},
    )


def _canonical_hit(spec: Spec, ref: Reference, target: str) -> Hit:
    written = ref.written if ref.form is not RefForm.ID or ref.written == ref.value else ref.value
    return Hit(
        "SG106",
        f"{ref.field} names '{written}', which only matches '{target}' when case and zero padding are ignored; write '{target}'",
        path=spec.path,
        line=ref.location.line,
        column=ref.location.column,
        spec=spec.id,
        related=(target,),
        key=f"{ref.field}:{ref.written}",
        extra={"target": target, "kind": ref.kind.value},
    )


# ---------------------------------------------------------------------------------------
# Paths


def _compile_glob(pattern: str) -> re.Pattern[str]:
    """Glob to regex: ``**`` spans folders, ``*`` stays in one; a bare name matches anywhere."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    anchored = "/" in pattern.rstrip("/")
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append({"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char)))
        i += 1
    body = "".join(out)
    if body.endswith("/"):
        body += ".*"
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{body}(?:/.*)?$" if not anchored else f"^{body}$")


def _relative(root: Path, path: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        return path.as_posix()
    text = rel.as_posix()
    return text if text else "."


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _is_venv(dirpath: str, name: str) -> bool:
    return os.path.isfile(os.path.join(dirpath, name, "pyvenv.cfg"))


def _in_template_dir(relpath: str, config: Config) -> bool:
    parts = relpath.split("/")[:-1]
    return any(part in config.template_dirs for part in parts)
