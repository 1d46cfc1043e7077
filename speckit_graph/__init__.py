"""speckit-graph: the traceability graph analyzer for SpeckIt spec repositories.

>>> import speckit_graph
>>> graph = speckit_graph.load_graph("examples/checkout")
>>> result = speckit_graph.check_graph(graph)

The public names are imported on first use (PEP 562), so ``speckit-graph --version`` and
``--help`` do not pay for the loader, the rules and their dependencies. No public name is
also the name of a subpackage (``speckit_graph.load`` and ``speckit_graph.check`` are the
loading and checking layers), so ``import speckit_graph.load.walk as walk`` always works.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from speckit_graph.config.model import Config
    from speckit_graph.core.findings import CheckResult, Finding, Severity
    from speckit_graph.core.model import Link, LinkKind, Spec
    from speckit_graph.graph.specgraph import SpecGraph
    from speckit_graph.usecases.check import check as check_graph
    from speckit_graph.usecases.load import load as load_graph
    from speckit_graph.usecases.load import resolve_config

__version__ = "0.1.0"

#: public name -> (the module that defines it, its name there)
_PUBLIC = {
    "Config": ("speckit_graph.config.model", "Config"),
    "CheckResult": ("speckit_graph.core.findings", "CheckResult"),
    "Finding": ("speckit_graph.core.findings", "Finding"),
    "Severity": ("speckit_graph.core.findings", "Severity"),
    "Link": ("speckit_graph.core.model", "Link"),
    "LinkKind": ("speckit_graph.core.model", "LinkKind"),
    "Spec": ("speckit_graph.core.model", "Spec"),
    "SpecGraph": ("speckit_graph.graph.specgraph", "SpecGraph"),
    "check_graph": ("speckit_graph.usecases.check", "check"),
    "load_graph": ("speckit_graph.usecases.load", "load"),
    "resolve_config": ("speckit_graph.usecases.load", "resolve_config"),
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
    "check_graph",
    "load_graph",
    "resolve_config",
]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _PUBLIC[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
