"""Benchmark ``speckit-graph check`` against the parse floor, Doorstop and StrictDoc.

    python benchmarks/run.py --sizes 1000,10000,100000

Run it with the Python that has speckit-graph installed (``.venv/bin/python``). For each
size it generates a repository (``generate.py``, cached under ``--out``) and measures,
as the median of ``--runs`` runs:

- the parse floor (``floor.py``: read every file, PyYAML's C loader, one process);
- ``speckit-graph check`` cold (empty cache folder), warm (nothing changed) and after
  editing 1% of the files (a line appended to their bodies: parse, graph and every rule
  again for those, cache for the rest);
- peak memory: the largest resident set of the command and its workers (``wait4``);
- unless ``--no-extended``: cold runs of ``check`` on the findings-heavy variant (the same
  specs with a vocabulary the configuration does not know), ``diff HEAD~1..HEAD`` and
  ``check --history`` on the specs as a git repository whose second commit edits 1% of them,
  ``report --format html`` (and its size), and start-up (``--version``, ``--help``,
  ``check`` of ``examples/checkout``, and the floors: bare Python, Python importing PyYAML;
  ``--startup-only`` measures just these, at least 5 runs, median and best);
- the same specs as a Doorstop tree and StrictDoc documents (``convert.py``), validated by
  each tool's own command, installed into ``benchmarks/.venv-compare`` on first use
  (``--compare-runs`` runs, ``--compare-timeout`` seconds each, sizes in
  ``--compare-sizes``).

It prints a Markdown table (also written to ``OUT/results.md``, raw numbers to
``OUT/results.json``) and checks that cold, warm and edited runs print the same report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import convert  # noqa: E402
import generate  # noqa: E402

COMPARE_VENV = HERE / ".venv-compare"
COMPARE_PACKAGES = ("doorstop", "strictdoc")


@dataclass
class Timing:
    """One command run: wall and CPU seconds (its workers included), peak RSS, exit code."""

    wall: float
    cpu: float
    max_rss_mb: float
    code: int | None  # None: timed out

    @property
    def timed_out(self) -> bool:
        return self.code is None


@dataclass
class SizeResult:
    specs: int
    files: int = 0
    floor: list[Timing] = field(default_factory=list)
    cold: list[Timing] = field(default_factory=list)
    warm: list[Timing] = field(default_factory=list)
    edited: list[Timing] = field(default_factory=list)
    doorstop: list[Timing] = field(default_factory=list)
    doorstop_fast: list[Timing] = field(default_factory=list)
    strictdoc: list[Timing] = field(default_factory=list)
    compare_timeout: float = 0.0
    same_output: bool = True
    findings: int = 0
    # The other commands (--extended): findings-heavy cold check, diff, check --history, report html.
    heavy_cold: list[Timing] = field(default_factory=list)
    heavy_findings: int = 0
    diff: list[Timing] = field(default_factory=list)
    history: list[Timing] = field(default_factory=list)
    report_html: list[Timing] = field(default_factory=list)
    report_bytes: int = 0


def measure(cmd: Sequence[str], cwd: Path | None = None, timeout: float | None = None, env: dict[str, str] | None = None,
            stdout: Path | None = None) -> Timing:  # fmt: skip
    """Run ``cmd`` in its own process group; wall, CPU and peak RSS from ``wait4``."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            env=env, start_new_session=True)  # fmt: skip
    deadline = None if timeout is None else start + timeout
    code: int | None = None
    try:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if deadline is not None and time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)  # the tool and every process it started
                _pid, _status, usage = os.wait4(proc.pid, 0)
                code = None
                break
            time.sleep(0.01)
    finally:
        proc.returncode = 0  # reaped by wait4 above; keep Popen from waiting again
        if stdout:
            out.close()  # type: ignore[union-attr]
    wall = time.perf_counter() - start
    return Timing(round(wall, 3), round(usage.ru_utime + usage.ru_stime, 3), round(usage.ru_maxrss / 1024, 1), code)


def median(timings: list[Timing], attr: str = "wall") -> float:
    return statistics.median(getattr(t, attr) for t in timings)


# ---------------------------------------------------------------------------------------
# Steps


def ensure_repo(out: Path, n: int, seed: int) -> Path:
    repo = out / f"repo-{n}"
    meta = repo / "benchmark-repo.json"
    wanted = {"specs": n, "seed": seed}
    try:
        have = json.loads(meta.read_text(encoding="utf-8"))
        if all(have.get(k) == v for k, v in wanted.items()):
            return repo
    except (OSError, ValueError):
        pass
    start = time.perf_counter()
    info = generate.generate(repo, n, seed)
    log(f"generated {info['files']} files in {repo} ({time.perf_counter() - start:.1f} s)")
    for stale in (out / f"doorstop-{n}", out / f"strictdoc-{n}"):
        shutil.rmtree(stale, ignore_errors=True)
    return repo


def edit_one_percent(repo: Path, round_: int) -> int:
    """Append a line to the body of every 100th spec file: their content and time change."""
    files = sorted(repo.glob("area-*/*.md"))
    edited = 0
    for path in files[round_ % 100 :: 100]:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"\n<!-- edited in benchmark round {round_} -->\n")
        edited += 1
    return edited


def check_cmd(repo: Path, cache: Path, jobs: int | None, output: Path) -> list[str]:
    cmd = [sys.executable, "-m", "speckit_graph", "check", str(repo), "--format", "json", "--output", str(output),
           "--cache-dir", str(cache)]  # fmt: skip
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    return cmd


def bench_size(args: argparse.Namespace, n: int) -> SizeResult:
    out: Path = args.out
    result = SizeResult(specs=n)
    repo = ensure_repo(out, n, args.seed)
    result.files = sum(1 for _ in repo.rglob("*.md"))
    drop_caches_note = "page cache warm (files read once before timing)"
    measure([sys.executable, str(HERE / "floor.py"), str(repo)])  # warm the OS page cache
    for _ in range(args.runs):
        result.floor.append(measure([sys.executable, str(HERE / "floor.py"), str(repo)]))
    log(f"{n}: floor {median(result.floor):.2f} s ({drop_caches_note})")

    cache = out / f"cache-{n}"
    reports = out / f"reports-{n}"
    reports.mkdir(parents=True, exist_ok=True)
    outputs: list[Path] = []
    for run in range(args.runs):
        shutil.rmtree(cache, ignore_errors=True)
        target = reports / f"cold-{run}.json"
        timing = measure(check_cmd(repo, cache, args.jobs, target))
        _require_ok(timing, "check (cold)")
        result.cold.append(timing)
        outputs.append(target)
    log(f"{n}: check cold {median(result.cold):.2f} s, peak {max(t.max_rss_mb for t in result.cold):.0f} MB")
    for run in range(args.runs):
        target = reports / f"warm-{run}.json"
        timing = measure(check_cmd(repo, cache, args.jobs, target))
        _require_ok(timing, "check (warm)")
        result.warm.append(timing)
        outputs.append(target)
    log(f"{n}: check warm {median(result.warm):.2f} s")
    for run in range(args.runs):
        edit_one_percent(repo, run)
        target = reports / f"edited-{run}.json"
        timing = measure(check_cmd(repo, cache, args.jobs, target))
        _require_ok(timing, "check (after editing 1%)")
        result.edited.append(timing)
        outputs.append(target)
    log(f"{n}: check after editing 1% {median(result.edited):.2f} s")
    texts = {path.read_bytes() for path in outputs}
    result.same_output = len(texts) == 1
    result.findings = len(json.loads(outputs[0].read_text(encoding="utf-8"))["findings"])
    if not result.same_output:
        log(f"{n}: WARNING: cold, warm and edited runs printed different reports (see {reports})")

    if args.extended:
        bench_commands(args, n, result)
    if args.compare and n in args.compare_sizes:
        compare(args, n, repo, result)
    return result


def speckit(*args: str) -> list[str]:
    return [sys.executable, "-m", "speckit_graph", *args]


def git_repo(out: Path, n: int, seed: int) -> Path:
    """The generated specs as a git repository of two commits, the second editing 1% of the files."""
    repo = out / f"git-{n}"
    if (repo / ".git").exists():
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    generate.generate(repo, n, seed)
    git = ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "specs"], cwd=repo, check=True)
    edit_one_percent(repo, 0)
    subprocess.run([*git, "commit", "-qam", "edit 1%"], cwd=repo, check=True)
    return repo


def bench_commands(args: argparse.Namespace, n: int, result: SizeResult) -> None:
    """Cold runs (no cache) of the findings-heavy check, diff, check --history and report --format html."""
    out: Path = args.out
    jobs = ["--jobs", str(args.jobs)] if args.jobs is not None else []
    heavy = out / f"heavy-{n}"
    if not (heavy / ".speckit-graph.toml").exists():
        generate.generate(heavy, n, args.seed, foreign=True)
    git = git_repo(out, n, args.seed)
    reports = out / f"reports-{n}"
    for run in range(args.runs):
        target = reports / f"heavy-{run}.json"
        timing = measure(speckit("check", str(heavy), "--no-cache", "--format", "json", "-o", str(target), *jobs))
        _require_ok(timing, "check (findings-heavy)")
        result.heavy_cold.append(timing)
        result.heavy_findings = len(json.loads(target.read_text(encoding="utf-8"))["findings"])
        timing = measure(speckit("diff", "HEAD~1..HEAD", str(git), "--no-cache", "--format", "json", *jobs))
        _require_ok(timing, "diff")
        result.diff.append(timing)
        timing = measure(speckit("check", str(git), "--history", "--no-cache", "--format", "json", *jobs))
        _require_ok(timing, "check --history")
        result.history.append(timing)
        html = reports / f"report-{run}.html"
        timing = measure(speckit("report", str(repo_of(out, n)), "--no-cache", "--format", "html", "-o", str(html), *jobs))
        _require_ok(timing, "report --format html")
        result.report_html.append(timing)
        result.report_bytes = html.stat().st_size
    log(f"{n}: findings-heavy {median(result.heavy_cold):.2f} s ({result.heavy_findings:,} findings), "
        f"diff {median(result.diff):.2f} s, --history {median(result.history):.2f} s, "
        f"report html {median(result.report_html):.2f} s ({result.report_bytes / 1e6:.1f} MB)")  # fmt: skip


def repo_of(out: Path, n: int) -> Path:
    return out / f"repo-{n}"


def startup(runs: int) -> dict[str, list[Timing]]:
    """Start-up, independent of size: ``--version``, ``--help``, ``check`` of the 30-spec example, and
    the floors: bare Python and Python importing PyYAML (which every check needs)."""
    example = HERE.parent / "examples" / "checkout"
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import yaml"': [sys.executable, "-c", "import yaml"],
        "--version": speckit("--version"),
        "--help": speckit("--help"),
        "check examples/checkout": speckit("check", str(example), "--no-cache"),
    }
    return {label: [measure(cmd) for _ in range(max(runs, 5))] for label, cmd in cases.items()}


def _require_ok(timing: Timing, what: str) -> None:
    if timing.code not in (0, 1):
        sys.exit(f"benchmark: {what} failed with exit code {timing.code}; run it by hand to see why")


def compare_python() -> Path:
    """The virtual environment with Doorstop and StrictDoc, created on first use."""
    python = COMPARE_VENV / ("Scripts" if os.name == "nt" else "bin") / "python"
    if not python.exists():
        log(f"installing {', '.join(COMPARE_PACKAGES)} into {COMPARE_VENV} (once)")
        subprocess.run([sys.executable, "-m", "venv", str(COMPARE_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *COMPARE_PACKAGES], check=True)
    return python


def compare(args: argparse.Namespace, n: int, repo: Path, result: SizeResult) -> None:
    python = compare_python()
    bindir = python.parent
    out: Path = args.out
    pristine_doorstop, pristine_strictdoc = out / f"doorstop-{n}", out / f"strictdoc-{n}"
    if not pristine_doorstop.exists() or not pristine_strictdoc.exists():
        items = convert.read_repo(repo)
        convert.to_doorstop(items, pristine_doorstop)
        convert.to_strictdoc(items, pristine_strictdoc)
    result.compare_timeout = args.compare_timeout
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    work = out / f"compare-work-{n}"
    for label, flags, bucket in (("Doorstop", [], result.doorstop), ("Doorstop -F -S -W", ["-F", "-S", "-W"],
                                                                        result.doorstop_fast)):  # fmt: skip
        for _ in range(args.compare_runs):
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(pristine_doorstop, work, symlinks=True)  # validation rewrites item files
            timing = measure([str(bindir / "doorstop"), *flags], cwd=work, timeout=args.compare_timeout, env=env)
            bucket.append(timing)
            log(f"{n}: {label}: {_cell(timing)}")
    for _ in range(args.compare_runs):
        shutil.rmtree(work, ignore_errors=True)  # a fresh output folder: StrictDoc keeps its cache there
        cmd = [str(bindir / "strictdoc"), "export", "--formats", "json", "--output-dir", str(work / "out"),
               str(pristine_strictdoc)]  # fmt: skip
        timing = measure(cmd, timeout=args.compare_timeout, env=env)
        result.strictdoc.append(timing)
        log(f"{n}: StrictDoc export: {_cell(timing)}")
    shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# Report


def _cell(timing: Timing | None) -> str:
    if timing is None:
        return "not run"
    if timing.timed_out:
        return f"timed out after {timing.wall:.0f} s"
    return f"{timing.wall:.2f} s"


def _median_cell(timings: list[Timing], with_cpu: bool = True) -> str:
    if not timings:
        return "not run"
    if any(t.timed_out for t in timings):
        return f"timed out after {max(t.wall for t in timings):.0f} s"
    if any(t.code not in (0, 1) for t in timings):
        return f"failed (exit {timings[0].code})"
    text = f"{median(timings):.2f} s"
    return f"{text} (cpu {median(timings, 'cpu'):.1f})" if with_cpu else text


def table(results: list[SizeResult]) -> str:
    lines = [
        "| specs | parse floor, 1 process | check cold | cold / floor | check warm | check after editing 1% "
        "| peak memory (cold) | Doorstop | Doorstop `-F -S -W` | StrictDoc export |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = f"{median(r.cold) / median(r.floor):.2f}x" if r.floor and r.cold else ""
        peak = f"{max(t.max_rss_mb for t in r.cold):.0f} MB" if r.cold else ""
        lines.append(
            f"| {r.specs:,} | {_median_cell(r.floor)} | {_median_cell(r.cold)} | {ratio} | {_median_cell(r.warm)} "
            f"| {_median_cell(r.edited)} | {peak} | {_median_cell(r.doorstop, False)} "
            f"| {_median_cell(r.doorstop_fast, False)} | {_median_cell(r.strictdoc, False)} |"
        )
    return "\n".join(lines)


def commands_table(results: list[SizeResult]) -> str:
    """The other commands, cold (no cache), against the cold check of the same size."""
    lines = [
        "| specs | check cold | findings-heavy check cold | diff HEAD~1..HEAD (1% edited) | diff / cold "
        "| check --history | --history / cold | report --format html | report / cold | HTML size |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if not r.diff:
            continue
        cold = median(r.cold)
        lines.append(
            f"| {r.specs:,} | {_median_cell(r.cold)} | {_median_cell(r.heavy_cold)} ({r.heavy_findings:,} findings) "
            f"| {_median_cell(r.diff)} | {median(r.diff) / cold:.2f}x | {_median_cell(r.history)} "
            f"| {median(r.history) / cold:.2f}x | {_median_cell(r.report_html)} | {median(r.report_html) / cold:.2f}x "
            f"| {r.report_bytes / 1e6:.1f} MB |"
        )
    return "\n".join(lines)


def startup_table(timings: dict[str, list[Timing]]) -> str:
    """Median and best of each: on a shared machine the best run is the one least disturbed."""
    lines = ["| start-up | median wall | median cpu | best wall | best cpu |", "|---|---:|---:|---:|---:|"]
    for label, runs in timings.items():
        best_wall, best_cpu = min(t.wall for t in runs), min(t.cpu for t in runs)
        lines.append(f"| `{label}` | {median(runs):.2f} s | {median(runs, 'cpu'):.2f} s | {best_wall:.2f} s | {best_cpu:.2f} s |")
    return "\n".join(lines)


def machine() -> dict[str, object]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import yaml

        pyyaml = f"{yaml.__version__} (libyaml: {yaml.__with_libyaml__})"
    except ImportError:  # pragma: no cover
        pyyaml = "missing"
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "pyyaml": pyyaml,
        "platform": platform.platform(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def compile_package() -> None:
    """Write speckit-graph's bytecode before timing anything, as ``pip install`` does for users.

    An editable install never compiles, and with ``PYTHONDONTWRITEBYTECODE`` set (some CI images
    and sandboxes set it) every run compiles every module it imports from source again: about
    0.15 s of start-up that no installed copy pays. ``compileall`` writes the files regardless.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("speckit_graph")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark speckit-graph check (see the module docstring).")
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated spec counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the table shows medians")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for check (default: its own, one per CPU)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="work folder (repositories, caches, results)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-compare", dest="compare", action="store_false", help="skip Doorstop and StrictDoc")
    parser.add_argument("--compare-sizes", default=None, help="sizes to run the other tools on (default: up to 10,000)")
    parser.add_argument("--compare-runs", type=int, default=1)
    parser.add_argument("--compare-timeout", type=float, default=900.0, help="seconds before another tool is stopped")
    parser.add_argument("--no-extended", dest="extended", action="store_false",
                        help="skip the findings-heavy check, diff, check --history, report html and start-up")  # fmt: skip
    parser.add_argument("--startup-only", action="store_true",
                        help="measure start-up only (no repository generated), --runs times (at least 5)")  # fmt: skip
    args = parser.parse_args(argv)
    compile_package()
    if args.startup_only:
        before = machine()
        text = startup_table(startup(args.runs))
        print(f"{text}\n\nLoad average {before['load_average']} before, {machine()['load_average']} after; "
              f"Python {before['python']} ({sys.executable}).")  # fmt: skip
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.compare_sizes = (
        {int(s) for s in args.compare_sizes.split(",") if s.strip()} if args.compare_sizes else {s for s in sizes if s <= 10_000}
    )
    args.out.mkdir(parents=True, exist_ok=True)
    before = machine()
    results = [bench_size(args, n) for n in sizes]
    text = table(results)
    if args.extended:
        text += "\n\n" + commands_table(results) + "\n\n" + startup_table(startup(args.runs))
    after = machine()
    notes = [
        f"Machine: {before['cores']} cores ({before['usable_cores']} usable), {before['cpu']}, Python {before['python']}, "
        f"PyYAML {before['pyyaml']}; load average {before['load_average']} before, {after['load_average']} after.",
        f"Medians of {args.runs} runs (other tools: {args.compare_runs} run, stopped after {args.compare_timeout:.0f} s); "
        "cpu = user + system seconds of the command and its workers.",
        "Reports identical across cold, warm and edited runs: "
        + ", ".join(f"{r.specs:,}: {'yes' if r.same_output else 'NO'}" for r in results)
        + ".",
    ]
    print(text + "\n\n" + "\n".join(notes))
    (args.out / "results.md").write_text(text + "\n\n" + "\n".join(notes) + "\n", encoding="utf-8")
    raw = {"machine_before": before, "machine_after": after, "args": {k: str(v) for k, v in vars(args).items()},
           "results": [asdict(r) for r in results]}  # fmt: skip
    (args.out / "results.json").write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.same_output for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
