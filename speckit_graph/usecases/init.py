"""``init``: survey a repository, propose a configuration, check with it, write it when asked."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from speckit_graph.check import analysis
from speckit_graph.config.model import CONFIG_FILENAME
from speckit_graph.config.parse import parse_config
from speckit_graph.config.presets import canonical_preset_name, preset_names
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult
from speckit_graph.init.propose import Proposal, propose
from speckit_graph.render.init_report import render_toml
from speckit_graph.usecases.common import LoadOptions, Outcome
from speckit_graph.usecases.load import repository, session

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class InitRequest:
    """``write`` False: propose only (``--dry-run``, ``--stdout``); ``force`` replaces an existing file.

    ``target`` is where the proposal is written (None: ``PATH/.speckit-graph.toml``);
    ``jobs`` and ``cache_dir`` serve the check run with the proposal, as in :class:`LoadOptions`.
    """

    path: Path = Path(".")
    preset: str | None = None
    write: bool = True
    force: bool = False
    target: Path | None = None
    jobs: int | None = None
    cache_dir: Path | None = None


@dataclass(frozen=True)
class InitResult(Outcome):
    """What ``init`` proposes for a repository, and what ``check`` says with it."""

    proposal: Proposal
    toml: str
    check: CheckResult
    links_resolved: int
    written: Path | None = None


def run_init(request: InitRequest) -> InitResult:
    """Survey, propose, verify and (when asked) write ``target`` (default ``PATH/.speckit-graph.toml``).

    Writes nothing else, and refuses to replace an existing file unless ``force``. The
    proposal is verified by parsing the rendered file back.
    """
    root = repository(request.path)
    target = request.target if request.target is not None else root / CONFIG_FILENAME
    if request.write and not request.force and (target.exists() or target.is_symlink()):
        raise UsageError(f"{target} already exists; use --force to replace it, or --dry-run to only print the proposal")
    preset = request.preset
    if preset is not None and canonical_preset_name(preset) is None:
        raise UsageError(f"unknown preset {preset!r} (known: {', '.join(preset_names())})")
    proposal = propose(root, preset=canonical_preset_name(preset) if preset else None)
    text = render_toml(proposal)
    config = replace(parse_config(tomllib.loads(text), str(target)), source=str(target))
    with session(LoadOptions(path=root, jobs=request.jobs, cache_dir=request.cache_dir), config) as loader:
        graph = loader.load()
    result = analysis.check(graph, config)
    links = sum(1 for _ in graph.links())
    written = None
    if request.write:
        _write_atomically(target, text)
        written = target
    return InitResult(
        proposal=proposal, toml=text, check=result, links_resolved=links, written=written, notes=tuple(loader.notes)
    )


def init(
    path: Path | str,
    *,
    preset: str | None = None,
    write: bool = True,
    force: bool = False,
    target: Path | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> InitResult:
    """:func:`run_init` with keyword arguments, for scripts."""
    return run_init(InitRequest(Path(path), preset, write, force, target, jobs, cache_dir))


def _write_atomically(target: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a crash never leaves half a file."""
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=".speckit-graph-", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
        os.replace(handle.name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
