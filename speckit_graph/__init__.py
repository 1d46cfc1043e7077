"""speckit-graph: the traceability graph analyzer for SpeckIt spec repositories.

>>> import speckit_graph
>>> graph = speckit_graph.load("examples/checkout")
>>> result = speckit_graph.check(graph)

The public names are imported on first use (PEP 562), so ``speckit-graph --version`` and
``--help`` do not pay for the loader, the rules and their dependencies.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from speckit_graph.config.model import Config
    from speckit_graph.core.findings import CheckResult, Finding, Severity
    from speckit_graph.core.model import Link, LinkKind, Spec
    from speckit_graph.graph.specgraph import SpecGraph
    from speckit_graph.usecases.check import check
    from speckit_graph.usecases.load import load, resolve_config

__version__ = "0.1.0"

#: public name -> the module that defines it
_PUBLIC = {
    "Config": "speckit_graph.config.model",
    "CheckResult": "speckit_graph.core.findings",
    "Finding": "speckit_graph.core.findings",
    "Severity": "speckit_graph.core.findings",
    "Link": "speckit_graph.core.model",
    "LinkKind": "speckit_graph.core.model",
    "Spec": "speckit_graph.core.model",
    "SpecGraph": "speckit_graph.graph.specgraph",
    "check": "speckit_graph.usecases.check",
    "load": "speckit_graph.usecases.load",
    "resolve_config": "speckit_graph.usecases.load",
}

__all__ = [
    "CheckResult",
    "Config",
    "Finding",
    "Link",
    "LinkKind",
    "Severity",
    "Spec",
    "SpecGraph",
    "__version__",
    "check",
    "load",
    "resolve_config",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


class _Package(types.ModuleType):
    """``speckit_graph.check`` and ``speckit_graph.load`` are the functions, as they were when this
    module imported them eagerly: importing the subpackages of the same names must not replace
    them (the subpackages stay reachable in ``sys.modules`` and through ``from ... import``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("check", "load") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
