"""Benchmark ``speckit-graph graph`` on synthetic repositories of 100, 1,000 and 10,000 specs.

Not a test: it prints seconds. Each size gets a generated repository (epics, features,
stories, services, APIs, data models and UI specs with realistic parent/dependency/related
links, a few dangling links and one dependency cycle), then the command runs end to end,
as a user would, with default options; a second row draws every spec (``--collapse never``).

    python benchmarks/bench_graph.py                  # 100, 1000, 10000
    python benchmarks/bench_graph.py --sizes 100 500 --format dot --keep /tmp/repos

Generated repositories go to a temporary folder (or --keep DIR, reused when present).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARES = {  # fraction of the repository per type, besides epics
    "functional_requirement": 0.12,
    "user_story": 0.50,
    "service_spec": 0.08,
    "api_spec": 0.09,
    "data_model": 0.06,
    "ui_spec": 0.07,
}
STATUSES = ("draft", "review", "approved", "implemented", "deprecated")
STATUS_WEIGHTS = (0.25, 0.2, 0.25, 0.27, 0.03)


def make_repo(root: Path, size: int, seed: int = 7) -> Path:
    """Write ``size`` spec files under ``root`` and return it; same size and seed, same files."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    epics = max(1, size // 60)
    counts = {kind: max(1, int(size * share)) for kind, share in SHARES.items()}
    counts["user_story"] += size - epics - sum(counts.values())
    specs: dict[str, list[dict[str, object]]] = {"epic": []}
    for e in range(epics):
        specs["epic"].append({"id": f"spec-epic-e{e:04d}-001", "epic": e})

    by_epic: dict[tuple[str, int], list[dict[str, object]]] = {}

    def pick(kind: str, epic: int, local: float = 0.9) -> dict[str, object] | None:
        """Mostly a spec of the same epic (teams depend on their own work), sometimes any."""
        same = by_epic.get((kind, epic))
        if same and rng.random() < local:
            return rng.choice(same)
        pool = specs.get(kind) or []
        return rng.choice(pool) if pool else None

    order = ("data_model", "service_spec", "functional_requirement", "api_spec", "ui_spec", "user_story")
    for kind in order:
        specs[kind] = []
        for i in range(counts[kind]):
            epic = rng.randrange(epics)
            spec: dict[str, object] = {"id": f"spec-{kind.split('_')[0]}-n{i:05d}-001", "epic": epic, "deps": []}
            if kind in ("user_story", "api_spec", "ui_spec"):
                feature = pick("functional_requirement", epic)
                spec["parent"] = feature["id"] if feature else f"spec-epic-e{epic:04d}-001"
            else:
                spec["parent"] = f"spec-epic-e{epic:04d}-001"
            needs = {
                "data_model": ["data_model"],
                "service_spec": ["data_model", "data_model"],
                "functional_requirement": ["service_spec"],
                "api_spec": ["service_spec", "data_model"],
                "ui_spec": ["api_spec"],
                "user_story": ["api_spec", "ui_spec", "user_story"],
            }[kind]
            for need in needs:
                if rng.random() < 0.6:
                    target = pick(need, epic)
                    if target is not None and target["id"] not in spec["deps"]:
                        spec["deps"].append(target["id"])  # type: ignore[union-attr]
            specs[kind].append(spec)
            by_epic.setdefault((kind, epic), []).append(spec)
    everything = [s for group in specs.values() for s in group]
    for spec in everything:
        spec.setdefault("deps", [])
        spec["related"] = [rng.choice(everything)["id"]] if rng.random() < 0.08 else []
    for spec in rng.sample(everything, max(1, size // 400)):  # a few typos
        spec["deps"].append(str(spec["id"]).replace("-001", "-01"))  # type: ignore[union-attr]
    data = specs["data_model"]
    if len(data) >= 3:  # one dependency cycle among data models
        a, b, c = data[0], data[1], data[2]
        a["deps"], b["deps"], c["deps"] = [b["id"]], [c["id"]], [a["id"]]
    for kind, group in specs.items():
        folder = root / kind
        folder.mkdir(exist_ok=True)
        for spec in group:
            status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
            frontmatter = {
                "id": spec["id"],
                "title": f"{kind.replace('_', ' ').title()} {spec['id']} for area {spec['epic']}",
                "type": kind,
                "category": "requirements" if kind in ("epic", "functional_requirement") else "architecture",
                "status": status,
                "priority": rng.choice(("low", "medium", "high", "critical")),
                "author": f"Owner {rng.randrange(40)}",
                "approvers": ["Lead"] if status in ("approved", "implemented") else [],
                "tags": [f"release-{rng.randrange(1, 6)}"],
                "parent": spec.get("parent"),
                "dependencies": spec.get("deps", []),
                "related": spec.get("related", []),
            }
            text = "---\n" + "\n".join(f"{k}: {json.dumps(v)}" for k, v in frontmatter.items()) + "\n---\n\nBody.\n"
            (folder / f"{spec['id']}.md").write_text(text, encoding="utf-8")
    return root


def run(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return elapsed, done.stderr.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--format", default="svg", choices=("svg", "dot", "mermaid", "graphml", "json"))
    parser.add_argument("--keep", type=Path, help="generate repositories here and keep them")
    parser.add_argument("--no-full", action="store_true", help="skip the --collapse never runs")
    args = parser.parse_args(argv)

    base = args.keep or Path(tempfile.mkdtemp(prefix="speckit-bench-"))
    command = [sys.executable, "-m", "speckit_graph"]
    print(f"# speckit-graph graph benchmark ({os.cpu_count()} CPUs, Python {sys.version.split()[0]})")
    print(f"{'specs':>7}  {'options':<22} {'seconds':>8}  {'output':>10}  notes")
    for size in args.sizes:
        repo = base / f"repo-{size}"
        if not repo.exists():
            make_repo(repo, size)
        variants = [("default", [])]
        if not args.no_full:
            variants.append(("--collapse never", ["--collapse", "never"]))
        for name, extra in variants:
            out = base / f"out-{size}-{name.replace(' ', '').replace('-', '')}.{args.format}"
            elapsed, notes = run([*command, "graph", str(repo), "-f", args.format, "-o", str(out), *extra])
            size_text = f"{out.stat().st_size / 1024:,.0f} KiB"
            note = " | ".join(line.removeprefix("speckit-graph: note: ") for line in notes.splitlines())
            print(f"{size:>7,}  {name:<22} {elapsed:>8.2f}  {size_text:>10}  {note}", flush=True)
    if args.keep is None:
        print(f"# repositories and outputs left in {base}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
