"""The project's own rules in the configuration: the type hierarchy (``[types.<name>]``),
required fields per status (``[statuses.<name>]``), ``[hierarchy] max-depth``, declarative
``[[rules]]`` and the plugin rules it names (``plugins``).

This module is the model every check reads; reading and validating the tables lives in
:mod:`speckit_graph.config.project_parse`, and the expression language of ``[[rules]]`` in
:mod:`speckit_graph.config.expr`, imported only when a configuration declares such rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from speckit_graph.core.findings import Severity
from speckit_graph.core.model import LinkKind, Spec

if TYPE_CHECKING:  # the expression language: parsed only for a configuration with [[rules]]
    from speckit_graph.config import expr

#: Link kinds every configuration knows, True when parent-like (usable as a path hop).
BASE_KINDS: Mapping[str, bool] = {
    "parent": True,
    "dependencies": False,
    "depends_on": False,
    "related": False,
    "children": False,  # reverse of parent
    "dependents": False,  # reverse of dependencies
}
MAX_DEPTH_LIMIT = 1000


@dataclass(frozen=True)
class TypeRule:
    """``[types.<name>]``: where a type sits in the hierarchy and what each spec of it must carry.

    ``parents``/``children`` None means unconstrained; ``parents == ()`` makes a root type.
    ``status_fields`` maps a status to the fields a spec of this type needs in that status.
    """

    name: str
    parents: tuple[str, ...] | None = None
    children: tuple[str, ...] | None = None
    requires: tuple[str, ...] = ()
    depends_on_types: tuple[str, ...] = ()
    required_fields: tuple[str, ...] = ()
    status_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class DeclaredRule:
    """One ``[[rules]]`` entry, parsed and type-checked: fires on a spec where ``when`` holds and ``require`` does not."""

    code: str
    name: str
    severity: Severity
    message: str
    when: expr.Node | None
    require: expr.Node | None
    url: str | None = None


@dataclass(frozen=True)
class ProjectSettings:
    """The project's own model; empty by default (no type constraints, no extra rules)."""

    types: Mapping[str, TypeRule] = field(default_factory=dict)
    status_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_depth: int | None = None
    rules: tuple[DeclaredRule, ...] = ()
    plugins: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    #: A regular expression with a ``type`` group: a spec without a ``type`` field takes its type from its id.
    type_from_id: str | None = None

    @functools.cached_property
    def _type_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.type_from_id) if self.type_from_id else None

    def type_of(self, spec: Spec) -> str | None:
        """The spec's type: its ``type`` field, else the ``type`` group of ``type-from-id`` in its id."""
        written = spec.type
        if written or self._type_pattern is None:
            return written or None
        match = self._type_pattern.search(spec.id)
        return match.group("type") if match is not None and match.group("type") else None


Error = Callable[[str, str], None]


def kind_names(links: tuple[Any, ...]) -> dict[str, bool]:
    """Every link kind name an expression or ``requires`` may use (base, reverse and named kinds)."""
    kinds = dict(BASE_KINDS)
    for spec in links:
        if spec.label is not None:
            kinds[spec.label] = spec.kind is LinkKind.PARENT
    return kinds
