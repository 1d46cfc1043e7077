"""The repository as the language server holds it: every file's reading, the graph, the findings per file.

Start-up reads every file once (through the per-file cache). An edit re-reads only the
edited document, from the editor's buffer, and re-checks only the specs whose findings
it can change (see :mod:`speckit_graph.lsp.scoped`); an edit that changes which ids or
spec files exist re-resolves and re-checks the whole repository. Either way the result
is the same as ``check`` on the saved files would give (tests/lsp compare the two).
Nothing here writes to the repository.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from speckit_graph.check.analysis import check
from speckit_graph.config.model import Config
from speckit_graph.core.findings import Finding, Hit
from speckit_graph.core.model import LinkKind, Spec
from speckit_graph.graph.specgraph import SpecGraph, build_graph
from speckit_graph.graph.suggest import Suggester
from speckit_graph.load.gcpause import gc_paused
from speckit_graph.load.issues import FileOutcome
from speckit_graph.load.loader import list_markdown_files, read_spec_file
from speckit_graph.load.parallel import read_files
from speckit_graph.load.references import ReferenceIndex
from speckit_graph.load.resolve import reference_index, resolve_spec
from speckit_graph.lsp.cycles import CYCLE_KINDS, CycleIndex
from speckit_graph.lsp.scoped import KnownCycles, affected_scope, scoped_graph
from speckit_graph.usecases.load import cached_reader, open_cache, repository, resolve_config


@dataclass(frozen=True)
class Placed:
    """A finding as one file shows it: a cycle is shown on every spec of it, at its link to the next."""

    finding: Finding
    line: int | None
    column: int | None


@dataclass
class Timing:
    """How long the last analysis took, and whether it was the whole repository (for the benchmark)."""

    seconds: float = 0.0
    full: bool = True
    scope: int = 0


@dataclass
class Workspace:
    """Every file's reading and the per-file findings; :meth:`update` applies one edited document."""

    root: Path
    config: Config
    scanned: list[str]
    outcomes: dict[str, FileOutcome]
    walk_issues: list[Hit]
    notes: list[str] = field(default_factory=list)
    resolved: dict[str, Spec] = field(default_factory=dict)  # path -> resolved spec
    groups: dict[str, list[Spec]] = field(default_factory=dict)  # id -> resolved specs, by path
    by_id: dict[str, Spec] = field(default_factory=dict)  # id -> the spec the graph keeps (first path)
    duplicates: dict[str, tuple[Spec, ...]] = field(default_factory=dict)
    incoming: dict[str, dict[str, int]] = field(default_factory=dict)  # id -> ids linking to it
    cycles: dict[LinkKind, list[list[str]]] = field(default_factory=dict)
    cycle_index: CycleIndex = field(default_factory=CycleIndex)
    per_file: dict[str, tuple[Placed, ...]] = field(default_factory=dict)
    index: ReferenceIndex | None = None
    timing: Timing = field(default_factory=Timing)
    _graph: SpecGraph | None = None
    _suggester: Suggester | None = None

    # -- start-up ------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path, config_file: Path | None = None, cache_dir: Path | None = None, jobs: int | None = 1) -> Workspace:
        """Read the repository at ``root`` (through the cache in ``cache_dir`` when given) and check it."""
        root = repository(root)
        notes: list[str] = []
        config = resolve_config(root, config_file, notes)
        cache = open_cache(cache_dir, root, config, notes)
        relpaths, walk_issues = list_markdown_files(root, config)
        with gc_paused():  # millions of acyclic objects: no collection while they are built
            try:
                read = cached_reader() if cache is not None else read_spec_file  # the cache holds per-spec hits too
                outcomes = read_files(root, relpaths, config, read, FileOutcome, jobs=jobs, cache=cache)
            except BaseException:
                if cache is not None:
                    cache.close()
                raise
            if cache is not None:
                cache.save()  # the user's cache folder, never the repository
            workspace = cls(root, config, list(relpaths), dict(zip(relpaths, outcomes, strict=True)), list(walk_issues), notes)
            workspace.analyse_all()
        return workspace

    # -- the graph -----------------------------------------------------------------------

    @property
    def graph(self) -> SpecGraph:
        """The whole graph as ``check`` builds it (rebuilt only when cycles must be found again)."""
        if self._graph is None:
            issues = [*self.walk_issues, *(hit for path in self.scanned for hit in self.outcomes[path].issues)]
            self._graph = build_graph(
                self.resolved.values(), root=str(self.root), load_issues=issues, files_scanned=len(self.scanned)
            )
        return self._graph

    def suggester(self) -> Suggester:
        """Did-you-mean over every id; the ids only change in :meth:`analyse_all`, which drops it."""
        if self._suggester is None:
            self._suggester = Suggester(self.by_id)
        return self._suggester

    def spec_at(self, relpath: str) -> Spec | None:
        return self.resolved.get(relpath)

    # -- analysis ------------------------------------------------------------------------

    def analyse_all(self) -> set[str]:
        """Resolve and check the whole repository; the paths whose findings changed."""
        started = time.perf_counter()
        specs = [o.spec for path in self.scanned if (o := self.outcomes[path]).spec is not None]
        self.index = reference_index(specs, self.scanned, self.config)
        self.resolved = {spec.path: resolve_spec(spec, self.index, self.config) for spec in specs}
        self._graph = None
        graph = self.graph
        self.groups = {}
        for spec in sorted(self.resolved.values(), key=lambda s: (s.id, s.path)):
            self.groups.setdefault(spec.id, []).append(spec)
        self.by_id = dict(graph.specs_by_id)
        self._suggester = graph.suggester()
        self.duplicates = dict(graph.duplicates)
        self.incoming = {}
        for spec in self.resolved.values():
            self._count_links(spec, 1)
        self.cycle_index = CycleIndex.of(graph)
        self.cycles = self.cycle_index.cycles()
        result = check(KnownCycles.of(graph, self.cycles), self.config)  # cycles are not found twice
        fresh = self._placed(result.findings, set(self.per_file) | set(self.scanned))
        self.timing = Timing(time.perf_counter() - started, True, len(self.resolved))
        return self._replace(fresh)

    def update(self, relpath: str, data: bytes) -> set[str]:
        """Apply the edited content of ``relpath``; the paths whose findings changed.

        A path the configuration does not include is not part of the repository: nothing changes.
        """
        if relpath not in self.outcomes:
            return set()
        old = self.outcomes[relpath]
        new = read_spec_file(self.root, relpath, self.config, data)
        self.outcomes[relpath] = new
        if _identity(old) != _identity(new) or self.index is None:
            return self.analyse_all()
        started = time.perf_counter()
        before = self.resolved.get(relpath)
        after = resolve_spec(new.spec, self.index, self.config) if new.spec is not None else None
        if before is not None and after is not None:
            self._swap(before, after)
        old_cycles = self.cycles
        self._graph = None
        if before is not None and after is not None and _edges_changed(before, after):
            if not self.cycle_index.replace(after.id, self.groups[after.id], self.by_id):
                return self.analyse_all()
            self.cycles = self.cycle_index.cycles()
        scope = affected_scope(self, before, after, old_cycles)
        graph = scoped_graph(self, scope, relpath)
        result = check(graph, self.config)
        paths = {spec.path for spec_id in scope for spec in self.groups.get(spec_id, ())} | {relpath}
        fresh = self._placed([f for f in result.findings if f.path in paths], paths)
        self.timing = Timing(time.perf_counter() - started, False, len(scope))
        return self._replace(fresh)

    def rescan(self) -> set[str]:
        """Pick up files created or deleted on disk: list the folder again, read the new files,
        forget the gone ones, re-check the whole repository; the paths whose findings changed
        (a gone file among them, its findings cleared)."""
        relpaths, walk_issues = list_markdown_files(self.root, self.config)
        for relpath in relpaths:
            if relpath not in self.outcomes:
                self.outcomes[relpath] = read_spec_file(self.root, relpath, self.config)
        for relpath in set(self.outcomes) - set(relpaths):
            del self.outcomes[relpath]
        self.scanned, self.walk_issues = list(relpaths), list(walk_issues)
        return self.analyse_all()

    def _swap(self, before: Spec, after: Spec) -> None:
        """Put the re-read spec in place of its previous reading (same id, same path)."""
        self._count_links(before, -1)
        self._count_links(after, 1)
        self.resolved[after.path] = after
        group = self.groups[after.id]
        group[:] = [after if spec.path == after.path else spec for spec in group]
        self.by_id[after.id] = group[0]
        if len(group) > 1:
            self.duplicates[after.id] = tuple(group)

    def _count_links(self, spec: Spec, step: int) -> None:
        for link in spec.links:
            sources = self.incoming.setdefault(link.target, {})
            count = sources.get(spec.id, 0) + step
            if count:
                sources[spec.id] = count
            else:
                sources.pop(spec.id, None)

    def _placed(self, findings: Iterable[Finding], paths: Iterable[str]) -> dict[str, tuple[Placed, ...]]:
        """Findings per file among ``paths`` (each path listed, possibly with none)."""
        placed: dict[str, list[Placed]] = {path: [] for path in paths}
        for finding in findings:
            if finding.path is not None and finding.path in placed:
                placed[finding.path].append(Placed(finding, finding.line, finding.column))
            cycle = finding.extra.get("cycle") if finding.code in ("SG201", "SG202") else None
            if not cycle:
                continue
            kind = LinkKind.DEPENDS_ON if finding.code == "SG201" else LinkKind.PARENT
            for member, following in zip(cycle[1:-1], cycle[2:], strict=True):
                for spec in self.groups.get(member, ())[:1]:
                    link = next((ln for ln in spec.links if ln.kind is kind and ln.target == following), None)
                    if spec.path in placed:
                        line = link.location.line if link else spec.line_of(kind.value)
                        placed[spec.path].append(Placed(finding, line, link.location.column if link else None))
        return {path: tuple(items) for path, items in placed.items()}

    def _replace(self, fresh: dict[str, tuple[Placed, ...]]) -> set[str]:
        changed = {path for path, items in fresh.items() if self.per_file.get(path, ()) != items}
        for path, items in fresh.items():
            if items:
                self.per_file[path] = items
            else:
                self.per_file.pop(path, None)
        return changed


def _identity(outcome: FileOutcome) -> str | None:
    """What references resolve against: whether the file is a spec, and its id."""
    return outcome.spec.id if outcome.spec is not None else None


def _edges_changed(before: Spec, after: Spec) -> bool:
    """Whether the spec's parent or dependency targets changed (cycles may have changed then)."""

    def targets(spec: Spec) -> list[tuple[LinkKind, str]]:
        return [(link.kind, link.target) for link in spec.links if link.kind in CYCLE_KINDS]

    return targets(before) != targets(after)
