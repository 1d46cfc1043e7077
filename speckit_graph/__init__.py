"""speckit-graph: the traceability graph analyzer for SpeckIt spec repositories.

>>> import speckit_graph
>>> graph = speckit_graph.load("examples/checkout")
>>> result = speckit_graph.check(graph)
"""

from speckit_graph.config.model import Config
from speckit_graph.core.findings import CheckResult, Finding, Severity
from speckit_graph.core.model import Link, LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.usecases.check import check
from speckit_graph.usecases.load import load, resolve_config

__version__ = "0.1.0"

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
