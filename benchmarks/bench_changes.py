"""Time ``check --history``, ``diff`` and ``tree`` on a generated git repository.

    python benchmarks/bench_changes.py 100000 --commits 6

builds (with ``git fast-import``, in seconds) a repository of N specs: one commit adding them
all, then commits that each edit 5% of the specs, alternating substantive body edits and
cosmetic ``updatedAt`` bumps, and one that moves 1% of the files. It then times the api
calls the commands make. Nothing is written outside the temporary folder.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speckit_graph.config.model import Config  # noqa: E402
from speckit_graph.usecases.check import check as check_graph
from speckit_graph.usecases.diff import compare_revisions
from speckit_graph.usecases.history import load_history, with_history
from speckit_graph.usecases.load import load
from speckit_graph.usecases.tree import spec_tree


def spec_text(i: int, n: int, rng: random.Random, updated: str, body: str) -> bytes:
    epic = (i // 100) * 100
    parent = f"spec-epic-{epic:06d}" if i != epic else ""
    earlier = [j for j in (rng.randrange(max(1, i)) for _ in range(rng.randint(0, 3))) if j % 100]
    deps = sorted({f"spec-s-{j:06d}" for j in earlier})
    spec_id = f"spec-epic-{i:06d}" if i == epic else f"spec-s-{i:06d}"
    lines = [
        "---",
        f"id: {spec_id}",
        f"title: Spec {i}",
        "type: epic" if i == epic else "type: user_story",
        "status: draft",
        f"updatedAt: {updated}",
        f"parent: {parent}" if parent else "parent: ''",
        f"dependencies: [{', '.join(d for d in deps if i != epic)}]",
        "---",
        "",
        body,
        "",
    ]
    return "\n".join(lines).encode()


def build(root: Path, n: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    rng = random.Random(7)
    paths = {i: f"specs/{i // 1000:03d}/spec-{i:06d}.md" for i in range(n)}
    bodies = {i: f"Spec number {i} does things." for i in range(n)}
    stream: list[bytes] = []

    def commit(number: int, files: dict[str, bytes], deletes: list[str] = ()) -> None:  # type: ignore[assignment]
        when = 1_700_000_000 + number * 86_400
        message = f"commit {number}".encode()
        stream.append(f"commit refs/heads/main\ncommitter Bench <b@example.invalid> {when} +0000\n".encode())
        stream.append(b"data %d\n%s\n" % (len(message), message))
        for path in deletes:
            stream.append(f"D {path}\n".encode())
        for path, data in files.items():
            stream.append(f"M 100644 inline {path}\n".encode() + b"data %d\n" % len(data) + data + b"\n")

    commit(0, {paths[i]: spec_text(i, n, random.Random(i), "2024-01-01", bodies[i]) for i in range(n)})
    for number in range(1, commits + 1):
        chosen = rng.sample(range(n), max(1, n // 20))
        files: dict[str, bytes] = {}
        deletes: list[str] = []
        if number == commits:  # the last commit moves 1% of the files
            for i in rng.sample(range(n), max(1, n // 100)):
                deletes.append(paths[i])
                paths[i] = paths[i].replace(".md", "-moved.md")
                files[paths[i]] = spec_text(i, n, random.Random(i), "2024-01-01", bodies[i])
        else:
            for i in chosen:
                if number % 2:
                    bodies[i] += f" Edited in commit {number}."
                updated = f"2024-02-{number:02d}" if number % 2 == 0 else "2024-01-01"
                files[paths[i]] = spec_text(i, n, random.Random(i), updated, bodies[i])
        commit(number, files, deletes)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def timed(label: str, action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("specs", type=int, nargs="?", default=20_000)
    parser.add_argument("--commits", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        timed(f"generate {args.specs:,} specs, {args.commits + 1} commits", lambda: build(root, args.specs, args.commits))
        specs = root / "specs"
        config = Config()
        graph = timed("load (working tree)", lambda: load(specs, config))
        history = timed("read history (log + blobs)", lambda: load_history(graph, specs, config))
        attached = with_history(graph, history)
        result = timed("check with SG305", lambda: check_graph(attached, config))
        suspects = sum(1 for f in result.findings if f.code == "SG305")
        print(f"  {suspects:,} suspect links, {len(result.findings):,} findings")
        diff = timed("diff HEAD~3 (two revisions from git)", lambda: compare_revisions(specs, "HEAD~3", "HEAD", config).diff)
        print(f"  {diff.counts()}")
        timed("diff HEAD~3 against the working tree", lambda: compare_revisions(specs, "HEAD~3", None, config).diff)
        cache = Path(tmp) / "cache"  # blobs kept by path and blob id: the second run parses none
        timed("diff HEAD~3 HEAD, cache cold", lambda: compare_revisions(specs, "HEAD~3", "HEAD", config, cache_dir=cache).diff)
        timed("diff HEAD~3 HEAD, cache warm", lambda: compare_revisions(specs, "HEAD~3", "HEAD", config, cache_dir=cache).diff)
        timed("tree of the first epic, all directions", lambda: spec_tree(graph, "spec-epic-000000"))


if __name__ == "__main__":
    main()
