"""Latency of the language server's diagnostics after a one-line edit (issue 17: under 100 ms).

    python benchmarks/bench_lsp.py [--specs 10000] [--repeat 20]

Generates a repository with benchmarks/generate.py, opens it as the server does
(:meth:`Workspace.open`, through a fresh cache folder), then times
:meth:`Workspace.update` plus turning the changed files' findings into LSP diagnostics,
which is what happens after the debounce, for three kinds of one-line edits: a status
changed, a body line added, a dependency added (which re-finds cycles in the whole graph).
Prints the median and the worst per kind.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from speckit_graph.lsp.server import diagnostic  # noqa: E402
from speckit_graph.lsp.workspace import Workspace  # noqa: E402


def _edits(text: bytes, other: str) -> dict[str, bytes]:
    lines = text.split(b"\n")
    status = next(i for i, line in enumerate(lines) if line.startswith(b"status:"))
    deps = next(i for i, line in enumerate(lines) if line.startswith(b"dependencies:"))

    def replaced(index: int, line: bytes) -> bytes:
        return b"\n".join([*lines[:index], line, *lines[index + 1 :]])

    return {
        "status": replaced(status, b"status: 'review'"),
        "body": text + b"\nOne more line of prose.\n",
        "dependency": replaced(deps, b"dependencies: ['" + other.encode() + b"']"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root, cache = Path(tmp) / "repo", Path(tmp) / "cache"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(root), "--specs", str(args.specs)], check=True)
        started = time.perf_counter()
        workspace = Workspace.open(root, cache_dir=cache)
        print(f"start-up (cold cache): {time.perf_counter() - started:.2f} s for {len(workspace.by_id)} specs")
        started = time.perf_counter()
        Workspace.open(root, cache_dir=cache)
        print(f"start-up (warm cache): {time.perf_counter() - started:.2f} s")
        ids = sorted(workspace.by_id)
        paths = [workspace.by_id[i].path for i in ids[:: max(1, len(ids) // args.repeat)]][: args.repeat]
        for kind in ("status", "body", "dependency"):
            timings = []
            for number, path in enumerate(paths):
                original = (root / path).read_bytes()
                edited = _edits(original, ids[(number * 7919) % len(ids)])[kind]
                for data in (edited, original):
                    started = time.perf_counter()
                    for changed in sorted(workspace.update(path, data)):
                        lines = (root / changed).read_text(encoding="utf-8", errors="replace").splitlines()
                        [diagnostic(item, lines) for item in workspace.per_file.get(changed, ())]
                    timings.append(time.perf_counter() - started)
            ms = sorted(t * 1000 for t in timings)
            print(f"{kind:>10} edit: median {statistics.median(ms):7.1f} ms, worst {ms[-1]:7.1f} ms ({len(ms)} edits)")


if __name__ == "__main__":
    main()
