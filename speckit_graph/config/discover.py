"""Finding the configuration that applies to a path: ``.speckit-graph.toml`` or a
``[tool.speckit-graph]`` section of ``pyproject.toml``, searched upward, then read and parsed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from speckit_graph.config.model import CONFIG_FILENAME, Config
from speckit_graph.core.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def find_config_file(start: Path, notes: list[str] | None = None) -> Path | None:
    """Search ``start`` and its parents up to the repository root for a configuration file.

    The search stops at the git top level (the nearest folder holding a ``.git`` entry, found
    without running git), or at ``start`` itself outside git: a file in a shared parent
    folder, written by someone else, must not turn rules off. A file owned by another user
    is skipped too (with a note in ``notes``); ``--config`` still reads any file.
    """
    directory = start if start.is_dir() else start.parent
    top = repository_top(directory)
    for candidate_dir in (directory, *directory.parents):
        dedicated = candidate_dir / CONFIG_FILENAME
        if dedicated.is_file() and _owned(dedicated, top, notes):
            return dedicated
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject) and _owned(pyproject, top, notes):
            return pyproject
        if candidate_dir == top:
            break
    return None


def repository_top(directory: Path) -> Path:
    """The nearest folder at or above ``directory`` with a ``.git`` entry, else ``directory``."""
    for candidate in (directory, *directory.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return directory


def owner_of(path: Path) -> int:
    """The uid that owns ``path``."""
    return os.stat(path).st_uid


def _owned(path: Path, top: Path, notes: list[str] | None) -> bool:
    """Whether ``path`` belongs to this user, root or the owner of the checkout; else note it and skip it.

    The checkout's owner counts because CI often runs as root in a container on a checkout
    made by another user: those files are the repository's own.
    """
    if not hasattr(os, "getuid"):
        return True
    try:
        owner = owner_of(path)
        trusted = {os.getuid(), 0, owner_of(top)}
    except OSError:
        return False
    if owner in trusted:
        return True
    if notes is not None:
        notes.append(f"ignored configuration {path}: owned by another user (uid {owner}); pass it with --config to use it")
    return False


def _has_tool_section(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        return False
    return isinstance(data.get("tool"), dict) and "speckit-graph" in data["tool"]


def load_config(path: Path, explicit: Path | None = None, notes: list[str] | None = None) -> Config:
    """Read the configuration that applies to ``path`` (or ``explicit``), or the defaults.

    Raises ConfigError listing every problem at once; files skipped while searching are
    described in ``notes``.
    """
    config_file = explicit if explicit is not None else find_config_file(path.resolve(), notes)
    if config_file is None:
        return Config()
    source = str(config_file)
    try:
        text = config_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(source, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, [f"cannot read: {exc}"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [f"not valid TOML: {exc}"]) from None
    except ValueError:  # an integer of thousands of digits: Python refuses to convert it
        raise ConfigError(source, ["not valid TOML: a number is too long"]) from None
    if config_file.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        section = tool.get("speckit-graph") if isinstance(tool, dict) else None
        if section is None:
            if explicit is not None and config_file.name == "pyproject.toml":
                raise ConfigError(source, ["no [tool.speckit-graph] section"])
            section = {} if config_file.name == "pyproject.toml" else data
        data = section
    from speckit_graph.config.parse import parse_config  # the parser: only for a file (the defaults need none)

    return parse_config(data, source, text)
