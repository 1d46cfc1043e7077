"""``[trace]`` for a repository that has none: the conventional code and test folders it has.

``matrix`` and ``graph --with-code`` ask for tracing explicitly, so without a ``[trace]``
section they read what most repositories are laid out as rather than refuse: code in
``src/``, ``lib/``, ``app/``, ``pkg/``, ``cmd/``, ``internal/``, ``packages/`` and top-level
Python packages; tests in ``tests/``, ``test/``, ``__tests__/`` and files named like tests
anywhere in the code folders (``test_*.py``, ``*_test.go``, ``*.test.ts``...); JUnit XML in
``test-results/``, ``build/test-results/`` and ``target/surefire-reports/``. Only the folders
and the source extensions that exist become globs, so the result is what one would have
written by hand and can be pasted into the configuration (the note shows it). The survey
stops after :data:`SURVEY_LIMIT` files per folder.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import replace
from pathlib import Path

from speckit_graph.config.model import DEFAULT_EXCLUDED_DIRS
from speckit_graph.config.trace import TraceSettings
from speckit_graph.load.walk import walk_folders

CODE_FOLDERS = ("src", "lib", "app", "pkg", "cmd", "internal", "packages")
TEST_FOLDERS = ("tests", "test", "__tests__")
#: Extensions of files that hold code (and comments); anything else in a code folder is not read.
SOURCE_EXTENSIONS = frozenset(
    ".py .pyi .ts .tsx .js .jsx .mjs .cjs .go .rs .java .kt .kts .scala .c .h .cc .cpp .hpp .cs .fs "
    ".rb .php .swift .m .mm .sql .sh .bash .lua .dart .ex .exs .erl .hs .ml .r .jl .zig .vue .svelte".split()
)
#: File names that make a file a test wherever it is (the usual conventions of test runners).
TEST_NAMES = (
    "test_*.py",
    "*_test.py",
    "*_test.go",
    "*.test.ts",
    "*.test.tsx",
    "*.test.js",
    "*.test.jsx",
    "*.spec.ts",
    "*.spec.js",
    "*Test.java",
    "*Test.kt",
    "*Tests.cs",
    "*_spec.rb",
    "*_test.rs",
)
_TEST_NAME = re.compile("|".join(f"(?P<n{i}>{fnmatch.translate(name)})" for i, name in enumerate(TEST_NAMES)))
RESULT_GLOBS = (
    ("test-results", "test-results/**/*.xml"),
    ("build/test-results", "build/test-results/**/*.xml"),
    ("target/surefire-reports", "target/surefire-reports/*.xml"),
)
SURVEY_LIMIT = 100_000


def default_trace(root: Path, base: TraceSettings | None = None) -> TraceSettings:
    """``base`` (markers, statuses) with the code, test and result globs this repository's layout suggests.

    Not ``enabled`` when ``root`` has none of the conventional folders.
    """
    base = base if base is not None else TraceSettings()
    code_folders = [name for name in CODE_FOLDERS if (root / name).is_dir()] + _python_packages(root)
    test_folders = [name for name in TEST_FOLDERS if (root / name).is_dir()]
    code: list[str] = []
    test_names: set[str] = set()
    for folder in code_folders:
        extensions, names = _survey(root / folder)
        code += [f"{folder}/**/*{ext}" for ext in sorted(extensions)]
        test_names |= names
    tests: list[str] = []
    for folder in test_folders:
        extensions, _ = _survey(root / folder)
        tests += [f"{folder}/**/*{ext}" for ext in sorted(extensions)]
    tests += [f"**/{name}" for name in TEST_NAMES if name in test_names]
    results = [glob for folder, glob in RESULT_GLOBS if (root / folder).is_dir()]
    return replace(base, code=tuple(code), tests=tuple(tests), results=tuple(results))


def describe(settings: TraceSettings) -> str:
    """The globs as the TOML lines one would write (``code = ["src/**/*.py"]; tests = [...]``)."""
    parts = []
    for key, globs in (("code", settings.code), ("tests", settings.tests), ("results", settings.results)):
        if globs:
            parts.append(f"{key} = [{', '.join(_toml_string(g) for g in globs)}]")
    return "; ".join(parts)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _python_packages(root: Path) -> list[str]:
    """Top-level folders with an ``__init__.py`` (a package at the top, as this repository has)."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return []
    return [
        entry.name
        for entry in entries
        if entry.is_dir(follow_symlinks=False)
        and entry.name not in CODE_FOLDERS + TEST_FOLDERS
        and not _skipped(entry.name)
        and os.path.isfile(os.path.join(entry.path, "__init__.py"))
    ]


def _survey(folder: Path) -> tuple[set[str], set[str]]:
    """The source extensions under ``folder`` and the test-name patterns its files match."""
    extensions: set[str] = set()
    names: set[str] = set()
    seen = 0
    for _, dirnames, filenames in walk_folders(folder):
        dirnames[:] = sorted(d for d in dirnames if not _skipped(d))
        for name in filenames:
            ext = os.path.splitext(name)[1]
            if ext in SOURCE_EXTENSIONS:
                extensions.add(ext)
                match = _TEST_NAME.match(name)
                if match is not None and match.lastgroup is not None:
                    names.add(TEST_NAMES[int(match.lastgroup[1:])])
            seen += 1
        if seen >= SURVEY_LIMIT:
            break
    return extensions, names


def _skipped(name: str) -> bool:
    """Folders no spec scan enters (hidden, ``node_modules``, ``build``, virtualenvs) are not surveyed either."""
    return name.startswith(".") or name in DEFAULT_EXCLUDED_DIRS
