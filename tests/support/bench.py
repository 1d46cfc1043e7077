"""The benchmark's repository generator (benchmarks/generate.py), for tests that need its repositories.

benchmarks/ is not a package, so it is loaded by path, once per test process.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from types import ModuleType

from tests.conftest import REPO_ROOT


@functools.cache
def generator() -> ModuleType:
    """benchmarks/generate.py as a module (``generate(root, n, seed=..., foreign=...)``)."""
    spec = importlib.util.spec_from_file_location("bench_generate", REPO_ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module
