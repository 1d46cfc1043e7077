"""Time the trace scan (``[trace]``) over a generated monorepo of source files.

    python benchmarks/bench_trace.py 50000 --jobs 2
    python benchmarks/bench_trace.py 10000 --profile   # cProfile of one cold scan in one process

writes N source files (about 3 KiB each, 40 per folder; every tenth one mentions a spec
after a marker, every twentieth a bare id in a comment, one in a thousand an unknown id)
plus a few binaries and oversized files, then times the scan cold (no cache), warm (cache,
nothing changed) and after touching 1% of the files. The target is under 5 s cold on 2 cores.
The machine's load average is printed with the numbers: the machine may be shared.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from speckit_graph.config.trace import TraceSettings  # noqa: E402
from speckit_graph.trace.collect import collect  # noqa: E402
from speckit_graph.trace.shapes import IdShapes  # noqa: E402

SPECS = 2000
FILLER = [
    "def handler_{n}(request, context):",
    '    """Handle the request and return a response; see the module docs."""',
    "    value = compute(request.payload, retries=3, timeout=2.5)  # bounded retries",
    "    if value is None:",
    "        raise ValueError('no value for ' + str(request.id))",
    "    return {{'status': 200, 'body': value, 'trace': context.trace_id}}",
    "",
]


def source(n: int, rng: random.Random) -> bytes:
    lines = [f'"""Module {n}: generated for the trace benchmark."""', "", "import os", "import sys", ""]
    for block in range(14):
        lines += [line.format(n=n * 100 + block) for line in FILLER]
    if n % 10 == 0:
        lines.insert(1, f"Implements: spec-s-{rng.randrange(SPECS):06d}, spec-s-{rng.randrange(SPECS):06d}")
    if n % 20 == 0:
        lines.append(f"# keeps spec-s-{rng.randrange(SPECS):06d} working")
    if n % 1000 == 0:
        lines.append("# @spec spec-s-999999")
    return "\n".join(lines).encode()


def generate(root: Path, files: int) -> None:
    rng = random.Random(18)
    for n in range(files):
        folder = root / "src" / f"pkg{n // 1000:03d}" / f"mod{(n // 40) % 25:02d}"
        if n % 40 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"file{n:06d}.py").write_bytes(source(n, rng))
    (root / "src" / "pkg000" / "blob.py").write_bytes(b"\x00" * 4096)
    (root / "src" / "pkg000" / "huge.py").write_bytes(b"# x\n" * 400_000)


def _cpu() -> float:
    """CPU seconds of this process and its finished workers: what the scan costs whatever the load."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def timed(label: str, run: object) -> float:
    start, cpu = time.perf_counter(), _cpu()
    index = run()  # type: ignore[operator]
    elapsed, used = time.perf_counter() - start, _cpu() - cpu
    print(
        f"{label:<28} {elapsed:6.2f} s wall, {used:6.2f} s CPU  "
        f"({index.files_scanned} files, {len(index.mentions)} mentions, {len(index.skipped)} skipped)"
    )
    return elapsed


def profile(run: Callable[[], object]) -> None:
    """Where a cold scan spends its time, by function (own time first): what to remove next."""
    profiler = cProfile.Profile()
    profiler.runcall(run)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=int, nargs="?", default=50_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one cold scan in this process instead")
    args = parser.parse_args()
    shapes = IdShapes.of([f"spec-s-{i:06d}" for i in range(SPECS)] + ["spec-epic-000000"])
    settings = TraceSettings(code=("src/**/*.py",))
    with tempfile.TemporaryDirectory(prefix="bench-trace-") as temp:
        root, cache = Path(temp) / "repo", Path(temp) / "cache"
        root.mkdir()
        start = time.perf_counter()
        generate(root, args.files)
        print(f"generated {args.files:,} files in {time.perf_counter() - start:.1f} s; jobs={args.jobs}; cpus={os.cpu_count()}")

        def scan(cache_dir: Path | None) -> object:
            return lambda: collect(root, root, settings, shapes, results_limit=1 << 24, jobs=args.jobs, cache_dir=cache_dir)

        print(f"load average before: {os.getloadavg()}")
        if args.profile:
            profile(lambda: collect(root, root, settings, shapes, results_limit=1 << 24, jobs=1))
            return
        cold = timed("cold, no cache", scan(None))
        timed("cold, filling the cache", scan(cache))
        timed("warm, nothing changed", scan(cache))
        for n in range(0, args.files, 100):
            path = root / "src" / f"pkg{n // 1000:03d}" / f"mod{(n // 40) % 25:02d}" / f"file{n:06d}.py"
            path.write_bytes(path.read_bytes() + b"\n# edited\n")
        timed("1% of the files edited", scan(cache))
        print(f"load average after: {os.getloadavg()}")
        print(f"target: cold under 5 s on 2 cores: {'met' if cold < 5 else 'NOT met'} ({cold:.2f} s)")


if __name__ == "__main__":
    main()
