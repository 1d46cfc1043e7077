"""Scan a folder for spec files and read their frontmatter into Spec objects.

Every problem with a file becomes a Hit (SG001-SG006) and the scan goes on: one broken
file must never hide the findings of the other ten thousand. The work is split in
stages, one module each: :mod:`~speckit_graph.load.walk` lists the files,
:mod:`~speckit_graph.load.frontmatter` finds and parses a file's frontmatter,
:mod:`~speckit_graph.load.fields` turns it into a Spec with unresolved references, and
:mod:`~speckit_graph.load.resolve` resolves those once every file is read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from speckit_graph.config.model import Config
from speckit_graph.core.findings import Hit
from speckit_graph.core.model import Spec
from speckit_graph.load.cache import FileCache
from speckit_graph.load.fields import Entry, build_spec, entries_of, preview, top_level_numbers_as_written
from speckit_graph.load.frontmatter import BadBlock, read_frontmatter, second_block
from speckit_graph.load.issues import INVALID_FRONTMATTER, MULTIPLE_FRONTMATTER, YAML11_DIFFERENCE, FileOutcome
from speckit_graph.load.parallel import Progress, read_files
from speckit_graph.load.resolve import resolve_links
from speckit_graph.load.walk import iter_markdown_files, list_listed_files, list_markdown_files
from speckit_graph.load.yaml11 import first_per_kind, yaml11_hits

#: Per-spec work a caller hands the loader (the check layer's per-spec rules): hits for one spec.
Judge = Callable[[Spec, Config], Iterable[Hit]]
ReadFn = Callable[[Path, str, Config], FileOutcome]

__all__ = [
    "FileOutcome",
    "LoadResult",
    "assemble",
    "iter_markdown_files",
    "list_markdown_files",
    "load_specs",
    "read_frontmatter_blocks",
    "read_spec_file",
    "resolve_links",
]


@dataclass(frozen=True)
class LoadResult:
    """What the loader found: specs, per-file problems, and counts for the summary line."""

    root: str
    specs: tuple[Spec, ...]
    issues: tuple[Hit, ...]
    files_scanned: int
    files_skipped: int
    templates: int = 0
    skipped_paths: tuple[str, ...] = field(default=(), repr=False)
    #: What the ``judge`` passed to :func:`load_specs` found in each spec, or None without one.
    judged: tuple[Hit, ...] | None = field(default=None, repr=False)


def load_specs(
    root: Path,
    config: Config,
    *,
    jobs: int | None = 1,
    cache: FileCache | None = None,
    progress: Progress | None = None,
    listing: tuple[list[str], list[Hit]] | None = None,
    files: Mapping[str, bytes] | None = None,
    overlay: Mapping[str, bytes] | None = None,
    judge: Judge | None = None,
) -> LoadResult:
    """Read every spec under ``root``, then resolve their references; never raises for content problems.

    ``jobs`` worker processes parse large repositories (None: one per CPU), ``cache``
    reuses the results of files that did not change, ``progress(done, total)`` is called
    as files are read, and ``listing`` (paths and walk problems from
    :func:`list_markdown_files`) saves walking the folder twice. Only the pure per-file
    reading is parallel or cached; references are resolved here, against every file.
    ``files`` (path relative to ``root`` -> content, e.g. a git revision's blobs) replaces the
    folder: it is listed as the walk would list such a folder, and nothing is read from disk.
    ``overlay`` (same shape) replaces the content of those listed files only: they are read
    from it, after the cache saw (and recorded) what is on disk.
    ``judge(spec, config)`` (a module-level function, so it reaches worker processes) runs on each
    spec as its file is read, in the worker, and its hits are cached with the parse: the check
    layer passes its per-spec rules this way (``LoadResult.judged``; None without a judge).
    """
    read: Callable[..., FileOutcome] = read_spec_file
    if files is not None:
        listing, read = (list_listed_files(files, config), []), functools.partial(read_spec_blob, files)
    if judge is not None:
        read = functools.partial(read_judged, read, judge)
    scanned_paths, walk_issues = listing if listing is not None else list_markdown_files(root, config)
    outcomes = read_files(root, scanned_paths, config, read, FileOutcome, jobs=jobs, cache=cache, progress=progress)
    if overlay:
        outcomes = [
            read_judged(read_spec_file, judge, root, relpath, config, overlay[relpath]) if relpath in overlay else outcome
            for relpath, outcome in zip(scanned_paths, outcomes, strict=True)
        ]
    return assemble(root, scanned_paths, walk_issues, outcomes, config, judged=judge is not None)


def assemble(
    root: Path,
    scanned_paths: Sequence[str],
    walk_issues: Iterable[Hit],
    outcomes: Sequence[FileOutcome],
    config: Config,
    *,
    judged: bool = False,
) -> LoadResult:
    """The load result of files already read (``outcomes``, one per path): references resolved, specs sorted.

    ``diff`` reads the files of two revisions together and assembles each side from them.
    ``judged``: the outcomes carry a judge's hits (else ``LoadResult.judged`` is None and the
    analysis runs the per-spec rules itself).
    """
    specs: list[Spec] = []
    skipped: list[str] = []
    issues: list[Hit] = list(walk_issues)
    templates = 0
    judged_hits: list[Hit] = []
    for relpath, outcome in zip(scanned_paths, outcomes, strict=True):
        issues.extend(outcome.issues)
        judged_hits.extend(outcome.judged)
        templates += outcome.template
        if outcome.spec is not None:
            specs.append(outcome.spec)
        elif not outcome.issues:
            skipped.append(relpath)
    yaml11 = [hit for hit in issues if hit.code == YAML11_DIFFERENCE]
    if yaml11:  # the first of each kind in the repository: the user learns once
        issues = [hit for hit in issues if hit.code != YAML11_DIFFERENCE] + first_per_kind(yaml11)
    specs = resolve_links(specs, scanned_paths, config)
    specs.sort(key=lambda s: (s.id, s.path))
    return LoadResult(
        root=str(root),
        specs=tuple(specs),
        issues=tuple(issues),
        files_scanned=len(scanned_paths),
        files_skipped=len(skipped),
        templates=templates,
        skipped_paths=tuple(skipped),
        judged=tuple(judged_hits) if judged else None,
    )


def read_judged(
    read: ReadFn, judge: Judge | None, root: Path, relpath: str, config: Config, data: bytes | None = None
) -> FileOutcome:
    """``read`` (or :func:`read_spec_file` of ``data``), then ``judge`` on the spec it found, if any."""
    outcome = read(root, relpath, config) if data is None else read_spec_file(root, relpath, config, data)
    if judge is not None and outcome.spec is not None:
        outcome.judged = list(judge(outcome.spec, config))
    return outcome


def read_spec_blob(files: Mapping[str, bytes], root: Path, relpath: str, config: Config) -> FileOutcome:
    """:func:`read_spec_file` of content handed in (``files[relpath]``) instead of read from disk."""
    return read_spec_file(root, relpath, config, files[relpath])


def read_spec_file(root: Path, relpath: str, config: Config, data: bytes | None = None) -> FileOutcome:
    """Read one file's frontmatter; a pure function of the file so it can run in a worker.

    ``data`` is the file's content when it comes from elsewhere than the disk (an editor's
    unsaved buffer, for the language server; a git blob, for ``diff``); it is read exactly as
    the file would be.

    The spec it returns carries unresolved ``references``; :func:`resolve_links` turns them
    into links once every file is read. A second block is always reported: ignored (first),
    or disagreeing with the first on some values (merge, second); one that does not parse is
    an SG001 on its own line when the configuration reads second blocks.
    """
    outcome = FileOutcome()
    front = read_frontmatter(root, relpath, config, outcome, data)
    if front is None:
        return outcome
    entries = entries_of(front.data, front.node, offset=2)
    mode = config.frontmatter_block
    second = None
    disagreement = ""
    if mode != "first":
        failures: list[BadBlock] = []
        second = second_block(front.body, front.closing_line, config.limits, failures)
        for bad in failures:
            message = f"second frontmatter block is not valid YAML: {bad.problem}; it is not read"
            outcome.report(INVALID_FRONTMATTER, message, path=relpath, line=bad.line, column=bad.column, key="second-block")
        if second is not None:
            second_entries = entries_of(second.data, second.node, offset=second.line + 1)
            disagreement = disagreements(entries, second_entries)
            entries = second_entries if mode == "second" else {**entries, **second_entries}
    scan_placeholders = front.may_hold_placeholders or second is not None  # a second block: its text was not looked at
    spec = build_spec(relpath, entries, config, outcome, front.in_template_dir, scan_placeholders)
    if spec is None:
        return outcome
    if front.unparsed_lines:  # read in part: the SG001 at each unparsed line names the spec it belongs to
        spec = replace(spec, unparsed_lines=front.unparsed_lines)
        outcome.issues = [
            replace(hit, spec=spec.id) if hit.code == INVALID_FRONTMATTER and hit.line in front.unparsed_lines else hit
            for hit in outcome.issues
        ]
    outcome.spec = spec
    outcome.issues.extend(yaml11_hits(front.node, relpath, spec.id, config.text_keys))
    if mode == "first":
        second = second_block(front.body, front.closing_line, config.limits)
        if second is not None:
            keys = ", ".join(sorted(str(k) for k in second.data)[:5])
            message = f"a second frontmatter block (keys: {keys}) starts here; only the first block is read"
            outcome.issues.append(Hit(message, path=relpath, line=second.line, column=1, spec=spec.id, code=MULTIPLE_FRONTMATTER))
    elif second is not None and disagreement:
        message = f"second frontmatter block disagrees with the first on {disagreement}"
        hit = Hit(message, path=relpath, line=second.line, column=1, spec=spec.id, key="disagree", code=MULTIPLE_FRONTMATTER)
        outcome.issues.append(hit)
    return outcome


def disagreements(first: dict[str, Entry], second: dict[str, Entry]) -> str:
    """The keys both blocks set to different values, each with both values and the winner (the second's)."""
    parts = []
    for key, entry in second.items():
        before = first.get(key)
        if before is not None and not _same(before.value, entry.value):
            was, now = _shown(before.value), _shown(entry.value)
            parts.append(f"{key} ({was} vs {now}; {now} wins)")
    return ", ".join(parts)


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - exotic values that cannot be compared count as different
        return False


def _shown(value: Any) -> str:
    return f"'{preview(value)}'" if isinstance(value, str) else preview(value)


def read_frontmatter_blocks(
    root: Path, relpath: str, config: Config, *, numbers_as_written: bool = True
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The first frontmatter block and a later second one, as plain mappings (for ``init``).

    Same reading rules and limits as :func:`read_spec_file`; problems just give None, and so
    does a block read only in part (``init`` learns the layout from blocks that parse). With
    ``numbers_as_written`` the first block's plain numbers keep their spelling (``0039``), as
    the loader keeps them in id and link fields.
    """
    front = read_frontmatter(root, relpath, config, FileOutcome())
    if front is None or front.unparsed_lines:
        return None, None
    second = second_block(front.body, front.closing_line, config.limits)
    data = top_level_numbers_as_written(front.data, front.node) if numbers_as_written else front.data
    first = {k: v for k, v in data.items() if isinstance(k, str)}
    return first, ({k: v for k, v in second.data.items() if isinstance(k, str)} if second else None)
