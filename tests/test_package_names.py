"""Every module is reachable by its dotted name and as an attribute of its package.

A package that exports a function named like one of its submodules (``speckit_graph.load``
the function vs ``speckit_graph/load/``) breaks ``import speckit_graph.load.walk as walk``
and makes ``speckit_graph.load`` mean different things depending on import order.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

import speckit_graph


def _module_names() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(speckit_graph.__path__, "speckit_graph."))


MODULES = _module_names()


def test_the_walk_finds_the_layers() -> None:
    assert {"speckit_graph.load", "speckit_graph.check", "speckit_graph.load.walk", "speckit_graph.cli.root"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_module_is_its_packages_attribute(name: str) -> None:
    module = importlib.import_module(name)
    parent_name, _, child = name.rpartition(".")
    parent = importlib.import_module(parent_name)
    assert getattr(parent, child) is module


@pytest.mark.parametrize("name", [m for m in ["speckit_graph", *MODULES] if hasattr(importlib.import_module(m), "__path__")])
def test_no_public_name_is_a_submodule_name(name: str) -> None:
    """Names a package exports (eagerly or on first use) never collide with its submodules."""
    package = importlib.import_module(name)
    submodules = {info.name for info in pkgutil.iter_modules(package.__path__)}
    exported = set(getattr(package, "__all__", ())) | set(dir(package))
    for child in sorted(submodules & exported):
        assert isinstance(getattr(package, child), ModuleType), f"{name}.{child} is not the submodule"


def test_dotted_import_of_a_loading_module() -> None:
    import speckit_graph.load.walk as walk

    assert walk is importlib.import_module("speckit_graph.load.walk")


def test_public_api_names() -> None:
    assert callable(speckit_graph.load_graph) and callable(speckit_graph.check_graph)
    assert isinstance(speckit_graph.load, ModuleType) and isinstance(speckit_graph.check, ModuleType)
