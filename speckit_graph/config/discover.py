"""Finding the configuration that applies to a path: ``.speckit-graph.toml`` or a
``[tool.speckit-graph]`` section of ``pyproject.toml``, searched upward, then read and parsed."""

from __future__ import annotations

import sys
from pathlib import Path

from speckit_graph.config.model import CONFIG_FILENAME, Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def find_config_file(start: Path) -> Path | None:
    """Search ``start`` and its parents for ``.speckit-graph.toml`` or a pyproject section."""
    directory = start if start.is_dir() else start.parent
    for candidate_dir in (directory, *directory.parents):
        dedicated = candidate_dir / CONFIG_FILENAME
        if dedicated.is_file():
            return dedicated
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "speckit-graph" in data["tool"]


def load_config(path: Path, explicit: Path | None = None) -> Config:
    """Read the configuration that applies to ``path`` (or ``explicit``), or the defaults.

    Raises ConfigError listing every problem at once.
    """
    config_file = explicit if explicit is not None else find_config_file(path.resolve())
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
    if config_file.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        section = tool.get("speckit-graph") if isinstance(tool, dict) else None
        if section is None:
            if explicit is not None and config_file.name == "pyproject.toml":
                raise ConfigError(source, ["no [tool.speckit-graph] section"])
            section = {} if config_file.name == "pyproject.toml" else data
        data = section
    return parse_config(data, source)
