"""Compact encoding of one file's outcome: tuples of plain values, not dataclass pickles.

Used for the cache and for results sent back by worker processes (3x faster to load).
A change to the shapes packed here (Spec, Hit, Link, Reference fields) must bump
``speckit_graph.load.cache.CACHE_FORMAT``.
"""

from __future__ import annotations

import dataclasses
import enum
import pickle
import sys
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.model import BadLinkValue, Link, LinkKind, Location, Reference, RefForm, Spec

_PROTOCOL = pickle.HIGHEST_PROTOCOL


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
    kinds = _KINDS
    return tuple([Link(s, t, kinds[k], f, Location(p, ln, c), label, written) for s, t, k, f, p, ln, c, label, written in packed])


def _pack_reference(ref: Reference) -> tuple[Any, ...]:
    return (ref.field, ref.kind.value, ref.label, ref.written, ref.form.value, ref.value,
            _pack_location(ref.location), ref.fallback, ref.problem, ref.entry)  # fmt: skip


def _unpack_references(packed: tuple[tuple[Any, ...], ...]) -> tuple[Reference, ...]:
    kinds, forms = _KINDS, _FORMS
    return tuple(
        [
            Reference(f, kinds[k], label, written, forms[form], value, Location(*loc), fallback, problem, entry)
            for f, k, label, written, form, value, loc, fallback, problem, entry in packed
        ]
    )


def _pack_bad(bad: BadLinkValue) -> tuple[Any, ...]:
    return (bad.field, bad.value, bad.reason, _pack_location(bad.location))


def _unpack_bad(t: tuple[Any, ...]) -> BadLinkValue:
    return BadLinkValue(t[0], t[1], t[2], Location(*t[3]))


_SPEC_PACK: Mapping[str, Callable[[Any], Any]] = {
    "location": _pack_location,
    "links": lambda links: tuple(map(_pack_link, links)),
    "duplicate_links": lambda links: tuple(map(_pack_link, links)),
    "bad_links": lambda bad: tuple(map(_pack_bad, bad)),
    "references": lambda refs: tuple(map(_pack_reference, refs)),
}
#: One shared tuple of key strings per distinct set of frontmatter keys. Every unpickled
#: payload brings its own copies of "id", "title", ...: 18 keys x 3 dicts x 100,000 specs
#: is about 100 MB of duplicate strings otherwise.
_KEY_TUPLES: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def _shared_keys(mapping: dict[Any, Any]) -> dict[Any, Any]:
    keys = tuple(mapping)
    shared = _KEY_TUPLES.get(keys)
    if shared is None:
        if len(_KEY_TUPLES) > 10_000:  # unusual repositories: do not grow without bound
            return mapping
        shared = _KEY_TUPLES[keys] = tuple(sys.intern(k) if type(k) is str else k for k in keys)
    return dict(zip(shared, mapping.values(), strict=True))


_SHARED_MAPS: dict[tuple[Any, ...], dict[Any, Any]] = {}


def _shared_map(mapping: dict[Any, Any]) -> dict[Any, Any]:
    """One dict object for all specs whose (read-only) key spelling or line map is the same."""
    items = tuple(mapping.items())
    shared = _SHARED_MAPS.get(items)
    if shared is None:
        shared = _shared_keys(mapping)
        if len(_SHARED_MAPS) < 10_000:
            _SHARED_MAPS[items] = shared
    return shared


_SPEC_UNPACK: Mapping[str, Callable[[Any], Any]] = {
    "fields": _shared_keys,
    "field_lines": _shared_map,
    "field_keys": _shared_map,
    "location": lambda t: Location(*t),
    "links": _unpack_links,
    "duplicate_links": _unpack_links,
    "bad_links": lambda ts: tuple(map(_unpack_bad, ts)),
    "references": _unpack_references,
}


_UNPACKERS = tuple(_SPEC_UNPACK.get(name) for name in _SPEC_FIELDS)


def _pack_hit(hit: Hit) -> tuple[Any, ...]:
    values = []
    for name in _HIT_FIELDS:
        value = getattr(hit, name)
        if isinstance(value, enum.Enum):
            value = value.value
        elif name == "extra":
            value = dict(value) if value else None
        values.append(value)
    return tuple(values)


def _unpack_hit(values: tuple[Any, ...]) -> Hit:
    kwargs = dict(zip(_HIT_FIELDS, values, strict=True))
    if kwargs.get("severity") is not None:
        kwargs["severity"] = Severity(kwargs["severity"])
    extra = kwargs.pop("extra", None)
    if extra:
        kwargs["extra"] = MappingProxyType(extra)
    return Hit(**kwargs)


def pack_outcome(spec: Spec | None, issues: Iterable[Hit], template: bool) -> bytes | None:
    """One file's outcome as bytes, for the cache and for the trip back from a worker.

    None when it cannot be packed (frontmatter nested deeper than pickle recurses): such
    a file is parsed in the main process and not cached.
    """
    try:
        return _pack(spec, issues, template)
    except (RecursionError, pickle.PicklingError, TypeError, ValueError, AttributeError):
        return None


def _pack(spec: Spec | None, issues: Iterable[Hit], template: bool) -> bytes:
    packed_spec = None
    if spec is not None:
        packed_spec = tuple(
            _SPEC_PACK[name](getattr(spec, name)) if name in _SPEC_PACK else getattr(spec, name) for name in _SPEC_FIELDS
        )
    return pickle.dumps((packed_spec, tuple(map(_pack_hit, issues)), template), protocol=_PROTOCOL)


def unpack_outcome(data: bytes) -> tuple[Spec | None, list[Hit], bool]:
    packed_spec, packed_issues, template = pickle.loads(data)
    spec = None
    if packed_spec is not None:
        pairs = zip(_UNPACKERS, packed_spec, strict=True)
        spec = Spec(*[value if convert is None else convert(value) for convert, value in pairs])
    return spec, [_unpack_hit(h) for h in packed_issues] if packed_issues else [], template
