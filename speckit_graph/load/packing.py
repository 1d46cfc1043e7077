"""Compact encoding of one file's outcome: tuples of plain values, stored with ``marshal``.

Used for the cache and for results sent back by worker processes (3x faster to load than
dataclass pickles). ``marshal`` holds only plain values (str, int, tuples, dicts...) and,
unlike pickle, cannot run code when it loads: a planted cache file can at worst be wrong
data, never a program. What marshal cannot hold (YAML dates, read-only mappings) is tagged
by :func:`encode_plain`; in a file's outcome only the spec fields (and the frontmatter
values) that need it are tagged, so a frontmatter with a date does not send the whole spec
through the slow tagged decoding (``f`` below); dates at the top of the frontmatter, the
common case, do not even need that (``d``, see :func:`_pack_dated`). Loading builds the
frozen dataclasses with :mod:`speckit_graph.load.builders`, not their frozen ``__init__``.
A change to the shapes packed here (Spec, Hit, Link, Reference fields) must bump
``speckit_graph.load.cache.CACHE_FORMAT``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import marshal
import operator
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from speckit_graph.core.findings import CheckResult, Finding, Hit, Severity
from speckit_graph.core.fixes import Fix, Safety, TextEdit
from speckit_graph.core.model import (
    BadLinkValue,
    Link,
    LinkKind,
    Location,
    LooseReference,
    Reference,
    RefForm,
    Spec,
    UnresolvedReference,
)
from speckit_graph.load.builders import fast_constructor, new_bad_link, new_hit, new_link, new_location, new_reference, new_spec


def _spec_fields() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(Spec) if f.init)


_SPEC_FIELDS = _spec_fields()
_HIT_FIELDS = tuple(f.name for f in dataclasses.fields(Hit) if f.init)


def _pack_location(loc: Location) -> tuple[str, int | None, int | None]:
    return (loc.path, loc.line, loc.column)


def _pack_link(link: Link) -> tuple[Any, ...]:
    return (link.source, link.target, link.kind.value, link.field, link.location.path, link.location.line,
            link.location.column, link.label, link.written)  # fmt: skip


_KINDS = {kind.value: kind for kind in LinkKind}
_FORMS = {form.value: form for form in RefForm}


def _unpack_links(packed: tuple[tuple[Any, ...], ...]) -> tuple[Link, ...]:
    kinds, link, location = _KINDS, new_link, new_location
    return tuple([link(s, t, kinds[k], f, location(p, ln, c), label, written) for s, t, k, f, p, ln, c, label, written in packed])


def _pack_reference(ref: Reference) -> tuple[Any, ...]:
    return (ref.field, ref.kind.value, ref.label, ref.written, ref.form.value, ref.value,
            _pack_location(ref.location), ref.fallback, ref.problem, ref.entry)  # fmt: skip


def _unpack_references(packed: tuple[tuple[Any, ...], ...]) -> tuple[Reference, ...]:
    kinds, forms, reference, location = _KINDS, _FORMS, new_reference, new_location
    return tuple(
        [
            reference(f, kinds[k], label, written, forms[form], value, location(*loc), fallback, problem, entry)
            for f, k, label, written, form, value, loc, fallback, problem, entry in packed
        ]
    )


def _pack_bad(bad: BadLinkValue) -> tuple[Any, ...]:
    return (bad.field, bad.value, bad.reason, _pack_location(bad.location))


def _unpack_bad(t: tuple[Any, ...]) -> BadLinkValue:
    return new_bad_link(t[0], t[1], t[2], new_location(*t[3]))


def _packed_map(mapping: dict[Any, Any]) -> bytes:
    """A key spelling or line map as marshal bytes: the main process shares equal ones by those bytes.

    Its keys, like those of ``fields``, were interned where the spec was built
    (:func:`speckit_graph.load.fields.build_spec`): marshal writes them as interned and the main
    process's ``marshal.loads`` returns the one shared copy of "id", "title"... for every spec
    (18 keys x 3 dicts x 100,000 specs is about 100 MB of duplicates otherwise).
    """
    return marshal.dumps(mapping)


_SPEC_PACK: Mapping[str, Callable[[Any], Any]] = {
    "field_lines": _packed_map,
    "field_keys": _packed_map,
    "location": _pack_location,
    "links": lambda links: tuple(map(_pack_link, links)),
    "duplicate_links": lambda links: tuple(map(_pack_link, links)),
    "bad_links": lambda bad: tuple(map(_pack_bad, bad)),
    "references": lambda refs: tuple(map(_pack_reference, refs)),
}

_PACKERS = tuple(_SPEC_PACK.get(name) for name in _SPEC_FIELDS)
_SPEC_VALUES = operator.attrgetter(*_SPEC_FIELDS)

_SHARED_MAPS: dict[bytes, dict[Any, Any]] = {}


def _shared_map(packed: bytes) -> dict[Any, Any]:
    """One dict object for all specs whose (read-only) key spelling or line map is the same.

    Looked up by its marshal bytes (hashing bytes is cheap; building a tuple of the items to
    look them up cost more than the rest of the spec's unpacking).
    """
    shared = _SHARED_MAPS.get(packed)
    if shared is None:
        shared = marshal.loads(packed)
        if len(_SHARED_MAPS) < 10_000:  # unusual repositories: do not grow without bound
            _SHARED_MAPS[packed] = shared
    return shared


_SPEC_UNPACK: Mapping[str, Callable[[Any], Any]] = {
    "field_lines": _shared_map,
    "field_keys": _shared_map,
    "location": lambda t: new_location(*t),
    "links": _unpack_links,
    "duplicate_links": _unpack_links,
    "bad_links": lambda ts: tuple(map(_unpack_bad, ts)),
    "references": _unpack_references,
}


_UNPACKERS = tuple(_SPEC_UNPACK.get(name) for name in _SPEC_FIELDS)


_SEVERITY_AT = _HIT_FIELDS.index("severity")
_EXTRA_AT = _HIT_FIELDS.index("extra")
_EMPTY_EXTRA = Hit("").extra
_HIT_VALUES = operator.attrgetter(*_HIT_FIELDS)


def _pack_hit(hit: Hit) -> tuple[Any, ...]:
    values: tuple[Any, ...] = _HIT_VALUES(hit)
    if hit.severity is None and not hit.extra:  # the common hit: its fields as they are
        return values[:_EXTRA_AT] + (None,) + values[_EXTRA_AT + 1 :]
    packed = []
    for name, value in zip(_HIT_FIELDS, values, strict=True):
        if isinstance(value, enum.Enum):
            value = value.value
        elif name == "extra":
            value = dict(value) if value else None
        packed.append(value)
    return tuple(packed)


def _unpack_hit(values: tuple[Any, ...]) -> Hit:
    """A Hit from :func:`_pack_hit`'s tuple (severity as its value, extra as a dict or None)."""
    fields = list(values)
    severity, extra = fields[_SEVERITY_AT], fields[_EXTRA_AT]
    if severity is not None:
        fields[_SEVERITY_AT] = Severity(severity)
    fields[_EXTRA_AT] = MappingProxyType(extra) if extra else _EMPTY_EXTRA
    return new_hit(*fields)


def pack_outcome(spec: Spec | None, issues: Iterable[Hit], template: bool, judged: Iterable[Hit] = ()) -> bytes | None:
    """One file's outcome as bytes, for the cache and for the trip back from a worker.

    ``judged``: the per-spec rules' hits computed with the parse (see ``FileOutcome.judged``).
    None when it cannot be packed (frontmatter nested deeper than marshal goes, a value
    of an unexpected type): such a file is parsed in the main process and not cached.
    """
    try:
        return _pack(spec, issues, template, judged)
    except (RecursionError, TypeError, ValueError, AttributeError):
        return None


def _pack(spec: Spec | None, issues: Iterable[Hit], template: bool, judged: Iterable[Hit]) -> bytes:
    packed_spec = None
    if spec is not None:
        pairs = zip(_PACKERS, _SPEC_VALUES(spec), strict=True)
        packed_spec = tuple([value if convert is None else convert(value) for convert, value in pairs])
    hits = tuple(map(_pack_hit, issues))
    rule_hits = tuple(map(_pack_hit, judged))
    # A date at the top of the frontmatter (``created: 2024-01-31``) is the common reason marshal
    # refuses a spec: try the ``d`` encoding first then, instead of failing a whole dump before it.
    if packed_spec is not None and any(type(v) in _DATE_TYPES for v in spec.fields.values()):  # type: ignore[union-attr]
        dated = _pack_dated(packed_spec, hits, template, rule_hits)
        if dated is not None:
            return dated
    try:
        return b"m" + marshal.dumps((packed_spec, hits, template, rule_hits))
    except ValueError:  # a YAML date deeper in the frontmatter, a read-only mapping: tag only the values that need it
        pass
    if packed_spec is None:
        return dump_plain((packed_spec, hits, template, rule_hits))
    parts = tuple(_pack_part(value) for value in packed_spec)
    return b"f" + marshal.dumps((parts, dump_plain(hits), template, dump_plain(rule_hits)))


_FIELDS_AT = _SPEC_FIELDS.index("fields")
_DATE_TYPES = {dt.date: False, dt.datetime: True}


def _pack_dated(packed_spec: tuple[Any, ...], hits: Any, template: bool, rule_hits: Any) -> bytes | None:
    """The ``d`` encoding: the common frontmatter whose only unplain values are top-level dates.

    Those dates travel as ``(key, ISO text, is a datetime)`` beside a plain copy of the fields
    (None in their place), so loading stays one ``marshal.loads`` and a few ``fromisoformat``,
    instead of the ``f`` encoding's per-field tags. None when anything else is not plain.
    """
    fields = packed_spec[_FIELDS_AT]
    if type(fields) is not dict:
        return None
    plain = dict(fields)
    dates = []
    for key, value in fields.items():
        is_datetime = _DATE_TYPES.get(type(value))
        if is_datetime is not None:
            plain[key] = None
            dates.append((key, value.isoformat(), is_datetime))
    if not dates:
        return None
    spec = packed_spec[:_FIELDS_AT] + (plain,) + packed_spec[_FIELDS_AT + 1 :]
    try:
        return b"d" + marshal.dumps((spec, tuple(dates), hits, template, rule_hits))
    except ValueError:
        return None


def _load_dated(view: memoryview) -> Any:
    spec, dates, hits, template, judged = marshal.loads(view[1:])
    fields = spec[_FIELDS_AT]
    for key, text, is_datetime in dates:
        fields[key] = dt.datetime.fromisoformat(text) if is_datetime else dt.date.fromisoformat(text)
    return spec, hits, template, judged


def _pack_part(value: Any) -> Any:
    """One spec field for the ``f`` encoding: ``(0, value)`` as is, ``(1, tagged)``, or for a mapping
    ``(2, plain mapping, {key: tagged value})`` where only the values marshal cannot hold are tagged."""
    try:
        marshal.dumps(value)
        return (0, value)
    except ValueError:
        pass
    if type(value) is dict:
        plain: dict[Any, Any] = {}
        tagged: dict[Any, Any] = {}
        for key, item in value.items():
            try:
                marshal.dumps(item)
                plain[key] = item
            except ValueError:
                plain[key] = None
                tagged[key] = encode_plain(item)
        marshal.dumps(plain)  # the keys themselves are plain (YAML keys are strings or numbers)
        return (2, plain, tagged)
    return (1, encode_plain(value))


def _unpack_part(part: tuple[Any, ...]) -> Any:
    if part[0] == 0:
        return part[1]
    if part[0] == 1:
        return decode_plain(part[1])
    if part[0] == 2:
        tagged = part[2]
        return {key: decode_plain(tagged[key]) if key in tagged else item for key, item in part[1].items()}
    raise ValueError("not a speckit-graph cache value")


def _load_outcome(data: bytes) -> Any:
    view = memoryview(data)
    if view[:1] == b"d":
        return _load_dated(view)
    if view[:1] != b"f":
        return load_plain(data)
    parts, hits, template, judged = marshal.loads(view[1:])
    return tuple(map(_unpack_part, parts)), load_plain(hits), template, load_plain(judged)


def unpack_outcome(data: bytes) -> tuple[Spec | None, list[Hit], bool]:
    """What :func:`pack_outcome` packed: the spec, the loader's problems, whether it is a template."""
    spec, issues, template, _ = unpack_judged(data)
    return spec, issues, template


def unpack_judged(data: bytes) -> tuple[Spec | None, list[Hit], bool, list[Hit]]:
    """:func:`unpack_outcome` and the per-spec rules' hits packed with it."""
    packed_spec, packed_issues, template, packed_judged = _load_outcome(data)
    spec = None
    if packed_spec is not None:
        pairs = zip(_UNPACKERS, packed_spec, strict=True)
        spec = new_spec(*[value if convert is None else convert(value) for convert, value in pairs])
    issues = [_unpack_hit(h) for h in packed_issues] if packed_issues else []
    return spec, issues, template, [_unpack_hit(h) for h in packed_judged] if packed_judged else []


# ---------------------------------------------------------------------------------------
# Plain values: what ``marshal`` can hold, so loading a cache can never run code


#: The only classes the plain encoding rebuilds: the check result kept as the cache's memo,
#: and what a resolved spec carries (a spec packed after the graph was built).
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Finding,
        Fix,
        TextEdit,
        CheckResult,
        Hit,
        Location,
        Reference,
        Link,
        BadLinkValue,
        UnresolvedReference,
        LooseReference,
    )
}
_ENUMS: dict[str, type[enum.Enum]] = {cls.__name__: cls for cls in (Severity, Safety, LinkKind, RefForm)}
_ENUM_MEMBERS: dict[str, dict[Any, enum.Enum]] = {name: {m.value: m for m in cls} for name, cls in _ENUMS.items()}


def encode_plain(value: Any) -> Any:
    """``value`` as marshal-able plain data; every tuple in the result is a tag (see :func:`decode_plain`).

    Dates, read-only mappings, severities and findings are tagged tuples of plain values;
    a tuple of the input becomes ``("T", items)``. TypeError for anything else.
    """
    kind = type(value)
    if value is None or kind in (str, int, float, bool, bytes, complex):
        return value
    if kind is list:
        return [encode_plain(item) for item in value]
    if kind is dict:
        return {encode_plain(k): encode_plain(v) for k, v in value.items()}
    if kind is tuple:
        return ("T", tuple(encode_plain(item) for item in value))
    if kind in (set, frozenset):
        return kind(encode_plain(item) for item in value)
    if kind is dt.datetime:
        return ("DT", value.isoformat())
    if kind is dt.date:
        return ("D", value.isoformat())
    if kind is MappingProxyType:
        return ("M", encode_plain(dict(value)))
    if kind.__name__ in _ENUMS and _ENUMS[kind.__name__] is kind:
        return ("E", kind.__name__, value.value)
    if kind.__name__ in _CLASSES and _CLASSES[kind.__name__] is kind:
        if _fast_builder(kind.__name__) is not None:  # every field, in order: no names to store or check
            return ("P", kind.__name__, tuple(encode_plain(getattr(value, f.name)) for f in dataclasses.fields(value)))
        fields = tuple((f.name, encode_plain(getattr(value, f.name))) for f in dataclasses.fields(value) if f.init)
        return ("C", kind.__name__, fields)
    raise TypeError(f"cannot store a {kind.__name__} in the cache")


def decode_plain(value: Any) -> Any:
    """The inverse of :func:`encode_plain`; ValueError on a tag it does not know."""
    kind = type(value)
    if kind is tuple:  # tags first, the commonest first: a remembered result has some 40,000 of them
        tag = value[0]
        if tag == "P":
            return _decode_positional(value[1], value[2])
        if tag == "E":
            member = _ENUM_MEMBERS.get(value[1], {}).get(value[2])  # what the enum's call returns, without its cost
            return member if member is not None else _ENUMS[value[1]](value[2])
        if tag == "T":
            return tuple([decode_plain(item) for item in value[1]])
        if tag == "M":
            return MappingProxyType(decode_plain(value[1]))
        if tag == "DT":
            return dt.datetime.fromisoformat(value[1])
        if tag == "D":
            return dt.date.fromisoformat(value[1])
        if tag == "C":
            return _decode_object(value[1], value[2])
        raise ValueError(f"unknown tag {tag!r} in cached data")
    if kind is list:
        return [decode_plain(item) for item in value]
    if kind is dict:
        return {decode_plain(k): decode_plain(v) for k, v in value.items()}
    if kind in (set, frozenset):
        return kind(decode_plain(item) for item in value)
    return value


@functools.cache
def _fast_builder(name: str) -> tuple[tuple[str, ...], Callable[..., Any]] | None:
    """The fields of class ``name`` in order and a builder taking them positionally (see builders),
    or None (not slotted, like CheckResult: one per result). Made on first use, not at import.

    A remembered check result holds some 14,000 findings at 100,000 specs; built through the
    frozen ``__init__`` with keyword arguments they took most of a warm run's decoding.
    """
    cls = _CLASSES[name]
    try:
        return tuple(f.name for f in dataclasses.fields(cls)), fast_constructor(cls)
    except TypeError:
        return None


_PLAIN_TYPES = frozenset((str, int, float, bool, bytes, complex, type(None)))
_first = operator.itemgetter(0)


def _decode_positional(name: str, values: tuple[Any, ...]) -> Any:
    """An object :func:`encode_plain` stored field by field in order (the findings of a remembered result)."""
    fast = _fast_builder(name)
    if fast is None or len(values) != len(fast[0]):
        raise ValueError(f"cannot rebuild a {name} from {len(values)} values")
    plain = _PLAIN_TYPES
    return fast[1](*[item if type(item) in plain else decode_plain(item) for item in values])


def _decode_object(name: str, pairs: tuple[tuple[str, Any], ...]) -> Any:
    """``cls(**decoded pairs)``; positionally without the frozen ``__init__`` when every field is there in order."""
    fast = _fast_builder(name)
    if fast is not None and tuple(map(_first, pairs)) == fast[0]:
        plain = _PLAIN_TYPES
        return fast[1](*[item if type(item) in plain else decode_plain(item) for _, item in pairs])
    return _CLASSES[name](**{field: decode_plain(item) for field, item in pairs})


def dump_plain(value: Any) -> bytes:
    """``value`` as marshal bytes: as is when marshal takes it (the fast, common case), else tagged."""
    tag, body = plain_parts(value)
    return tag + body


def plain_parts(value: Any) -> tuple[bytes, bytes]:
    """:func:`dump_plain` as its one-byte tag and its body, for a writer that need not join them:
    for a cache's payload section the join would copy some hundred megabytes at the peak."""
    try:
        return b"m", marshal.dumps(value)
    except ValueError:  # a date, a read-only mapping...: tag what marshal cannot hold
        return b"t", marshal.dumps(encode_plain(value))


def load_plain(data: bytes) -> Any:
    """The value :func:`dump_plain` wrote. marshal builds plain values only: it cannot run code."""
    view = memoryview(data)
    if view[:1] == b"m":
        return marshal.loads(view[1:])
    if view[:1] == b"t":
        return decode_plain(marshal.loads(view[1:]))
    raise ValueError("not a speckit-graph cache value")
