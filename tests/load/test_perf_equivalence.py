"""Speed must never change answers: cache, workers and fast paths give the same bytes.

A few hundred generated specs (benchmarks/generate.py, with its planted defects) are
checked with and without the cache, with one and two workers, after touching and editing
files and after changing the configuration; the report must be byte-identical to a plain
uncached run every time. The cache must live outside the repository and a broken cache
file must be ignored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.graph.suggest import Suggester
from speckit_graph.load import parallel
from speckit_graph.load.cache import FileCache
from speckit_graph.load.fastyaml import construct
from speckit_graph.render.findings.check_json import render_json
from speckit_graph.usecases.check import check as check_graph
from speckit_graph.usecases.check import check_path
from speckit_graph.usecases.load import load, resolve_config
from tests.conftest import assert_no_traceback, run_cli, speckit_graph_command
from tests.support.bench import generator

SPECS = 300


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    generator().generate(root, SPECS, seed=11)
    return root


def tree_digest(root: Path) -> str:
    """Every path (hidden ones too), its mode and content: any write shows up."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest.update(f"{path.relative_to(root)}\0{info.st_mode}\0{info.st_mtime_ns}\0".encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def check_json(root: Path, *options: str | Path) -> tuple[int, str]:
    run = run_cli("check", root, "--format", "json", *options)
    assert_no_traceback(run)
    assert run.code in (0, 1), run.stderr
    return run.code, run.stdout


def uncached(root: Path) -> tuple[int, str]:
    return check_json(root, "--no-cache", "--jobs", "1")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    info = path.stat()  # a new time even on file systems with coarse timestamps
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))


# ---------------------------------------------------------------------------------------
# The same bytes


def test_generated_repository_has_the_planted_defects(repo: Path) -> None:
    code, out = uncached(repo)
    codes = {finding["code"] for finding in json.loads(out)["findings"]}
    assert code == 1
    assert {"SG001", "SG004", "SG005", "SG101", "SG102", "SG201", "SG401", "SG402"} <= codes


def test_cache_cold_warm_touched_and_edited_give_the_same_report(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = uncached(repo)
    assert check_json(repo, "--cache-dir", cache) == expected  # cold: writes the cache
    assert list(cache.iterdir()), "the cache was not written"
    assert check_json(repo, "--cache-dir", cache) == expected  # warm: nothing changed

    files = sorted(repo.glob("area-*/*.md"))
    for path in files[::10]:  # touch: new time, same content
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    assert check_json(repo, "--cache-dir", cache) == expected
    for path in files[1::10]:  # edit the body only: same findings
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\nOne more paragraph.\n")
    assert check_json(repo, "--cache-dir", cache) == expected

    edit(files[3], "status: 'implemented'", "status: 'Implemented'")  # a real change
    (files[5]).unlink()
    (repo / "area-0000" / "new.md").write_text("---\nid: spec-new-001\ntitle: New\n---\n", encoding="utf-8")
    changed = uncached(repo)
    assert changed != expected
    assert check_json(repo, "--cache-dir", cache) == changed
    assert check_json(repo, "--cache-dir", cache) == changed


def test_one_and_two_workers_give_the_same_report(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 10)  # a few hundred files go to workers too
    config = resolve_config(repo)
    serial = render_json(check_path(repo, config, jobs=1), "repo")
    assert render_json(check_path(repo, config, jobs=2), "repo") == serial
    assert render_json(check_path(repo, config, jobs=3, cache_dir=tmp_path / "c"), "repo") == serial
    assert render_json(check_path(repo, config, jobs=2, cache_dir=tmp_path / "c"), "repo") == serial
    for path in sorted(repo.glob("area-*/*.md"))[::7]:
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    assert render_json(check_path(repo, config, jobs=2, cache_dir=tmp_path / "c"), "repo") == serial
    loaded_in_workers = check_graph(load(repo, config, jobs=2))
    assert render_json(loaded_in_workers, "repo") == render_json(check_graph(load(repo, config)), "repo")


def test_workers_hand_back_what_they_cannot_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Frontmatter nested deeper than pickle recurses is parsed in the main process instead."""
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    root = tmp_path / "deep"
    root.mkdir()
    deep = "x: " + "[" * 1500 + "]" * 1500
    for n in range(4):
        (root / f"s{n}.md").write_text(f"---\nid: spec-s-{n:03d}\ntitle: S\n{deep}\n---\n", encoding="utf-8")
    config = Config()
    expected = render_json(check_path(root, config, jobs=1), "deep")
    assert render_json(check_path(root, config, jobs=2, cache_dir=tmp_path / "c"), "deep") == expected
    assert render_json(check_path(root, config, jobs=2, cache_dir=tmp_path / "c"), "deep") == expected


# ---------------------------------------------------------------------------------------
# Where the cache lives, and what breaks it


def test_the_repository_is_never_written_and_the_cache_lives_in_the_user_cache_dir(repo: Path, tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    before = tree_digest(repo)
    for _ in range(2):
        run = run_cli("check", repo, "--format", "json", env={"XDG_CACHE_HOME": str(home)})
        assert run.code == 1
    assert tree_digest(repo) == before
    files = list((home / "speckit-graph").iterdir())
    assert len(files) == 1 and files[0].suffix == ".cache"
    assert (home / "speckit-graph").stat().st_mode & 0o077 == 0  # private: nobody else may plant a cache file


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"garbage" * 100,
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:40] + bytes(b ^ 0x5A for b in data[40:200]) + data[200:],  # bit rot in the header
        lambda data: b"",
    ],
    ids=["garbage", "truncated", "corrupt-header", "empty"],
)
def test_a_corrupt_cache_file_is_ignored(repo: Path, tmp_path: Path, damage: Any) -> None:
    cache = tmp_path / "cache"
    expected = uncached(repo)
    check_json(repo, "--cache-dir", cache)
    (file,) = cache.iterdir()
    file.write_bytes(damage(file.read_bytes()))
    assert check_json(repo, "--cache-dir", cache) == expected
    assert check_json(repo, "--cache-dir", cache) == expected  # and it was rewritten whole


def test_a_cache_file_others_can_write_is_not_loaded(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check_json(repo, "--cache-dir", cache)
    (file,) = cache.iterdir()
    file.chmod(0o666)
    loaded = FileCache.open(cache, repo, _only_fingerprint(cache))
    assert not loaded.loaded


def _only_fingerprint(cache: Path) -> str:
    """The fingerprint part of the one cache file's name is a prefix; read it from the header."""
    (file,) = cache.iterdir()
    from speckit_graph.load.cache import read_header

    return str(read_header(file)["fingerprint"])


def test_a_config_change_invalidates_the_cache(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    config_file = repo / ".speckit-graph.toml"
    config_file.write_text('[vocabulary]\nstatus = ["draft", "review", "approved", "implemented"]\n', encoding="utf-8")
    first = check_json(repo, "--cache-dir", cache)
    assert first == uncached(repo)
    config_file.write_text(
        '[vocabulary]\nstatus = ["draft", "review", "approved", "implemented", "Implemented", "Review"]\n'
        "[limits]\nmax-frontmatter-size = 900\n",
        encoding="utf-8",
    )
    second = check_json(repo, "--cache-dir", cache)
    assert second == uncached(repo)
    assert second != first  # the capitalised statuses are allowed now; the size limit bites
    assert len(list(cache.iterdir())) == 1  # the other configuration's cache file was removed


@pytest.mark.slow
def test_two_racing_runs_share_a_cache_safely(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = uncached(repo)
    command = [*speckit_graph_command(), "check", str(repo), "--format", "json", "--cache-dir", str(cache)]
    env = {**os.environ, "NO_COLOR": "1"}
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == expected[0], err
        assert out.decode() == expected[1]
    assert [p.name for p in cache.iterdir() if p.suffix == ".tmp"] == []
    assert check_json(repo, "--cache-dir", cache) == expected


def test_no_cache_writes_nothing(repo: Path, tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    run = run_cli("check", repo, "--no-cache", env={"XDG_CACHE_HOME": str(home)})
    assert run.code == 1 and not home.exists()


def test_bad_speed_options_are_usage_errors(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    for options in (["--jobs", "0"], ["--jobs", "many"], ["--cache-dir", str(tmp_path / "file")]):
        run = run_cli("check", repo, *options)
        assert run.code == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert_no_traceback(run)


# ---------------------------------------------------------------------------------------
# Fast paths that must agree with the slow ones


YAML_DOCUMENTS = [
    "id: a\ntitle: 'x'\ncreatedAt: 2024-01-02\nwhen: 2024-01-02 10:20:30\nn: 12\nf: 1.5\nb: yes\nz: ~\noct: 0o17\nsexa: 1:30",
    "list: [a, 'b', 3, null, [nested, {k: v}]]\nmap: {a: 1, b: [x, y]}\nempty: []\nblank:",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3",
    "a: &anchor [1, 2]\nb: *anchor\nc: *anchor",
    "s: !!set {a, b}\no: !!omap [a: 1, b: 2]\np: !!pairs [a: 1, a: 2]",
    "bin: !!binary aGVsbG8=\nstr: !!str 123\nint: !!int '7'\nfloat: !!float '1'",
    "dup: 1\ndup: 2\n1: int key\ntrue: bool key\n2024-01-01: date key",
    "deep: " + "[" * 80 + "]" * 80,
    "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
    "estimatedEffort: { { hours } }",  # unhashable key: PyYAML's own error
    "k: !custom value",  # unknown tag: PyYAML's own error
    "r: &r [*r]",  # recursive alias
]


@pytest.mark.parametrize("text", YAML_DOCUMENTS, ids=range(len(YAML_DOCUMENTS)))
def test_fast_yaml_construction_matches_pyyaml(text: str) -> None:
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def build(use_fast: bool) -> tuple[str, Any]:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            assert node is not None  # every document above has content
            value = construct(loader, node) if use_fast else loader.construct_document(node)
            return "ok", repr(value)
        except yaml.YAMLError as exc:
            return "error", str(exc)
        finally:
            loader.dispose()

    assert build(True) == build(False)


def test_suggestions_stay_cheap_and_useful_on_many_ids() -> None:
    ids = [f"spec-req-{noun}-{n:06d}" for n in range(20_000) for noun in ("cart",)]
    suggester = Suggester(ids)
    assert suggester.suggest("spec-req-cart-00042") == ["spec-req-cart-000042"]  # zero padding
    assert suggester.suggest("SPEC-REQ-CART-000043") == ["spec-req-cart-000043"]  # case
    assert "spec-req-cart-000044" in suggester.suggest("spec-req-crat-000044")  # transposed letters
    assert "spec-req-cart-000045" in suggester.suggest("spec-req-cart-000045x")
    assert suggester.suggest("something-else-entirely") == []


def test_config_is_picklable_for_workers() -> None:
    import pickle

    config = parse_config({"vocabulary": {"status": ["draft", "done"], "lifecycle": ["draft", "done"],
                                          "approval-status": "done"}, "aliases": {"id": ["key"]}})  # fmt: skip
    assert pickle.loads(pickle.dumps(config)) == config
    assert sys.getrecursionlimit() > 0


# ---------------------------------------------------------------------------------------
# The graph's own cycle search agrees with networkx on any graph


def _specs_of_edges(edges: list[tuple[int, int, int]], foreign: bool) -> list[Any]:
    """Specs s00..s11 (and a duplicate of s03) holding the edges; ``foreign``: all held by s00."""
    from speckit_graph.core.model import Link, LinkKind, Location, Spec

    kinds = list(LinkKind)
    specs: list[Any] = []
    for node in [*range(12), 3]:
        spec_id = f"s{node:02d}"
        path = f"{spec_id}-{len(specs)}.md"
        links = tuple(
            Link(f"s{source:02d}", f"s{target:02d}", kinds[kind % 3], "dependencies", Location(path, 1, 1))
            for source, target, kind in edges
            if (node == 0 if foreign else source == node)
        )
        specs.append(Spec(spec_id, path, Location(path, 1, 1), {}, {}, {}, links))
    return specs


def _networkx_reference(specs: list[Any]) -> Any:
    """The multigraph as build_graph made it before it became lazy: one add_edge per link."""
    import networkx as nx

    by_id: dict[str, list[Any]] = {}
    for spec in sorted(specs, key=lambda s: (s.id, s.path)):
        by_id.setdefault(spec.id, []).append(spec)
    graph = nx.MultiDiGraph()
    for spec_id in sorted(by_id):
        graph.add_node(spec_id)
    for spec_id in sorted(by_id):
        for link in (link for spec in by_id[spec_id] for link in spec.links):
            if link.target in by_id and not graph.has_edge(link.source, link.target, key=link.kind):
                graph.add_edge(link.source, link.target, key=link.kind, link=link)
    return graph


@pytest.mark.parametrize("seed", range(40))
def test_cycles_match_networkx_on_random_graphs(seed: int) -> None:
    import random

    import networkx as nx

    from speckit_graph.core.model import LinkKind
    from speckit_graph.graph.specgraph import build_graph

    rng = random.Random(seed)
    edges = [(rng.randrange(12), rng.randrange(14), rng.randrange(3)) for _ in range(rng.randrange(0, 40))]
    specs = _specs_of_edges(edges, foreign=seed % 5 == 0)
    graph = build_graph(specs)
    multigraph = _networkx_reference(specs)
    assert [data["link"] for _s, _t, data in multigraph.edges(data=True)] == list(graph.edges)
    assert list(multigraph.nodes) == list(graph.graph.nodes)
    for kind in LinkKind:
        view = graph.kind_graph(kind)
        expected_components = sorted(sorted(c) for c in nx.strongly_connected_components(view) if len(c) > 1)
        assert graph.cycle_components(kind) == expected_components
        expected_cycles = []
        for component in nx.strongly_connected_components(view):
            if len(component) > 1:
                cycle = [s for s, _t in nx.find_cycle(view.subgraph(component), source=min(component))]
                pivot = cycle.index(min(cycle))
                expected_cycles.append(cycle[pivot:] + cycle[:pivot])
        assert graph.find_cycles(kind) == sorted(expected_cycles)
        for node in graph.ids():
            degree = sum(1 for s, t in multigraph.in_edges(node) if s != t) + sum(
                1 for s, t in multigraph.out_edges(node) if s != t
            )
            assert graph.degree(node) == degree


# ---------------------------------------------------------------------------------------
# References (paths, labels, loose ids) survive the cache and the trip from a worker

REFERENCE_CONFIG = {
    "links": {"implements": {"fields": ["implements_req"], "like": "related"}},
    "frontmatter-block": "merge",
}


def _reference_repo(root: Path, count: int) -> Path:
    """Specs that link by path, Markdown link, loose id spelling and a named kind, plus bad paths."""
    for n in range(count):
        folder = root / f"area-{n % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        previous = f"../area-{(n - 1) % 3}/s{n - 1:03d}.md"
        lines = [
            "---",
            f"id: spec-s-{n:03d}",
            f"title: S {n}",
            "type: epic",
            "status: draft",
        ]
        if n:
            lines += [
                f"dependencies: [SPEC-S-{n - 1}]",  # loose spelling: resolves with SG106
                f"related: [{previous}, missing-{n}.md, https://example.org/x.md, ../../outside.md]",
                "implements_req: '[first](../area-0/s000.md)'",
            ]
        lines += ["---", "", f"# S {n}", ""]
        if n % 4 == 0:
            lines += ["---", "owner: team-" + str(n), "---", ""]  # a second block, merged
        (folder / f"s{n:03d}.md").write_text("\n".join(lines), encoding="utf-8")
    return root


def _link_rows(graph: Any) -> list[tuple[Any, ...]]:
    links = [*graph.edges, *graph.unresolved]
    for spec in graph.specs():
        links += [*spec.duplicate_links]
    return sorted(
        (
            link.source,
            link.target,
            link.kind.value,
            link.field,
            link.location.path,
            link.location.line,
            link.location.column,
            link.label,
            link.written,
        )
        for link in links
    )


def test_references_round_trip_through_cache_and_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)  # these few files go to workers too
    root = _reference_repo(tmp_path / "refs", 24)
    config = parse_config(REFERENCE_CONFIG)
    plain = check_path(root, config, jobs=1)
    serial = render_json(plain, "refs")
    codes = {finding.code for finding in plain.findings}
    assert {"SG101", "SG106"} <= codes, codes  # the resolution really ran on these specs
    expected_links = _link_rows(load(root, config, jobs=1))
    assert any(row[7] == "implements" for row in expected_links)  # Link.label
    assert any(row[8] is not None for row in expected_links)  # Link.written

    cache = tmp_path / "cache"
    assert render_json(check_path(root, config, jobs=2), "refs") == serial
    assert render_json(check_path(root, config, jobs=2, cache_dir=cache), "refs") == serial  # cold
    # Per-file results from the cache (load never reuses a whole remembered result).
    assert _link_rows(load(root, config, jobs=1, cache_dir=cache)) == expected_links
    assert _link_rows(load(root, config, jobs=2, cache_dir=cache)) == expected_links
    # One changed file: the memo is stale, every other file comes unpacked from the cache.
    edit(root / "area-0" / "s003.md", "title: S 3", "title: S three")
    changed = render_json(check_path(root, config, jobs=1), "refs")
    assert render_json(check_path(root, config, jobs=2, cache_dir=cache), "refs") == changed
    assert render_json(check_path(root, config, jobs=1, cache_dir=cache), "refs") == changed


def test_packing_keeps_every_field_of_an_unresolved_spec(tmp_path: Path) -> None:
    """pack/unpack is the identity on what read_spec_file returns, and on resolved links."""
    from speckit_graph.core.model import Link, LinkKind, Location
    from speckit_graph.load.loader import read_spec_file
    from speckit_graph.load.packing import pack_outcome, unpack_outcome

    root = _reference_repo(tmp_path / "refs", 6)
    config = parse_config(REFERENCE_CONFIG)
    seen_references = 0
    for path in sorted(root.rglob("*.md")):
        outcome = read_spec_file(root, path.relative_to(root).as_posix(), config)
        packed = pack_outcome(outcome.spec, outcome.issues, outcome.template)
        assert packed is not None
        assert unpack_outcome(packed) == (outcome.spec, outcome.issues, outcome.template)
        seen_references += len(outcome.spec.references) if outcome.spec is not None else 0
    assert seen_references > 0
    spec = load(root, config, jobs=1).get("spec-s-002")
    assert spec is not None and any(link.label or link.written for link in spec.links)
    packed = pack_outcome(spec, [], False)
    assert packed is not None and unpack_outcome(packed)[0] == spec
    labelled = Link("a", "b", LinkKind.RELATED, "implements_req", Location("a.md", 3, 5), "implements", "b.md")
    packed = pack_outcome(dataclasses.replace(spec, links=(labelled,)), [], False)
    assert packed is not None
    unpacked = unpack_outcome(packed)[0]
    assert unpacked is not None and unpacked.links == (labelled,)


def test_second_block_search_matches_the_plain_regex() -> None:
    """The ``---``-guided search finds exactly what ``finditer`` finds, a block at offset 0 included."""
    import random

    from speckit_graph.load.frontmatter import _SECOND_BLOCK, _second_blocks

    pieces = [b"---\n", b"--- \n", b"---\r\n", b"a: 1\n", b"key: v\n", b"text\n", b"|---|---|\n", b"\n", b"  ---\n",
              b"x---\n", b"b:\n", b"```\n"]  # fmt: skip
    rng = random.Random(7)
    for _ in range(5000):
        body = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        expected = [(m.start(), m.end()) for m in _SECOND_BLOCK.finditer(body)]
        assert [(m.start(), m.end()) for m in _second_blocks(body)] == expected, body
    assert [m.start() for m in _second_blocks(b"---\nowner: x\n---\n")] == [0]
