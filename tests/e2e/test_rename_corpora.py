"""``rename`` on every real repository: the most referenced id changes and ``check`` says the same as before.

On a copy of each corpus (configured by ``init``), the spec with the most references is renamed
to an id of the same length that matches the repository's id-pattern. Afterwards every finding
is the one before with the new id in place of the old (same file, line and column), and every
changed line held a spelling of the old id.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from speckit_graph.load.references import canonical_form
from speckit_graph.usecases.load import load, resolve_config
from tests.cli._support import invoke
from tests.e2e.test_real_repositories import CORPORA, corpus_copy

CORPUS_NAMES = sorted(p.name for p in CORPORA.iterdir() if p.is_dir()) if CORPORA.is_dir() else []
pytestmark = pytest.mark.skipif(not CORPUS_NAMES, reason=f"shared corpora not found at {CORPORA}")


def _findings(root: Path) -> list[tuple[str, str, int, int, str]]:
    code, out, err = invoke("check", str(root), "--format", "json", "--no-cache", "--allow-empty")
    assert code in (0, 1), err
    return sorted(
        (f["code"], f["path"] or "", f["line"] or 0, f["column"] or 0, f["message"]) for f in json.loads(out)["findings"]
    )


def _most_referenced(root: Path, limit: int = 5) -> list[str]:
    """The most referenced ids that have an id field (ids derived from paths have nothing to rename)."""
    graph = load(root, resolve_config(root))
    counts = Counter(link.target for spec in graph.all_specs() for link in spec.links if link.target in graph.specs_by_id)
    found = [
        spec_id
        for spec_id, _ in counts.most_common()
        if spec_id not in graph.duplicates and re.search(r"\d", spec_id) and "id" in graph.specs_by_id[spec_id].fields
    ]
    return found[:limit]


def _same_length_id(old: str, taken: set[str]) -> str:
    match = re.search(r"\d+(?=\D*$)", old)
    assert match is not None
    width = len(match.group(0))
    for number in range(10**width - 1, 0, -1):
        new = old[: match.start()] + str(number).rjust(width, "0") + old[match.end() :]
        if canonical_form(new) not in taken:
            return new
    raise AssertionError(f"no free id like {old}")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_rename_the_most_referenced_id_keeps_every_finding(name: str, tmp_path: Path) -> None:
    root = corpus_copy(name, tmp_path)
    code, _out, err = invoke("init", str(root))
    assert code == 0, err
    candidates = _most_referenced(root)
    if not candidates:
        pytest.skip(f"{name}: no spec with an id field is referenced")
    graph = load(root, resolve_config(root))
    taken = {canonical_form(i) for i in graph.specs_by_id}
    before, files = _findings(root), _files(root)
    for old in candidates:
        new = _same_length_id(old, taken)
        code, _out, err = invoke("rename", old, new, str(root), "--no-cache")
        if code == 0:
            break
        # The only acceptable refusal: a referring file whose YAML only the loader's recovery reads.
        assert code == 2 and "frontmatter does not parse" in err, err
        assert _files(root) == files
    else:
        pytest.fail(f"{name}: none of {candidates} could be renamed")
    after = _findings(root)
    assert after == sorted((c, p, line, col, m.replace(old, new)) for c, p, line, col, m in before)
    spellings = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.#-]*")
    changed = 0
    for relpath, data in _files(root).items():
        old_lines, new_lines = files[relpath].split(b"\n"), data.split(b"\n")
        assert len(old_lines) == len(new_lines), relpath
        for before_line, after_line in zip(old_lines, new_lines, strict=True):
            if before_line != after_line:
                changed += 1
                tokens = {canonical_form(t.rstrip(".")) for t in spellings.findall(before_line.decode("utf-8", "replace"))}
                assert canonical_form(old) in tokens or any(t.isdigit() for t in tokens), (relpath, before_line)
    assert changed >= 2  # the id itself and at least one reference
