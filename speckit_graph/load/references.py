"""Reference normalisation: every way real repositories write "this spec links to that one".

Two pure stages, so per-file reading stays independent of the rest of the repository:

1. :func:`parse_entry` turns one YAML value of a link field into :class:`ParsedRef` items:
   an id (``FIP-0034``), a number through the id template (``34`` -> ``FIP-0034``), an
   ``ID: title`` label, a comma- or whitespace-separated list, a Markdown link
   ``[text](path.md)``, a relative or repo-rooted path (normalised as text, never opened),
   a URL (followed only when it starts with a configured repository URL) or a mapping with
   an id key. Empty markers (``N/A``, ``none``...) mean "no link".
2. :class:`ReferenceIndex` resolves them once every spec is known, from the set of loaded
   paths and ids only: exact id, declared equivalent prefix (``task-7`` = ``BACK-7``), then a
   case- and zero-padding-insensitive match when it is unambiguous (reported as SG106).
   Linear: one dictionary lookup (or a few) per reference.

Nothing here touches the filesystem.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from speckit_graph.config.model import NumberTemplate, ReferenceSettings
from speckit_graph.core.model import RefForm
from speckit_graph.load.builders import fast_constructor
from speckit_graph.load.commas import top_level_pieces
from speckit_graph.load.markers import is_empty_marker

_ZERO_PADDING = re.compile(r"(?<=\D)0+(?=\d)|^0+(?=\d)")
_DIGITS = re.compile(r"^\d+$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^mailto:", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"^\[(?P<text>[^\[\]]*)\]\((?P<target>[^()\s]*)(?:\s+\"[^\"]*\")?\)$")
_MARKDOWN_LINKS = re.compile(r"\[(?P<text>[^\[\]]*)\]\((?P<target>[^()\s]*)(?:\s+\"[^\"]*\")?\)")
# "ID: title", "ID - title", "ID (title)": a leading token without blanks, then a separator.
_LABEL = re.compile(r"^(?P<token>[^\s:()]+)(?:\s*:\s+|\s+[-\u2013\u2014]\s+|\s*\()")
_ID_LIKE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.#/-]*$")
_WINDOWS_ABSOLUTE = re.compile(r"^[A-Za-z]:[\\/]|^\\\\")
# A plain id (``spec-req-0042``, ``FIP-0034``, ``42``): no separator, quote, bracket, colon, slash
# or blank, so no split, unwrap, label, link, URL or path rule can apply (see parse_plain_id).
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.#-]+")


def canonical_form(value: str) -> str:
    """Case- and zero-padding-insensitive form: ``FIP-0034`` and ``fip-34`` compare equal."""
    return _ZERO_PADDING.sub("", value.strip().lower())


@dataclass(frozen=True, slots=True)
class ParsedRef:
    """One reference read from a value, before resolution (see model.Reference)."""

    written: str
    form: RefForm
    value: str
    fallback: str | None = None
    problem: str | None = None


class BadEntry(ValueError):
    """A link entry of a shape no reference form accepts; the message is the reason."""


# ---------------------------------------------------------------------------------------
# Stage 1: parsing values


#: Built for every link entry: without the frozen ``__init__``'s cost (see builders).
_new_parsed_ref = fast_constructor(ParsedRef)


def parse_entry(
    item: Any,
    *,
    source_path: str,
    settings: ReferenceSettings,
    template: NumberTemplate | None = None,
    id_key: str = "id",
    several: bool = True,
) -> list[ParsedRef]:
    """The references one YAML entry of a link field names; raises BadEntry for a wrong shape.

    ``source_path`` (repository-relative, POSIX) anchors relative paths; ``id_key`` is the
    key the spec's own id came from, for ``{KEY}`` in the number template. ``several`` is
    False for an item of a YAML list: the author already separated the entries, so a comma
    or a blank inside one is part of it (labels, links and paths are still read).
    """
    if item is None:
        return []
    if isinstance(item, bool):
        raise BadEntry("expected an id string, got a boolean")
    if isinstance(item, int):
        if template is None:
            raise BadEntry("expected an id string, got a number")
        if item < 0:
            raise BadEntry("expected an id string, got a negative number")
        text = str(item)
        return [ParsedRef(text, RefForm.ID, template.format(text, id_key))]
    if isinstance(item, dict):
        return _parse_mapping(item, source_path, settings, template, id_key)
    if isinstance(item, str):
        plain = parse_plain_id(item, settings, template, id_key)
        if plain is not None:
            return plain
        if not item.strip():
            raise BadEntry("an empty string is not an id")
        return parse_text(item, source_path=source_path, settings=settings, template=template, id_key=id_key, several=several)
    raise BadEntry(f"expected an id string, got {describe(item)}")


def parse_plain_id(
    item: str, settings: ReferenceSettings, template: NumberTemplate | None, id_key: str
) -> list[ParsedRef] | None:
    """What :func:`parse_entry` returns for a string that is a plain id; None for any other string.

    The common link entry, read without :func:`parse_text`'s split/unwrap/classify passes: a
    plain id has no blank (nothing to strip or split on), no ``,[]()<>:'"`/\\`` (no list,
    link, label, URL, quote or path) and no ``.md``, so the only outcomes left are an empty
    marker, a number through the template, or the id itself.
    ``tests/load/test_reference_fast_path.py`` compares it with the general path.
    """
    if _PLAIN_ID.fullmatch(item) is None or ".md" in item.lower():
        return None
    if is_empty_marker(item, settings.empty_markers):
        return [_new_parsed_ref(item, RefForm.NONE, "", None, None)]
    if template is not None and item.isdigit():
        return [_new_parsed_ref(item, RefForm.ID, template.format(item, id_key), None, None)]
    return [_new_parsed_ref(item, RefForm.ID, item, None, None)]


def _parse_mapping(
    item: Mapping[Any, Any],
    source_path: str,
    settings: ReferenceSettings,
    template: NumberTemplate | None,
    id_key: str,
) -> list[ParsedRef]:
    for key in settings.mapping_keys:
        value = item.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return parse_entry(value, source_path=source_path, settings=settings, template=template, id_key=id_key, several=False)
    if settings.mapping_keys == ("id",):
        raise BadEntry("expected an id string, got a mapping")
    keys = ", ".join(settings.mapping_keys) or "none configured"
    raise BadEntry(f"expected an id string, got a mapping without an id key ({keys})")


def parse_text(
    text: str,
    *,
    source_path: str,
    settings: ReferenceSettings,
    template: NumberTemplate | None = None,
    id_key: str = "id",
    several: bool = True,
) -> list[ParsedRef]:
    """Every reference in one string: split (when ``several``), unwrap labels and links, classify each part."""
    whole = text.strip()
    if not whole:
        return []
    if is_empty_marker(whole, settings.empty_markers):
        return [ParsedRef(whole, RefForm.NONE, "")]
    result: list[ParsedRef] = []
    for part in split_parts(whole) if several else [whole]:
        result.extend(_parse_part(part, source_path, settings, template, id_key, several))
    return result


def split_parts(text: str) -> list[str]:
    """Split on commas, keeping a label's title together (``AIP-10: A, B``) and what brackets or backticks hold.

    Markdown links are kept whole even when their text holds a comma. Linear in ``text``.
    """
    links = list(_MARKDOWN_LINKS.finditer(text))
    if links:
        parts: list[str] = []
        position = 0
        for match in links:
            parts.extend(_split_plain(text[position : match.start()]))
            parts.append(match.group(0))
            position = match.end()
        parts.extend(_split_plain(text[position:]))
        return [p for p in parts if p]
    return _split_plain(text)


def _split_plain(text: str) -> list[str]:
    parts: list[str] = []
    previous_is_label = False
    for raw in top_level_pieces(text):
        part = raw.strip()
        if not part:
            continue
        starts_reference = _starts_like_reference(part)
        if parts and previous_is_label and not starts_reference:
            parts[-1] = f"{parts[-1]}, {part}"  # the title went on after a comma
            continue
        parts.append(part)
        previous_is_label = _label_token(part) is not None
    return parts


def _label_token(text: str) -> str | None:
    """The id of an ``ID: title`` / ``ID - title`` / ``ID (title)`` label, else None."""
    match = _LABEL.match(text)
    if match is None:
        return None
    token = match.group("token")
    return token if _is_id_like(token) or _looks_like_path(token) else None


def _starts_like_reference(part: str) -> bool:
    token = part.split(None, 1)[0] if part.split() else part
    token = token.rstrip(":")
    return bool(_URL.match(token) or token.startswith("[") or _looks_like_path(token) or _is_id_like(token))


def _parse_part(
    part: str,
    source_path: str,
    settings: ReferenceSettings,
    template: NumberTemplate | None,
    id_key: str,
    several: bool = True,
) -> list[ParsedRef]:
    text = _unwrap(part)
    if not text or is_empty_marker(text, settings.empty_markers):
        return []
    link = _MARKDOWN_LINK.match(text)
    if link is not None:
        return [_parse_markdown_link(text, link.group("text"), link.group("target"), source_path, settings, template, id_key)]
    if _URL.match(text):
        return [_parse_url(text, text, source_path, settings)]
    token = _label_token(text)
    if token is not None:
        return [_parse_token(token, text, source_path, template, id_key)]
    if _looks_like_path(text):
        return [_path_ref(text, text, source_path)]
    tokens = text.split()
    if several and len(tokens) > 1 and all(_is_id_like(t) for t in tokens):
        return [_parse_token(t, t, source_path, template, id_key) for t in tokens]
    return [_parse_token(text, text, source_path, template, id_key)]


def _parse_token(token: str, written: str, source_path: str, template: NumberTemplate | None, id_key: str) -> ParsedRef:
    if _looks_like_path(token):
        return _path_ref(token, written, source_path)
    if template is not None and _DIGITS.match(token):
        return ParsedRef(written, RefForm.ID, template.format(token, id_key))
    return ParsedRef(written, RefForm.ID, token)


def _parse_markdown_link(
    written: str,
    text: str,
    target: str,
    source_path: str,
    settings: ReferenceSettings,
    template: NumberTemplate | None,
    id_key: str,
) -> ParsedRef:
    target = target.strip().strip("<>")
    if _URL.match(target):
        parsed = _parse_url(target, written, source_path, settings)
        label = text.strip()
        if parsed.form is RefForm.URL and label and _is_id_like(label.split()[0].rstrip(":")):
            return _parse_token(label.split()[0].rstrip(":"), written, source_path, template, id_key)
        return parsed
    if not target:
        return _parse_token(text.strip(), written, source_path, template, id_key)
    return _path_ref(urllib.parse.unquote(target), written, source_path)


def _parse_url(url: str, written: str, source_path: str, settings: ReferenceSettings) -> ParsedRef:
    lowered = url.lower()
    for base in settings.base_urls:
        prefix = base if base.endswith("/") else base + "/"
        if lowered.startswith(prefix.lower()):
            rest = urllib.parse.unquote(url[len(prefix) :].split("#", 1)[0].split("?", 1)[0])
            return _path_ref("/" + rest.lstrip("/"), written, source_path)
    return ParsedRef(written, RefForm.URL, url)


def _path_ref(path: str, written: str, source_path: str) -> ParsedRef:
    value, fallback, problem = normalise_path(path, source_path)
    return ParsedRef(written, RefForm.PATH, value, fallback, problem)


def normalise_path(path: str, source_path: str) -> tuple[str, str | None, str | None]:
    """(repository-relative path, repo-rooted alternative, problem) for a path as written.

    Pure string work: ``..`` segments are folded, a leading ``/`` means the repository root,
    and anything that would climb out of the repository (or is a drive/UNC/home path) is a
    problem, so nothing outside the scan is ever opened or even looked up.
    """
    text = path.split("#", 1)[0].split("?", 1)[0].strip()
    if _WINDOWS_ABSOLUTE.match(text) or text.startswith("~"):
        return text, None, "is an absolute path outside the repository; not followed"
    text = text.replace("\\", "/")
    if not text:
        return path, None, "is not a file path"
    if text.startswith("/"):
        value = posixpath.normpath(text.lstrip("/"))  # "/../x" climbs out: refused, not clamped
        fallback = None
    else:
        directory = posixpath.dirname(source_path)
        value = posixpath.normpath(posixpath.join(directory, text)) if directory else posixpath.normpath(text)
        rooted = posixpath.normpath(text)
        fallback = rooted if rooted != value and not _escapes(rooted) else None
    if _escapes(value):
        if fallback is not None:
            return fallback, None, None
        return value, None, "is outside the repository; not followed"
    if value in ("", "."):
        return value, None, "is not a file path"
    return value, fallback, None


def _escapes(path: str) -> bool:
    return path == ".." or path.startswith("../")


def _unwrap(part: str) -> str:
    """Strip quotes, autolink brackets and an unbalanced parenthesis left around an entry."""
    text = part.strip().strip("\"'`").strip()
    if text.startswith("<") and text.endswith(">") and " " not in text:
        text = text[1:-1].strip()
    if text.startswith("(") and ")" not in text:
        text = text[1:].strip()
    if text.endswith(")") and "(" not in text:
        text = text[:-1].strip()
    return text


def _looks_like_path(token: str) -> bool:
    """A path ends in .md, or has a slash and no blanks; a backslash alone does not make one (``a\\b`` is an id)."""
    bare = token.split("#", 1)[0].split("?", 1)[0].strip()
    if bare.lower().endswith(".md") or _WINDOWS_ABSOLUTE.match(bare):
        return True
    return "/" in bare and not any(ch.isspace() for ch in bare)  # prose with a slash is not a path


def _is_id_like(token: str) -> bool:
    """A token that can be an id on its own: no blanks, and at least one digit."""
    return bool(_ID_LIKE.match(token)) and any(ch.isdigit() for ch in token)


def describe(value: Any) -> str:
    """A YAML value's kind in words, for "expected X, got a mapping" messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


# ---------------------------------------------------------------------------------------
# Stage 2: resolving against the whole repository


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a reference leads: a spec id, or why not. ``note`` explains a non-exact match."""

    target: str | None
    note: str = "exact"  # exact | prefix | canonical | ambiguous | unknown | problem | empty
    problem: str | None = None
    candidates: tuple[str, ...] = ()


class ReferenceIndex:
    """Ids and paths of the loaded specs, indexed once for many lookups."""

    def __init__(
        self,
        ids: Iterable[str],
        spec_paths: Mapping[str, str],
        scanned_paths: Iterable[str],
        settings: ReferenceSettings,
    ) -> None:
        self.ids = set(ids)
        self.spec_paths = dict(spec_paths)
        self.scanned = set(scanned_paths)
        self._lower: dict[str, list[str]] = {}
        self._canonical: dict[str, list[str]] = {}
        for spec_id in sorted(self.ids):
            self._lower.setdefault(spec_id.lower(), []).append(spec_id)
            self._canonical.setdefault(canonical_form(spec_id), []).append(spec_id)
        self._lower_paths: dict[str, list[str]] = {}
        for path in sorted(self.spec_paths):
            self._lower_paths.setdefault(path.lower(), []).append(path)
        self._prefixes = [tuple(p.lower() for p in group) for group in settings.equivalent_prefixes]
        self.loose = settings.loose_matching

    def resolve(self, ref: ParsedRef) -> Resolution:
        if ref.form is RefForm.NONE:
            return Resolution(None, "empty")
        if ref.problem is not None:
            return Resolution(None, "problem", ref.problem)
        if ref.form is RefForm.ID:
            return self.resolve_id(ref.value)
        if ref.form is RefForm.PATH:
            return self.resolve_path(ref.value, ref.fallback)
        return Resolution(
            None,
            "problem",
            "is a URL outside the repository; not followed (add its repository prefix to references.base-urls)",
        )

    def resolve_id(self, value: str) -> Resolution:
        if value in self.ids:
            return Resolution(value)
        lowered = value.lower()
        for group in self._prefixes:
            for prefix in group:
                if not lowered.startswith(prefix):
                    continue
                rest = value[len(prefix) :]
                for other in group:
                    if other == prefix:
                        continue
                    same = self._lower.get(other + rest.lower(), [])
                    if len(same) == 1:
                        return Resolution(same[0], "prefix")
                    close = self._canonical.get(canonical_form(other + rest), []) if self.loose else []
                    if len(close) == 1:
                        return Resolution(close[0], "canonical")
        if not self.loose:
            return Resolution(None, "unknown")
        close = self._canonical.get(canonical_form(value), [])
        if len(close) == 1:
            return Resolution(close[0], "canonical")
        if len(close) > 1:
            return Resolution(None, "ambiguous", candidates=tuple(close))
        return Resolution(None, "unknown")

    def resolve_path(self, value: str, fallback: str | None) -> Resolution:
        for candidate in (value, fallback):
            if candidate is None:
                continue
            target = self.spec_paths.get(candidate)
            if target is not None:
                return Resolution(target)
        for candidate in (value, fallback):
            if candidate is None or not self.loose:
                continue
            same = self._lower_paths.get(candidate.lower(), [])
            if len(same) == 1:
                return Resolution(self.spec_paths[same[0]], "canonical")
        shown = f" ({value})"
        if value in self.scanned or (fallback is not None and fallback in self.scanned):
            return Resolution(None, "problem", f"names a Markdown file that is not a spec{shown}")
        if not value.lower().endswith(".md"):
            return Resolution(None, "problem", f"is not a Markdown file in the repository{shown}")
        return Resolution(None, "problem", f"names a file that is not in the repository{shown}")
