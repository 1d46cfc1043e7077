"""Per-spec rules run with each file's parse (in the workers, cached with it) and change no answer.

The rules that look at one spec alone (SG304, SG401-SG405) are computed by the loader through
``check.perspec.judge_spec`` instead of over the finished graph. Their findings must be the ones
the graph-wide rules give, and the text, JSON and SARIF reports must be the same bytes whether
files are read in this process or in workers, cold or from the cache, and after the
configuration changes under a kept cache.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from speckit_graph.check import analysis, fixes
from speckit_graph.check.perspec import judge_spec, judge_tag, spec_rules
from speckit_graph.config.model import Config
from speckit_graph.load import parallel
from speckit_graph.load.cache import fingerprint
from speckit_graph.load.loader import load_specs
from speckit_graph.render.registry import CHECK_RENDERERS, RenderContext
from speckit_graph.usecases.check import CheckRequest, run_check
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.load import graph_of, resolve_config
from tests.conftest import EXAMPLES, SHARED, run_cli
from tests.support.bench import generator

CORPORA = SHARED / "corpora"
FOLDERS = [
    *sorted(p for p in EXAMPLES.iterdir() if p.is_dir()),
    *(sorted(p for p in CORPORA.iterdir() if p.is_dir()) if CORPORA.is_dir() else []),
]
FORMATS = ("text", "json", "sarif")


@pytest.fixture()
def heavy(tmp_path: Path) -> Path:
    """A findings-heavy repository: generated specs under a vocabulary they do not use."""
    root = tmp_path / "heavy"
    generator().generate(root, 50, seed=5, foreign=True)
    return root


def test_the_registry_says_which_rules_judge_one_spec() -> None:
    assert {rule.code for rule in spec_rules()} == {"SG304", "SG401", "SG402", "SG403", "SG404", "SG405"}
    assert all(rule.check is not None for rule in spec_rules())  # still graph rules for every other caller


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_per_spec_hits_from_the_loader_equal_the_graph_rules(folder: Path) -> None:
    config = resolve_config(folder)
    judged = graph_of(load_specs(folder, config, judge=judge_spec), folder)
    assert judged.spec_hits is not None
    rules_over_the_graph = dataclasses.replace(judged, spec_hits=None)  # what the analysis did before
    assert analysis.check(judged, config) == analysis.check(rules_over_the_graph, config)


def test_per_spec_hits_on_a_findings_heavy_repository(heavy: Path) -> None:
    config = resolve_config(heavy)
    judged = analysis.check(graph_of(load_specs(heavy, config, judge=judge_spec), heavy), config)
    plain = analysis.check(graph_of(load_specs(heavy, config), heavy), config)
    assert judged == plain
    assert sum(f.code == "SG402" for f in judged.findings) > 40  # the vocabulary rule did judge every spec


def _reports(root: Path, jobs: int, cache: Path | None = None, config: Path | None = None) -> dict[str, str]:
    """The text, JSON and SARIF reports of one ``check`` (with fixes, as the CLI runs it for them)."""
    options = LoadOptions(path=root, config_file=config, jobs=jobs, cache_dir=cache)
    outcome = run_check(CheckRequest(options, with_fixes=True, allow_empty=True))
    context = RenderContext(path=root, fail_on=outcome.fail_on, version="test")
    return {fmt: CHECK_RENDERERS[fmt](outcome.result, context) for fmt in FORMATS}


def _touch(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))


@pytest.mark.parametrize("name", ["broken", "heavy"])
def test_reports_are_the_same_bytes_serial_workers_cached_and_after_a_config_change(
    name: str, heavy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 8)  # a few dozen files go to workers too
    root = heavy if name == "heavy" else _copy(EXAMPLES / "broken", tmp_path / "broken")
    cache = tmp_path / "cache"
    serial = _reports(root, 1)
    assert _reports(root, 2) == serial
    assert _reports(root, 2, cache) == serial  # cold: the per-spec hits are cached with each parse
    for path in sorted(root.rglob("*.md"))[::3]:  # read again; the other files' hits come from the cache
        _touch(path)
    assert _reports(root, 2, cache) == serial
    assert _reports(root, 1, cache) == serial  # warm

    other = tmp_path / "other.toml"  # the same configuration, one more required field
    written = (root / ".speckit-graph.toml").read_text(encoding="utf-8")
    other.write_text('required-fields = ["id", "title", "status", "reviewer"]\n' + written, encoding="utf-8")
    changed = _reports(root, 1, config=other)
    assert "reviewer" in changed["json"] and "reviewer" not in serial["json"]
    assert _reports(root, 2, cache, other) == changed  # no stale hit from the cache of the other configuration
    assert _reports(root, 2, cache) == serial


def _copy(source: Path, target: Path) -> Path:
    for path in source.rglob("*"):
        if path.is_file():
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            (target / path.relative_to(source)).write_bytes(path.read_bytes())
    return target


def test_a_cache_of_parses_without_rule_hits_is_never_taken_for_one_with_them() -> None:
    assert fingerprint(Config(), "1.0") != fingerprint(Config(), "1.0", judge_tag())


def test_a_cache_written_by_the_language_server_gives_check_every_per_spec_finding(heavy: Path, tmp_path: Path) -> None:
    """The editor and ``check`` share the user's cache: what the editor stores must hold the per-spec hits."""
    from speckit_graph.lsp.workspace import Workspace

    cache = tmp_path / "cache"
    expected = _reports(heavy, 1)
    Workspace.open(heavy, cache_dir=cache)
    assert list(cache.iterdir()), "the language server wrote no cache"
    assert _reports(heavy, 1, cache) == expected


def test_unfixable_vocabulary_findings_do_not_read_their_files(heavy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A value that matches no allowed one even ignoring case has no fix: its file is not parsed again."""
    reads: list[str] = []
    original = fixes.FixContext._read

    def counted(self: fixes.FixContext, path: str) -> bytes:
        reads.append(path)
        return original(self, path)

    monkeypatch.setattr(fixes.FixContext, "_read", counted)
    run = run_cli("check", heavy, "--format", "json", "--no-cache")
    assert run.code == 1 and '"SG402"' in run.stdout
    fixable_paths = {path for path in reads}
    assert len(fixable_paths) < 10, sorted(fixable_paths)  # 50 files with SG402 findings; only the few real fixes read
