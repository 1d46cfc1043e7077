"""Fixes for findings: which rules offer one, how safe it is, and the edits it makes.

A rule declares in the registry that it has a fix and how safe it is (``@rule(..., fix=Safety.SAFE)``);
its fixer is registered here under the rule's check function (:func:`fixer`), so each code
is still written once; a test checks both sides agree. A fixer turns one finding into a :class:`~speckit_graph.core.fixes.Fix`
by re-reading the file it names (never the cache) with :mod:`speckit_graph.edit`, or
returns None when the finding is not one it can fix (a path reference, a block scalar...).
:func:`attach_fixes` runs them after the analysis and keeps only fixes whose result still
parses: a fix never leaves invalid YAML behind.

Safe fixes keep what the author evidently meant: SG402 (vocabulary value off by case or
spaces), SG106 (canonical spelling of a reference), SG105 (drop the later duplicate),
SG007 (drop an unused suppression), SG204 (add the missing back-link). Unsafe fixes change
meaning and need ``--unsafe-fixes``: SG101 (the one close did-you-mean), SG103 (drop the
self-link), SG404 (swap a ``YYYY-DD-MM`` date; set ``updatedAt`` to ``createdAt``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from speckit_graph.check.rules import links, metadata, structure
from speckit_graph.check.rules.registry import CheckFn, SpecCheckFn, get_rule, rule_of
from speckit_graph.check.rules.suppression import SUPPRESSION_KEY, UNUSED_SUPPRESSION, read_suppressions
from speckit_graph.config.model import Config
from speckit_graph.core.errors import UsageError
from speckit_graph.core.findings import CheckResult, Finding, fingerprint
from speckit_graph.core.fixes import Fix, Safety, TextEdit
from speckit_graph.core.model import RefForm, Spec
from speckit_graph.edit import Document, EditError, KeyPath, OverlapError, apply_edits, read_target, resolve_target
from speckit_graph.graph.specgraph import SpecGraph
from speckit_graph.graph.suggest import Suggester

Fixer = Callable[[Finding, "FixContext"], "Fix | None"]
_FIXERS: dict[str, tuple[Safety, Fixer]] = {}


def fixer(target: CheckFn | SpecCheckFn | str) -> Callable[[Fixer], Fixer]:
    """Register the fixer of the rule whose check function is ``target`` (or whose code it is, for SG007)."""
    rule = rule_of(target) if callable(target) else get_rule(target)
    if rule is None or rule.fix is None:
        raise ValueError(f"{target} declares no fix in the registry")
    safety = rule.fix

    def register(function: Fixer) -> Fixer:
        _FIXERS[rule.code] = (safety, function)
        return function

    return register


def fixable_codes() -> frozenset[str]:
    """The codes of the rules that have a fixer."""
    return frozenset(_FIXERS)


@dataclass
class FixContext:
    """What fixers share during one pass: the graph, the configuration and the parsed files.

    ``contents`` replaces what files hold on disk (``check --diff`` fixes in memory); a path
    in it must still name a file inside the root.
    """

    graph: SpecGraph
    config: Config
    root: Path
    contents: Mapping[str, bytes] = field(default_factory=dict)
    _documents: dict[str, Document | None] = field(default_factory=dict)
    _specs: dict[str, Spec] | None = None
    _folded: dict[str, dict[str, list[str]]] | None = None

    @property
    def folded_vocabulary(self) -> dict[str, dict[str, list[str]]]:
        """Each vocabulary field's allowed values by their casefolded spelling, built once per pass."""
        if self._folded is None:
            vocabulary = self.config.vocabulary
            allowed = {
                "status": vocabulary.status,
                "type": vocabulary.type,
                "category": vocabulary.category,
                "priority": vocabulary.priority,
            }
            self._folded = {}
            for name, values in allowed.items():
                folded: dict[str, list[str]] = {}
                for value in values:
                    folded.setdefault(value.casefold(), []).append(value)
                self._folded[name] = folded
        return self._folded

    @property
    def suggester(self) -> Suggester:
        """Did-you-mean over every id: the graph's own index, which SG101 already built (0.3 s at 100,000 specs)."""
        return self.graph.suggester()

    def field_key(self, spec: Spec, doc: Document, canonical: str) -> str | None:
        """The key ``canonical`` is written as, when the document's key is the one the loader read.

        With ``frontmatter-block = "second"`` or ``"merge"`` a field may come from a later block
        than the one :class:`Document` edits; the key's line tells them apart.
        """
        key = spec.key_of(canonical)
        line = doc.key_line((key,))
        return key if line is not None and line == spec.field_lines.get(canonical) else None

    def document(self, path: str | None) -> Document | None:
        """The file's frontmatter as read now, or None when it cannot be read, edited or parsed."""
        if path is None:
            return None
        if path not in self._documents:
            try:
                self._documents[path] = Document.parse(path, self._read(path))
            except (OSError, UsageError, EditError, RecursionError):
                self._documents[path] = None
        return self._documents[path]

    def _read(self, path: str) -> bytes:
        if path in self.contents:
            resolve_target(self.root, path)  # the same refusals as for a file read from disk
            return self.contents[path]
        return read_target(self.root, path)

    def spec(self, finding: Finding) -> Spec | None:
        """The spec file the finding is about (the file, not the id: duplicated ids have several)."""
        if self._specs is None:
            self._specs = {spec.path: spec for spec in self.graph.all_specs()}
        spec = self._specs.get(finding.path or "")
        return spec if spec is not None and spec.id == finding.spec else None

    def entry(self, finding: Finding) -> tuple[Document, KeyPath, str] | None:
        """The document, key path and string value of the scalar the finding points at."""
        doc = self.document(finding.path)
        if doc is None or finding.line is None or finding.column is None:
            return None
        keys = doc.locate(finding.line, finding.column)
        if keys is None:
            return None
        value = doc.node(keys).value
        return (doc, keys, value) if isinstance(value, str) else None


def attach_fixes(
    result: CheckResult,
    graph: SpecGraph,
    config: Config,
    context: FixContext | None = None,
    contents: Mapping[str, bytes] | None = None,
) -> CheckResult:
    """``result`` with a ``fix`` on every finding a rule can fix (files are read once each).

    ``context``: a FixContext of one's own (the language server's reads the editor's buffers);
    ``contents``: files whose content is this instead of what is on disk.
    """
    if not any(f.code in _FIXERS for f in result.findings):
        return result
    if context is None:
        context = FixContext(graph, config, Path(graph.root), dict(contents or {}))
    findings = []
    for finding in result.findings:
        fix = _fix_of(finding, context) if finding.code in _FIXERS else None
        findings.append(finding if fix is None else dataclasses.replace(finding, fix=fix))
    return dataclasses.replace(result, findings=tuple(findings))


def _fix_of(finding: Finding, context: FixContext) -> Fix | None:
    safety, function = _FIXERS[finding.code]
    try:
        fix = function(finding, context)
    except (EditError, RecursionError):
        return None
    if fix is None or not fix.edits:
        return None
    return fix if _still_parses(fix, context) else None


def _still_parses(fix: Fix, context: FixContext) -> bool:
    """Whether every file the fix edits still has a parseable frontmatter mapping afterwards."""
    for path in fix.paths:
        doc = context.document(path)
        if doc is None:
            return False
        try:
            Document.parse(path, apply_edits(doc.data, [e for e in fix.edits if e.path == path]))
        except (EditError, OverlapError, ValueError):
            return False
    return True


def _fix(description: str, safety: Safety, edits: Iterable[TextEdit]) -> Fix:
    return Fix(description, safety, tuple(edits))


def _matches(finding: Finding, spec: Spec, key: str) -> bool:
    """Whether ``finding`` is the one its rule keyed ``key`` for ``spec`` (keys are hashed into fingerprints)."""
    return finding.fingerprint == fingerprint(finding.code, spec.id, key)


# ---------------------------------------------------------------------------------------
# Safe fixes


@fixer(metadata.invalid_value)
def _vocabulary_case(finding: Finding, context: FixContext) -> Fix | None:
    spec = context.spec(finding)
    if spec is None:
        return None
    for name, folded in context.folded_vocabulary.items():
        value = spec.fields.get(name)
        if not isinstance(value, str):
            continue
        canonical = folded.get(value.strip().casefold(), [])
        if len(canonical) != 1 or canonical[0] == value or not _matches(finding, spec, name):
            continue  # decided from the spec alone: most such findings have no fix, and their file is not read
        doc = context.document(finding.path)
        key = context.field_key(spec, doc, name) if doc is not None else None
        if doc is not None and key is not None:
            return _fix(f"write {key} '{canonical[0]}'", Safety.SAFE, doc.replace_scalar((key,), canonical[0]))
    return None


@fixer(links.non_canonical_reference)
def _canonical_reference(finding: Finding, context: FixContext) -> Fix | None:
    spec, found = context.spec(finding), context.entry(finding)
    if spec is None or found is None:
        return None
    doc, keys, value = found
    for loose in spec.loose_references:
        ref = loose.reference
        if (ref.location.line, ref.location.column) != (finding.line, finding.column) or ref.form is not RefForm.ID:
            continue
        replaced = _replace_id(value, ref.value, loose.target)
        if replaced is not None:
            return _fix(f"write '{loose.target}'", Safety.SAFE, doc.replace_scalar(keys, replaced))
    return None


def _replace_id(value: str, old: str, new: str) -> str | None:
    """``value`` with the id ``old`` (a whole word of it: the entry, or the id of an ``ID: title`` label) as ``new``."""
    if value.strip() == old:
        return value.replace(old, new, 1)
    match = re.search(rf"(?<![\w-]){re.escape(old)}(?![\w-])", value)
    return None if match is None else value[: match.start()] + new + value[match.end() :]


@fixer(links.duplicate_link)
def _duplicate_entry(finding: Finding, context: FixContext) -> Fix | None:
    found = context.entry(finding)
    if found is None or not isinstance(found[1][-1], int) or found[1][-1] == 0:
        return None
    doc, keys, value = found
    return _fix(f"remove the repeated '{value.strip()}'", Safety.SAFE, doc.remove_entry(keys))


@fixer(UNUSED_SUPPRESSION)
def _unused_suppression(finding: Finding, context: FixContext) -> Fix | None:
    spec, doc = context.spec(finding), context.document(finding.path)
    if spec is None or doc is None:
        return None
    entries, _ = read_suppressions(spec)
    selectors = [e.selector for e in entries if _matches(finding, spec, e.selector)]
    ignore = doc.find((SUPPRESSION_KEY, "ignore"))
    if len(selectors) != 1 or ignore is None or context.field_key(spec, doc, SUPPRESSION_KEY) is None:
        return None
    if not isinstance(ignore.value, list):
        keep = 0  # a single selector written as a scalar
        doomed: list[int] = [0]
    else:
        doomed = [i for i, node in enumerate(ignore.value) if isinstance(node.value, str) and node.value.strip() == selectors[0]]
        keep = len(ignore.value) - len(doomed)
    description = f"remove the unused suppression '{selectors[0]}'"
    if keep:
        edits = [edit for index in doomed for edit in doc.remove_entry((SUPPRESSION_KEY, "ignore", index))]
        return _fix(description, Safety.SAFE, edits)
    settings = doc.node((SUPPRESSION_KEY,))
    only_ignore = len(settings.value) == 1
    return _fix(description, Safety.SAFE, doc.remove_key((SUPPRESSION_KEY,) if only_ignore else (SUPPRESSION_KEY, "ignore")))


@fixer(structure.unreciprocated_related)
def _back_link(finding: Finding, context: FixContext) -> Fix | None:
    if finding.spec is None or len(finding.related) != 1:
        return None
    other = context.graph.specs_by_id.get(finding.related[0])
    if other is None or other.id in context.graph.duplicates:
        return None
    doc = context.document(other.path)
    if doc is None:
        return None
    if "related" in other.field_keys:
        key = context.field_key(other, doc, "related")
        if key is None:
            return None
    elif context.config.frontmatter_block != "first":
        return None  # the key would go to the first block, which the loader may not read
    else:
        key = "related"
    return _fix(f"add '{finding.spec}' to {key} of '{other.id}'", Safety.SAFE, doc.add_entry((key,), finding.spec))


# ---------------------------------------------------------------------------------------
# Unsafe fixes


@fixer(links.dangling_reference)
def _did_you_mean(finding: Finding, context: FixContext) -> Fix | None:
    found = context.entry(finding)
    if found is None or finding.spec is None or len(finding.related) != 1:
        return None  # path and URL references carry no related id
    target = finding.related[0]
    candidates = [s for s in context.suggester.suggest(target, limit=4) if s != finding.spec]
    if len(candidates) != 1:
        return None
    doc, keys, value = found
    replaced = _replace_id(value, target, candidates[0])
    if replaced is None:
        return None
    return _fix(f"replace '{target}' with '{candidates[0]}'", Safety.UNSAFE, doc.replace_scalar(keys, replaced))


@fixer(links.self_reference)
def _self_link(finding: Finding, context: FixContext) -> Fix | None:
    found = context.entry(finding)
    if found is None:
        return None
    doc, keys, value = found
    edits = doc.remove_entry(keys) if isinstance(keys[-1], int) else doc.remove_key(keys)
    return _fix(f"remove the link to the spec itself ('{value.strip()}')", Safety.UNSAFE, edits)


@fixer(metadata.invalid_date)
def _date(finding: Finding, context: FixContext) -> Fix | None:
    spec = context.spec(finding)
    if spec is None:
        return None
    if _matches(finding, spec, "order"):
        doc = context.document(finding.path)
        if doc is None:
            return None
        created, updated = context.field_key(spec, doc, "createdAt"), context.field_key(spec, doc, "updatedAt")
        node = doc.find((created,)) if created is not None else None
        if updated is None or node is None or not isinstance(node.value, str):
            return None
        text = node.value.strip()
        return _fix(f"set {updated} to {created} ({text})", Safety.UNSAFE, doc.replace_scalar((updated,), text))
    for name in ("createdAt", "updatedAt"):
        value = spec.fields.get(name)
        if not _matches(finding, spec, name) or not isinstance(value, str):
            continue
        swapped = _swapped_date(value.strip())
        doc = context.document(finding.path) if swapped is not None else None  # read only when there is a fix to make
        key = context.field_key(spec, doc, name) if doc is not None else None
        if swapped is not None and doc is not None and key is not None:
            edits = doc.replace_scalar((key,), swapped)
            return _fix(f"read {key} as {swapped} (day and month swapped)", Safety.UNSAFE, edits)
    return None


def _swapped_date(text: str) -> str | None:
    """``YYYY-MM-DD`` for a ``YYYY-DD-MM`` text that is a date only that way round."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match is None:
        return None
    year, first, second = match.groups()
    try:
        dt.date(int(year), int(second), int(first))
    except ValueError:
        return None
    return f"{year}-{second}-{first}"
