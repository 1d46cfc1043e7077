"""The package's shape: the README map, .importlinter and the folders agree; modules stay small."""

from __future__ import annotations

import ast
import configparser
import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "speckit_graph"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _subpackages() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _layers() -> list[str]:
    parser = configparser.ConfigParser()
    parser.read(REPO / ".importlinter")
    raw = parser["importlinter:contract:layers"]["layers"]
    names: list[str] = []
    for line in raw.splitlines():
        names.extend(part.strip() for part in line.split("|") if part.strip())
    return names


def _readme_map() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## How it is built", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(\w+)/` \|", section, flags=re.M)


def test_only_subpackages_at_the_top() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py"]


def test_readme_importlinter_and_package_agree() -> None:
    packages = _subpackages()
    assert sorted(_readme_map()) == packages, "README's 'How it is built' table lists every subpackage once"
    assert sorted(name for name in _layers() if name != "__main__") == packages, ".importlinter layers name every subpackage"


def test_readme_map_is_in_layer_order() -> None:
    layers = [name for name in _layers() if name != "__main__"]
    assert _readme_map() == layers, "README lists the subpackages top layer first, as .importlinter does"


@pytest.mark.parametrize("package", _subpackages())
def test_every_subpackage_says_what_it_owns(package: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 8, f"speckit_graph/{package}/__init__.py needs a docstring saying what it owns"


def test_no_module_over_the_limit() -> None:
    too_long = {
        str(path.relative_to(REPO)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines: {too_long}"


def test_no_function_over_the_limit() -> None:
    too_long = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long[f"{path.relative_to(REPO)}:{node.name}"] = length
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines: {too_long}"


# How each runtime dependency shows up in the code: an import, or (graphviz-pure) the command it installs.
_USED_AS = {
    "networkx": "import networkx",
    "pyyaml": "import yaml",
    "pydot": "import pydot",
    "typer": "import typer",
    "rich": "from rich",
    "tomli": "import tomli",
    "graphviz-pure": '"graphviz-pure"',
    "pygls": "from pygls",
}


def test_every_runtime_dependency_is_used_and_explained() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = sorted(re.split(r"[<>=;\[ ]", spec, maxsplit=1)[0].lower() for spec in declared)
    code = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert name in _USED_AS, f"{name} is declared but this test does not know how the code uses it"
        assert _USED_AS[name] in code, f"{name} is a runtime dependency that nothing in speckit_graph uses"
        assert f"`{name}`" in readme, f"README's dependency list does not say why {name} is needed"
