"""Fast constructors for the frozen, slotted dataclasses the loader builds by the hundred thousand.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (frozen
classes forbid plain assignment), a function call per field: unpacking a worker's result
for 10,000 specs builds about 150,000 such objects and spent most of its time there.
:func:`fast_constructor` builds an instance of a mutable twin with the very same slots by
plain assignment, then makes it an instance of the frozen class (``__class__`` assignment,
allowed because the memory layouts are identical). The result is indistinguishable from
``cls(*values)``: same type, equality, hash and repr. Only for classes without
``__post_init__``, every field given positionally.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar

from speckit_graph.core.findings import Hit
from speckit_graph.core.model import BadLinkValue, Link, Location, Reference, Spec

T = TypeVar("T")


def fast_constructor(cls: type[T]) -> Callable[..., T]:
    """A function taking every field of ``cls`` positionally and returning ``cls(*values)``, faster."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    slots = getattr(cls, "__slots__", None)
    if slots is None or tuple(slots) != names or hasattr(cls, "__post_init__") or not all(f.init for f in fields):
        raise TypeError(f"{cls.__name__} is not a slotted dataclass whose fields are all set by __init__")
    twin = type(f"_Mutable{cls.__name__}", (), {"__slots__": tuple(slots)})
    params = ", ".join(names)
    body = "".join(f"    obj.{name} = {name}\n" for name in names)
    source = f"def build({params}):\n    obj = new(twin)\n{body}    obj.__class__ = cls\n    return obj\n"
    namespace: dict[str, Any] = {"new": object.__new__, "twin": twin, "cls": cls}
    exec(source, namespace)  # noqa: S102 - generated from the class's own field names, nothing else
    build: Callable[..., T] = namespace["build"]
    build.__doc__ = f"``{cls.__name__}(*values)`` without the frozen ``__init__``'s cost."
    build.__qualname__ = f"fast_{cls.__name__}"
    probe = build(*(None for _ in names))  # fails here, at import, if the layouts ever differ
    assert type(probe) is cls
    return build


def fast_replacer(cls: type[T]) -> Callable[..., T]:
    """``dataclasses.replace`` for ``cls`` (called as ``replace(obj, **changes)``), built with :func:`fast_constructor`."""
    build = fast_constructor(cls)
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    values_of = operator.attrgetter(*names)
    position = {name: at for at, name in enumerate(names)}

    def replace(obj: T, **changes: Any) -> T:
        values = list(values_of(obj))
        for name, value in changes.items():
            values[position[name]] = value
        return build(*values)

    replace.__qualname__ = f"replace_{cls.__name__}"
    return replace


# The classes the loader builds per spec, per link entry and per hit; one builder each, shared by
# the reader (fields), the resolver and the cache's unpacking. Spec takes every field in order
# (tests/load/test_fields_spec_shape.py pins it).
new_location = fast_constructor(Location)
new_link = fast_constructor(Link)
new_reference = fast_constructor(Reference)
new_bad_link = fast_constructor(BadLinkValue)
new_spec = fast_constructor(Spec)
new_hit = fast_constructor(Hit)
replace_spec = fast_replacer(Spec)
