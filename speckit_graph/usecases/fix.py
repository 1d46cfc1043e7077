"""``check --fix`` / ``--diff``: apply the fixes findings carry, re-check, repeat until nothing changes.

Each pass runs the check with fixes attached, takes the allowed fixes (safe ones, plus
unsafe ones with ``--unsafe-fixes``) in finding order, skips a fix whose edits overlap one
already taken (it is recomputed on the re-check of the next pass), and writes each changed
file once, atomically. Passes stop when no fix is left or after ``MAX_PASSES``. ``--diff``
runs the same passes in memory (each re-check reads the fixed contents through the
loader's overlay) and writes nothing, so it shows exactly what ``--fix`` would write. In a git work tree a file with uncommitted
changes is never edited unless ``allow_dirty``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import Finding
from speckit_graph.core.fixes import Fix, Safety, TextEdit
from speckit_graph.edit import Document, EditError, apply_edits, conflicts, read_target, write_atomic
from speckit_graph.load.parallel import Progress
from speckit_graph.usecases.check import CheckOutcome, CheckRequest, run_check
from speckit_graph.usecases.load import repository
from speckit_graph.vcs.dirty import DirtyFilesError, uncommitted

#: Overlapping fixes wait for the next pass; this bounds the passes (each one fixes at least one finding).
MAX_PASSES = 10


@dataclass(frozen=True)
class FixRequest:
    """``check`` with fixing: which fixes are allowed, whether to write, whether dirty files may be edited."""

    check: CheckRequest
    unsafe: bool = False
    diff: bool = False
    allow_dirty: bool = False


@dataclass(frozen=True)
class FileChange:
    """One file's content before the first fix and after the last (``after`` is what was, or would be, written)."""

    path: str
    before: bytes
    after: bytes


@dataclass(frozen=True)
class FixOutcome(CheckOutcome):
    """The check after fixing (``result``: what remains), what was fixed per rule, and the files changed.

    With ``diff``, nothing was written: ``changes`` is what ``--fix`` would write and
    ``result`` the findings that would remain. ``waiting`` counts fixable findings left
    unfixed (unsafe fixes not allowed, or overlapping fixes beyond the last pass).
    """

    fixed: Mapping[str, int] = field(default_factory=dict)
    changes: tuple[FileChange, ...] = ()
    diff: bool = False
    waiting: int = 0

    @property
    def exit_status(self) -> int:
        """``--diff``: 1 when something would change; ``--fix``: the status of what remains."""
        if self.diff:
            return int(bool(self.changes))
        return self.result.exit_status(self.fail_on)


def run_fix(request: FixRequest, progress: Progress | None = None) -> FixOutcome:
    """Fix, re-check and repeat as :mod:`this module <speckit_graph.usecases.fix>` describes."""
    if request.check.write_baseline is not None:
        raise UsageError("--fix and --diff cannot be combined with --write-baseline")
    if request.check.diff_base is not None:
        raise UsageError("--fix and --diff cannot be combined with --diff-base")
    check_request = dataclasses.replace(request.check, with_fixes=True)
    root = repository(request.check.load.path)
    allowed = {Safety.SAFE, Safety.UNSAFE} if request.unsafe else {Safety.SAFE}
    before: dict[str, bytes] = {}
    after: dict[str, bytes] = {}
    fixed: Counter[str] = Counter()
    stuck: dict[Key, Finding] = {}
    outcome = run_check(check_request, progress)
    for _ in range(MAX_PASSES):
        candidates = [f for f in outcome.result.findings if _key(f) not in stuck]
        written, chosen = _plan(root, choose(candidates, allowed), after if request.diff else {})
        if not written:
            break
        if not request.diff and not request.allow_dirty:
            dirty = uncommitted(root, sorted(set(written) - set(before)))
            if dirty:
                raise DirtyFilesError(dirty)
        for path, (old, new) in written.items():
            before.setdefault(path, old)
            after[path] = new
        if request.diff:  # the next pass judges the fixed contents in memory
            load = dataclasses.replace(check_request.load, overlay=dict(after))
            check_request = dataclasses.replace(check_request, load=load)
        else:
            for path, (_, new) in written.items():
                write_atomic(root, path, new)
        previous = Counter(_key(f) for f in outcome.result.findings)
        outcome = run_check(check_request, progress)
        _account(chosen, previous, Counter(_key(f) for f in outcome.result.findings), fixed, stuck)
    changes = tuple(FileChange(path, before[path], after[path]) for path in sorted(after) if after[path] != before[path])
    verb = "would be applied but the finding would remain" if request.diff else "was applied but the finding remains"
    notes = [*outcome.notes, *(f"{f.path}: the {f.code} fix {verb}" for f in stuck.values())]
    waiting = sum(1 for f in outcome.result.findings if f.fix is not None and _key(f) not in stuck)
    return FixOutcome(
        result=outcome.result,
        fail_on=outcome.fail_on,
        notes=tuple(dict.fromkeys(notes)),
        fixed=dict(sorted(fixed.items())),
        changes=changes,
        diff=request.diff,
        waiting=waiting,
    )


Key = tuple[str, str]


def _key(finding: Finding) -> Key:
    return (finding.code, finding.fingerprint)


def _account(
    chosen: list[Finding], previous: Counter[Key], now: Counter[Key], fixed: Counter[str], stuck: dict[Key, Finding]
) -> None:
    """Count what a pass fixed (per rule) and mark the fixes that did not remove their finding.

    Findings are compared by rule and fingerprint; one fingerprint can stand for several
    findings (an id listed three times), so a fix counts as working when it lowered that
    number. A fix that did not is never applied again (it would repeat the same edit).
    """
    for key in dict.fromkeys(_key(f) for f in chosen):
        gone = previous[key] - now[key]
        if gone > 0:
            fixed[key[0]] += gone
        else:
            stuck[key] = next(f for f in chosen if _key(f) == key)


def choose(findings: Iterable[Finding], allowed: set[Safety]) -> list[Finding]:
    """The findings whose fixes go together in one pass: allowed safety, no edit overlapping an earlier pick."""
    chosen: list[Finding] = []
    taken: dict[str, list[TextEdit]] = {}
    for finding in findings:
        fix = finding.fix
        if fix is None or fix.safety not in allowed:
            continue
        if any(conflicts([e for e in fix.edits if e.path == path], taken.get(path, ())) for path in fix.paths):
            continue
        chosen.append(finding)
        for edit in fix.edits:
            taken.setdefault(edit.path, []).append(edit)
    return chosen


def _plan(
    root: Path, chosen: list[Finding], current: Mapping[str, bytes]
) -> tuple[dict[str, tuple[bytes, bytes]], list[Finding]]:
    """Each file the chosen fixes edit (its bytes now and after the edits), and the fixes that go in.

    ``current`` holds the files already fixed in memory (``--diff``), the rest is read from
    disk. A file whose frontmatter would not parse afterwards is left out, with every fix
    touching it.
    """
    by_path: dict[str, list[TextEdit]] = {}
    for finding in chosen:
        for edit in _edits(finding.fix):
            by_path.setdefault(edit.path, []).append(edit)
    plan: dict[str, tuple[bytes, bytes]] = {}
    for path, edits in sorted(by_path.items()):
        old = current[path] if path in current else read_target(root, path)
        new = apply_edits(old, edits)
        try:
            Document.parse(path, new)
        except EditError:
            continue  # never write a frontmatter that does not parse
        plan[path] = (old, new)
    return plan, [f for f in chosen if f.fix is not None and all(path in plan for path in f.fix.paths)]


def _edits(fix: Fix | None) -> tuple[TextEdit, ...]:
    return () if fix is None else fix.edits
