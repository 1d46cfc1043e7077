"""Scan a folder for spec files and read their frontmatter into Spec objects.

Every problem with a file becomes a Hit (SG001-SG006) and the scan goes on: one broken
file must never hide the findings of the other ten thousand.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from speckit_graph.config import DEFAULT_EXCLUDED_DIRS, Config
from speckit_graph.findings import Hit
from speckit_graph.model import BadLinkValue, Link, LinkKind, Location, Spec

try:  # PyYAML's libyaml binding is several times faster; fall back when it is missing.
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

LINK_FIELDS: dict[str, LinkKind] = {
    "parent": LinkKind.PARENT,
    "dependencies": LinkKind.DEPENDS_ON,
    "related": LinkKind.RELATED,
}
#: Fields that make a frontmatter block look like a spec even without an id.
SPEC_HINT_FIELDS = ("type", "status", "priority", "category", "reviewers", "approvers", "estimatedEffort")

_OPENING = re.compile(rb"---[ \t]*\r?(?:\n|$)")
_CLOSING = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_SECOND_BLOCK = re.compile(
    rb"^---[ \t]*\r?\n(?=[A-Za-z_][\w-]*[ \t]*:)((?:.*\n){1,200}?)---[ \t]*\r?$", re.MULTILINE
)
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


def load_specs(root: Path, config: Config) -> LoadResult:
    """Read every spec under ``root``; never raises for content problems."""
    specs: list[Spec] = []
    issues: list[Hit] = []
    skipped: list[str] = []
    scanned = templates = 0
    for relpath in iter_markdown_files(root, config, issues):
        scanned += 1
        outcome = read_spec_file(root, relpath, config)
        issues.extend(outcome.issues)
        templates += outcome.template
        if outcome.spec is not None:
            specs.append(outcome.spec)
        elif not outcome.issues:
            skipped.append(relpath)
    specs.sort(key=lambda s: (s.id, s.path))
    return LoadResult(
        root=str(root),
        specs=tuple(specs),
        issues=tuple(issues),
        files_scanned=scanned,
        files_skipped=len(skipped),
        templates=templates,
        skipped_paths=tuple(skipped),
    )


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
    """Read one file's frontmatter; a pure function of the file so it can run in a worker."""
    outcome = FileOutcome()
    raw = _read_bytes(root, relpath, config, outcome)
    if raw is None:
        return outcome
    text_bytes, encoding_note = _normalise_encoding(raw)
    if text_bytes is None:
        outcome.issues.append(Hit("SG002", f"cannot decode file: {encoding_note}", path=relpath, line=1))
        return outcome
    if not text_bytes.strip():
        outcome.issues.append(Hit("SG006", "empty file", path=relpath, line=1))
        return outcome
    if not _OPENING.match(text_bytes):
        return outcome  # plain Markdown page: not a spec, skipped silently
    start = _OPENING.match(text_bytes).end()  # type: ignore[union-attr]
    closing = _CLOSING.search(text_bytes, start)
    if closing is None and _in_template_dir(relpath, config):
        outcome.template = True
        outcome.issues.append(Hit("SG004", "template file, left out of the graph", path=relpath, line=1))
        return outcome
    if closing is None:
        outcome.issues.append(
            Hit("SG001", "frontmatter opened on line 1 is never closed with '---'", path=relpath, line=1, column=1)
        )
        return outcome
    block = text_bytes[start : closing.start()]
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
        return outcome
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = 2 + block.count(b"\n", 0, exc.start)
        outcome.issues.append(
            Hit("SG002", f"frontmatter is not valid UTF-8 (byte 0x{block[exc.start]:02x})", path=relpath, line=line)
        )
        return outcome
    in_template_dir = _in_template_dir(relpath, config)
    parsed = _parse_yaml(text, relpath, outcome, in_template_dir, config.limits.max_alias_expansion)
    if parsed is None:
        return outcome
    data, node = parsed
    _check_duplicate_keys(node, relpath, outcome)
    spec = _build_spec(relpath, data, node, config, outcome, in_template_dir)
    if spec is not None:
        outcome.spec = spec
        _check_second_block(body, closing_line, relpath, outcome)
    return outcome


# ---------------------------------------------------------------------------------------
# Reading bytes


def _read_bytes(root: Path, relpath: str, config: Config, outcome: FileOutcome) -> bytes | None:
    path = root / relpath
    try:
        if path.is_symlink():
            target = path.resolve(strict=True)
            if not _is_within(target, root.resolve()):
                outcome.issues.append(
                    Hit("SG002", "symlink points outside the repository; not read", path=relpath, line=None)
                )
                return None
        size = path.stat().st_size
        if size > config.limits.max_file_size:
            outcome.issues.append(
                Hit(
                    "SG002",
                    f"file is {size:,} bytes, over the max-file-size limit of {config.limits.max_file_size:,}",
                    path=relpath,
                )
            )
            return None
        with open(path, "rb") as handle:
            return handle.read(config.limits.max_file_size + 1)
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
        data = loader.construct_document(node)
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
            outcome.issues.append(
                Hit("SG001", f"frontmatter is {kind}, not a mapping of fields", path=relpath, line=2, column=1)
            )
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
    outcome.issues.append(
        Hit("SG001", f"frontmatter is not valid YAML: {problem}{hint}", path=relpath, line=line, column=column)
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


# ---------------------------------------------------------------------------------------
# Building a Spec


def _build_spec(
    relpath: str, data: dict[Any, Any], node: Any, config: Config, outcome: FileOutcome, in_template_dir: bool
) -> Spec | None:
    key_nodes = _top_level_nodes(node)
    fields: dict[str, Any] = {}
    field_lines: dict[str, int] = {}
    field_keys: dict[str, str] = {}
    canonical_of = {alias: name for name, aliases in config.aliases.items() for alias in aliases}
    for key, value in data.items():
        if not isinstance(key, str):
            continue
        canonical = canonical_of.get(key, key)
        if canonical in fields and canonical != key:
            continue  # the canonical key, or the first alias written, wins
        fields[canonical] = value
        field_keys[canonical] = key
        if key in key_nodes:
            field_lines[canonical] = key_nodes[key][0].start_mark.line + 2

    raw_id = fields.get("id")
    has_id = raw_id is not None and not (isinstance(raw_id, str) and not raw_id.strip())
    placeholders = tuple(_find_placeholders(key_nodes, field_keys))
    link_values = [fields[name] for name in LINK_FIELDS if name in fields]
    is_template = in_template_dir or (
        (isinstance(raw_id, str) and PLACEHOLDER.search(raw_id) is not None)
        or any(PLACEHOLDER.search(v) for v in _strings(link_values))
    )
    if is_template:
        outcome.template = True
        outcome.issues.append(Hit("SG004", "template file, left out of the graph", path=relpath, line=1))
        return None
    if not has_id:
        looks_like_spec = any(n in fields for n in LINK_FIELDS) or sum(n in fields for n in SPEC_HINT_FIELDS) >= 2
        if looks_like_spec:
            keys = " or ".join(f"'{k}'" for k in config.keys_for("id"))
            outcome.issues.append(
                Hit("SG003", f"frontmatter has spec fields but no id ({keys})", path=relpath, line=1, column=1)
            )
        return None
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        outcome.issues.append(
            Hit(
                "SG003",
                f"'{field_keys['id']}' must be a string, got {_kind(raw_id)}",
                path=relpath,
                line=field_lines.get("id"),
            )
        )
        return None
    spec_id = str(raw_id).strip()
    links, bad, duplicates = _extract_links(spec_id, relpath, fields, field_keys, field_lines, key_nodes, config)
    return Spec(
        id=spec_id,
        path=relpath,
        location=Location(relpath, field_lines.get("id", 1), 1),
        fields=fields,
        field_lines=field_lines,
        field_keys=field_keys,
        links=tuple(links),
        bad_links=tuple(bad),
        duplicate_links=tuple(duplicates),
        placeholders=placeholders,
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
                    f"key '{key_node.value}' appears twice (lines {first_line[key_node.value]} and {line}); "
                    "the last one is used",
                    path=relpath,
                    line=line,
                    column=key_node.start_mark.column + 1,
                    key=f"duplicate:{key_node.value}",
                )
            )
        else:
            first_line[key_node.value] = line


def _top_level_nodes(node: Any) -> dict[str, tuple[Any, Any]]:
    """Map each top-level key to its (key node, value node); the last duplicate wins, as in YAML."""
    result: dict[str, tuple[Any, Any]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                result[key_node.value] = (key_node, value_node)
    return result


def _extract_links(
    spec_id: str,
    relpath: str,
    fields: dict[str, Any],
    field_keys: dict[str, str],
    field_lines: dict[str, int],
    key_nodes: dict[str, tuple[Any, Any]],
    config: Config,
) -> tuple[list[Link], list[BadLinkValue], list[Link]]:
    links: list[Link] = []
    bad: list[BadLinkValue] = []
    duplicates: list[Link] = []
    for name, kind in LINK_FIELDS.items():
        if name not in fields:
            continue
        key = field_keys[name]
        value = fields[name]
        field_line = field_lines.get(name)
        value_node = key_nodes.get(key, (None, None))[1]
        entries: list[tuple[Any, int | None, int | None]]
        if value is None:
            continue
        if isinstance(value, list):
            item_nodes = value_node.value if isinstance(value_node, yaml.SequenceNode) else []
            entries = []
            for index, item in enumerate(value):
                item_node = item_nodes[index] if index < len(item_nodes) else None
                line = item_node.start_mark.line + 2 if item_node is not None else field_line
                column = item_node.start_mark.column + 1 if item_node is not None else None
                entries.append((item, line, column))
            if kind is LinkKind.PARENT and len(value) > 1:
                bad.append(
                    BadLinkValue(key, _preview(value), "a spec has one parent, not a list",
                                 Location(relpath, field_line, 1))  # fmt: skip
                )
                continue
        elif isinstance(value, str) and kind is LinkKind.PARENT and not value.strip():
            continue  # `parent: ""` means "no parent", as the template writes it
        else:
            column = value_node.start_mark.column + 1 if value_node is not None else None
            entries = [(value, field_line, column)]
        if len(entries) > config.limits.max_links_per_field:
            bad.append(
                BadLinkValue(
                    key,
                    f"{len(entries):,} entries",
                    f"more than the max-links-per-field limit of {config.limits.max_links_per_field:,}; none read",
                    Location(relpath, field_line, 1),
                )
            )
            continue
        seen: set[str] = set()
        for item, line, column in entries:
            location = Location(relpath, line, column)
            reason = _bad_entry_reason(item)
            if reason is not None:
                bad.append(BadLinkValue(key, _preview(item), reason, location))
                continue
            target = item.strip()
            link = Link(spec_id, target, kind, key, location)
            if target in seen:
                duplicates.append(link)
                continue
            seen.add(target)
            links.append(link)
    return links, bad, duplicates


def _bad_entry_reason(item: Any) -> str | None:
    if isinstance(item, str):
        return "an empty string is not an id" if not item.strip() else None
    return f"expected an id string, got {_kind(item)}"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _preview(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def _strings(values: list[Any]) -> Iterator[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (v for v in value if isinstance(v, str))


def _find_placeholders(key_nodes: dict[str, tuple[Any, Any]], field_keys: dict[str, str]) -> Iterator[tuple[str, int]]:
    """Yield (key, line) for every scalar holding ``{{...}}``; walks nodes, so alias bombs stay cheap."""
    seen: set[int] = set()
    budget = _MAX_WALK_NODES
    for key, (_key_node, value_node) in key_nodes.items():
        stack = [value_node]
        while stack and budget > 0:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            budget -= 1
            if isinstance(current, yaml.ScalarNode):
                if isinstance(current.value, str) and PLACEHOLDER.search(current.value):
                    yield key, current.start_mark.line + 2
                    break
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(reversed(current.value))
            elif isinstance(current, yaml.MappingNode):
                if current.flow_style and _looks_like_brace_placeholder(current):
                    yield key, current.start_mark.line + 2
                    break
                for k, v in reversed(current.value):
                    stack.extend((v, k))


def _looks_like_brace_placeholder(node: Any) -> bool:
    """`{ { hours } }` parses as a flow mapping keyed by a mapping: the template's own mistake."""
    return any(isinstance(k, yaml.MappingNode) for k, _ in node.value)


def _check_second_block(body: bytes, closing_line: int, relpath: str, outcome: FileOutcome) -> None:
    if b"---" not in body:
        return
    for match in _SECOND_BLOCK.finditer(body):
        try:
            data = yaml.load(match.group(1).decode("utf-8", "replace"), Loader=YamlLoader)
        except (yaml.YAMLError, ValueError, TypeError, RecursionError):
            continue
        if isinstance(data, dict) and data:
            line = closing_line + body.count(b"\n", 0, match.start())
            keys = ", ".join(sorted(str(k) for k in data)[:5])
            outcome.issues.append(
                Hit(
                    "SG005",
                    f"a second frontmatter block (keys: {keys}) starts here; only the first block is read",
                    path=relpath,
                    line=line,
                    column=1,
                    spec=outcome.spec.id if outcome.spec else None,
                )
            )
            return


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
