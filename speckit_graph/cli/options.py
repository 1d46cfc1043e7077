"""Options every command takes, declared once, and how they are read.

A command lists ``path: PathArgument`` and the ``*Option`` types below in its signature and
turns them into a :class:`LoadOptions` with :func:`load_options`; people learn one command
and can guess the rest. The same names mean the same thing everywhere: ``--root`` is a spec
id, ``--direction`` is deps, dependents or both, and every list option is both repeatable
and comma-separated.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from speckit_graph.cli.common import split_list
from speckit_graph.cli.completion import complete_spec_ids
from speckit_graph.core.errors import UsageError
from speckit_graph.core.model import LinkKind
from speckit_graph.load.cache import default_cache_dir
from speckit_graph.usecases.common import LoadOptions

LOADING = "Loading"
E = TypeVar("E", bound=enum.Enum)


def at_least(minimum: int) -> Callable[[Any], Any]:
    """A callback that refuses numbers below ``minimum`` with a plain message (no range jargon in --help)."""

    def check(value: Any) -> Any:
        if value is not None and value < minimum:
            raise typer.BadParameter(f"must be at least {minimum}, not {value}")
        return value

    return check


PathArgument = Annotated[Path, typer.Argument(metavar="PATH", help="Folder to scan for spec files.", show_default=True)]
ConfigOption = Annotated[
    Optional[Path],
    typer.Option(
        "--config", metavar="FILE", help="Configuration file \\[default: found upward from PATH].", rich_help_panel=LOADING
    ),
]
JobsOption = Annotated[
    Optional[int],
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        callback=at_least(1),
        help="Worker processes for large repositories \\[default: one per CPU].",
        rich_help_panel=LOADING,
    ),
]
CacheDirOption = Annotated[
    Optional[Path],
    typer.Option("--cache-dir", metavar="DIR", help="Cache folder \\[default: ~/.cache/speckit-graph].", rich_help_panel=LOADING),
]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.", rich_help_panel=LOADING)]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="Plain text even on a terminal.", rich_help_panel=LOADING)]
OutputOption = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
]


def root_option(help: str) -> Any:
    """``--root ID``: repeatable, comma-separated, completed from the repository's spec ids."""
    return typer.Option(
        "--root", "-r", metavar="ID", help=f"{help} (repeatable, comma-separated).", autocompletion=complete_spec_ids
    )


def list_option(name: str, metavar: str, help: str, *short: str) -> Any:
    """A repeatable, comma-separated option (``--tag a,b --tag c``)."""
    return typer.Option(name, *short, metavar=metavar, help=f"{help} (repeatable, comma-separated).")


KindsOption = Annotated[
    Optional[list[str]],
    list_option("--kinds", "KIND", "Link kinds to follow: parent, depends_on, related \\[default: all]", "-k"),
]
TagOption = Annotated[Optional[list[str]], list_option("--tag", "TAG", "Only specs with one of these tags")]
SelectOption = Annotated[
    Optional[list[str]], list_option("--select", "RULE", "Only these rule codes, prefixes or names \\[default: all]")
]
IgnoreOption = Annotated[Optional[list[str]], list_option("--ignore", "RULE", "Skip these rule codes, prefixes or names")]


class Direction(str, enum.Enum):
    """Which way links are followed from a spec: what it needs, what needs it, or both."""

    deps = "deps"
    dependents = "dependents"
    both = "both"


def complete_directions(incomplete: str) -> list[str]:
    """Only the current words: the old ``tree`` words still work but are not offered."""
    return [d.value for d in Direction if d.value.startswith(incomplete)]


def parse_kinds(values: Sequence[str] | None) -> frozenset[LinkKind]:
    """``--kinds parent,depends_on`` -> the link kinds (all of them when not given)."""
    items = split_list(values)
    if not items:
        return frozenset(LinkKind)
    known = {kind.value: kind for kind in LinkKind}
    known.update({"dependencies": LinkKind.DEPENDS_ON, "depends-on": LinkKind.DEPENDS_ON})
    unknown = [item for item in items if item not in known]
    if unknown:
        raise UsageError(f"--kinds: unknown link kind '{unknown[0]}' (known: parent, depends_on, related)")
    return frozenset(known[item] for item in items)


#: What a file suffix says it holds, for every command: the formats a file named so may hold,
#: the first being the one inferred (``.json`` is JSON first, SARIF too where ``check`` writes it).
FORMATS_BY_SUFFIX: dict[str, tuple[str, ...]] = {
    ".json": ("json", "sarif"),
    ".sarif": ("sarif",),
    ".xml": ("junit",),
    ".md": ("md",),
    ".markdown": ("md",),
    ".html": ("html",),
    ".htm": ("html",),
    ".dot": ("dot",),
    ".gv": ("dot",),
    ".svg": ("svg",),
    ".mmd": ("mermaid",),
    ".mermaid": ("mermaid",),
    ".graphml": ("graphml",),
    ".csv": ("csv",),
    ".xlsx": ("xlsx",),
}


def suffixes_for(formats: type[E]) -> dict[str, tuple[E, ...]]:
    """The part of :data:`FORMATS_BY_SUFFIX` a command with these ``formats`` can write."""
    by_value = {member.value: member for member in formats}
    fitting = {suffix: tuple(by_value[name] for name in names if name in by_value) for suffix, names in FORMATS_BY_SUFFIX.items()}
    return {suffix: members for suffix, members in fitting.items() if members}


def output_format_for(
    output: Path | None,
    given: E | None,
    suffixes: Mapping[str, Sequence[E]],
    default: E,
    *,
    any_suffix: bool = True,
) -> E:
    """The format to write: ``--format`` when given, else the one the ``-o`` file's suffix names, else ``default``.

    ``suffixes`` maps a suffix to the formats a file with it may hold (the first is the one
    inferred). A suffix that contradicts ``--format`` is a usage error; so is a suffix the
    command has no format for unless ``any_suffix`` (commands with a text format write it
    under any name, ``report.txt`` or ``findings.log``).
    """
    suffix = output.suffix.lower() if output is not None else ""
    fitting = suffixes.get(suffix)
    if output is None or not suffix:
        return given if given is not None else default
    if fitting is None:
        if any_suffix:
            return given if given is not None else default
        known = ", ".join(sorted(suffixes))
        raise UsageError(f"-o {output}: cannot tell the format from '{suffix}' (known: {known}); name the file accordingly")
    if given is None:
        return fitting[0]
    if given not in fitting:
        raise UsageError(
            f"-o {output}: the suffix '{suffix}' does not match --format {given.value} "
            f"(it means {' or '.join(f.value for f in fitting)}); drop one of them"
        )
    return given


def load_options(path: Path, config_file: Path | None, jobs: int | None, cache_dir: Path | None, no_cache: bool) -> LoadOptions:
    """The loading options as the use cases take them (``--no-cache`` wins over ``--cache-dir``)."""
    return LoadOptions(path=path, config_file=config_file, jobs=jobs, cache_dir=cache_location(cache_dir, no_cache))


def cache_location(cache_dir: Path | None, no_cache: bool) -> Path | None:
    """The cache folder ``--cache-dir``/``--no-cache`` ask for (None: no cache)."""
    if no_cache:
        return None
    if cache_dir is None:
        return default_cache_dir()
    if cache_dir.exists() and not cache_dir.is_dir():
        raise UsageError(f"--cache-dir {cache_dir} is not a folder")
    return cache_dir
