"""Write a realistic, deterministic SpeckIt repository of N specs for benchmarks.

    python benchmarks/generate.py OUT --specs 10000 [--seed 7]

Shape (the same seed and N give the same bytes):

- specs in folders of 100 (``area-0000/`` ...), one Markdown file each, a 4-8 KB body;
- a hierarchy: 1% epics (roots), 9% features (parent: their epic), 90% stories
  (parent: the nearest feature or epic before them);
- stories depend on 2-4 earlier stories (mostly close by, some anywhere); 0-2 ``related``
  links to any earlier spec, so the link graph has no loops but the planted ones;
- statuses consistent with the links (earlier specs are more mature, a parent is never
  further along than its least mature child), approvers on every approved spec;
- a few planted defects, scaled with N: dangling references with a near-miss id, a
  dependency cycle, a duplicated id, an out-of-vocabulary status, a missing title, broken
  YAML, a template, a second frontmatter block; plus a README per 10 folders (not a spec).

Files are written with plain Python, no YAML library, so generating 100,000 specs takes
seconds, not minutes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

FOLDER_SIZE = 100
LIFECYCLE = ("draft", "review", "approved", "implemented")
TYPES_STORY = ("user_story", "functional_requirement", "data_model", "service_spec", "api_spec", "ui_spec")
CATEGORIES = ("requirements", "architecture", "backlog", "documentation")
PRIORITIES = ("low", "medium", "high", "critical")
PEOPLE = (
    "Aiko Tanaka", "Tomás Ferreira", "Priya Natarajan", "Sam Whitfield", "Marcus Oyelaran",
    "Lena Kowalski", "Jonas Berg", "Fatima Al-Sayed", "Chen Wei", "Olu Adebayo", "Inès Laurent",
)  # fmt: skip
NOUNS = (
    "checkout", "payment", "invoice", "catalog", "search", "cart", "shipping", "refund", "account",
    "session", "inventory", "pricing", "coupon", "review", "wishlist", "notification", "report",
    "export", "import", "audit", "billing", "tax", "address", "profile", "consent", "ledger",
)  # fmt: skip
WORDS = (
    "the system shall validate every request before it reaches the service layer and record the "
    "outcome in the audit log so that support staff can trace a failed order back to its cause "
    "within minutes rather than hours while customers see a clear message explaining what to do "
    "next including retry limits idempotency keys and rate limits for partner integrations under "
    "peak load with graceful degradation when a downstream dependency is unavailable"
).split()


@dataclass
class SpecPlan:
    """Everything the writer needs for one file."""

    index: int
    spec_id: str
    level: str  # epic | feature | story
    type: str
    folder: str
    filename: str
    parent: str = ""
    dependencies: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    stage: int = 0
    extra_front: str = ""
    broken: str = ""  # a planted defect that changes the file's text


def spec_id_for(index: int, level: str, noun: str) -> str:
    kind = {"epic": "epic", "feature": "feature"}.get(level, "req")
    return f"spec-{kind}-{noun}-{index:06d}"


def plan(n: int, seed: int) -> list[SpecPlan]:
    """Decide ids, links and statuses; O(N) with a seeded RNG."""
    rng = random.Random(seed)
    specs: list[SpecPlan] = []
    for i in range(n):
        level = "epic" if i % 100 == 0 else "feature" if i % 10 == 0 else "story"
        noun = NOUNS[(i // 10) % len(NOUNS)]
        spec_type = "epic" if level == "epic" else "functional_requirement" if level == "feature" else rng.choice(TYPES_STORY)
        folder = f"area-{i // FOLDER_SIZE:04d}"
        specs.append(SpecPlan(i, spec_id_for(i, level, noun), level, spec_type, folder, f"{noun}-{i:06d}.md"))
    stories = [s.index for s in specs if s.level == "story"]
    story_pos = {index: pos for pos, index in enumerate(stories)}
    for s in specs:
        if s.level == "feature":
            s.parent = specs[s.index - s.index % 100].spec_id
        elif s.level == "story":
            s.parent = specs[s.index - s.index % 10].spec_id
            pos = story_pos[s.index]
            if pos:
                wanted = min(pos, rng.randint(2, 4))
                chosen: set[int] = set()
                while len(chosen) < wanted:
                    if rng.random() < 0.8:
                        target = stories[rng.randrange(max(0, pos - 500), pos)]
                    else:
                        target = stories[rng.randrange(0, pos)]
                    chosen.add(target)
                s.dependencies = [specs[t].spec_id for t in sorted(chosen)]
        for _ in range(rng.choice((0, 1, 1, 2)) if s.index else 0):  # to an earlier spec: no link loops
            other = rng.randrange(s.index)
            if specs[other].spec_id not in s.related:
                s.related.append(specs[other].spec_id)
    # Maturity falls with the index: dependencies (always earlier stories) are never behind.
    for s in specs:
        fraction = s.index / max(n, 1)
        s.stage = 3 if fraction < 0.4 else 2 if fraction < 0.6 else 1 if fraction < 0.8 else 0
    by_id = {s.spec_id: s for s in specs}
    for level in ("feature", "epic"):  # a parent is no further along than its least mature child
        for s in specs:
            if s.level != level and s.parent and by_id[s.parent].level == level:
                by_id[s.parent].stage = min(by_id[s.parent].stage, s.stage)
    for s in specs:  # an epic's stage also covers stories hung directly under it
        if s.level == "story" and by_id[s.parent].level == "epic":
            by_id[s.parent].stage = min(by_id[s.parent].stage, s.stage)
    _plant_defects(specs, rng)
    return specs


def _plant_defects(specs: list[SpecPlan], rng: random.Random) -> None:
    """A few real mistakes per 10,000 specs, so the checker has something to report."""
    n = len(specs)
    stories = [s for s in specs if s.level == "story" and s.dependencies]
    if len(stories) < 20:
        return
    count = max(1, n // 5000)
    picks = rng.sample(stories, min(len(stories), 8 * count + 2))
    groups = [picks[k::8] for k in range(8)]
    for s in groups[0]:  # a typo: one zero too few in a dependency
        target = s.dependencies[0]
        s.dependencies[0] = target[:-6] + target[-5:]
    for s in groups[1]:  # a capitalised status
        s.broken = "status"
    for s in groups[2]:
        s.broken = "title"
    for s in groups[3]:
        s.broken = "yaml"
    for s in groups[4]:
        s.broken = "second-block"
    for s in groups[5]:  # a duplicate id: the file is copied beside itself
        s.broken = "duplicate"
    for s in groups[6]:  # a two-spec dependency cycle within one maturity wave
        partner = next((p for p in stories if p.index > s.index and p.stage == s.stage), None)
        if partner is not None and partner.spec_id not in s.dependencies:
            s.dependencies.append(partner.spec_id)
            if s.spec_id not in partner.dependencies:
                partner.dependencies.append(s.spec_id)


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 90))]
        words[0] = words[0].capitalize()
        lines, line = [], ""
        for word in words:
            if len(line) + len(word) > 95:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line + ".")
        out.append("\n".join(lines))
    return out


def _body(spec: SpecPlan, title: str, pool: list[str], rng: random.Random) -> str:
    target = rng.randint(4096, 8192)
    parts = [f"# {title}\n", "## Overview\n"]
    size = sum(len(p) for p in parts)
    sections = ("Context", "Behaviour", "Data", "Errors", "Security", "Operations", "Rollout", "Open questions")
    section = 0
    while size < target:
        if rng.random() < 0.25:
            heading = f"\n## {sections[section % len(sections)]}\n"
            section += 1
            parts.append(heading)
            size += len(heading)
        if rng.random() < 0.1:
            table = "\n| field | type | note |\n|---|---|---|\n| id | string | unique |\n| total | decimal | incl. tax |\n"
            parts.append(table)
            size += len(table)
        if rng.random() < 0.05:
            parts.append("\n---\n")  # a horizontal rule, not a frontmatter block
            size += 5
        paragraph = pool[rng.randrange(len(pool))] + "\n"
        parts.append("\n" + paragraph)
        size += len(paragraph) + 1
    parts.append("\n## Acceptance criteria\n- [ ] Behaviour above is covered by an automated test.\n")
    return "".join(parts)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(_quote(v) for v in values) + "]"


def render(spec: SpecPlan, pool: list[str], rng: random.Random) -> str:
    status = LIFECYCLE[spec.stage]
    noun = spec.filename.split("-")[0]
    title = f"{noun.capitalize()} {spec.level} {spec.index}"
    created = f"20{21 + spec.index % 4}-{1 + spec.index % 12:02d}-{1 + spec.index % 28:02d}"
    updated = f"2025-{1 + spec.index % 12:02d}-{1 + spec.index % 28:02d}"
    reviewers = rng.sample(PEOPLE, rng.randint(1, 3))
    approvers = rng.sample(PEOPLE, rng.randint(1, 2)) if spec.stage >= 2 else []
    spec_id = spec.spec_id
    lines = [
        "---",
        "# Required metadata for SpeckIt validation",
        f"id: {_quote(spec_id)}",
        f"title: {_quote(title)}" if spec.broken != "title" else "title: ''",
        f"type: {_quote(spec.type)}",
        f"category: {_quote(CATEGORIES[spec.index % 4])}",
        f"author: {_quote(PEOPLE[spec.index % len(PEOPLE)])}",
        f"version: '1.{spec.index % 7}.0'",
        f"status: {_quote(status)}" if spec.broken != "status" else f"status: {_quote(status.capitalize())}",
        f"priority: {_quote(PRIORITIES[spec.index % 4])}",
        f"createdAt: {created}",
        f"updatedAt: {updated}",
        f"estimatedEffort: {8 + spec.index % 120}",
    ]
    if spec.stage == 3:
        lines.append(f"actualEffort: {6 + spec.index % 140}")
    lines += [
        f"reviewers: {_flow(reviewers)}",
        f"approvers: {_flow(approvers)}",
        f"tags: {_flow([noun, spec.level, 'release-' + str(2 + spec.index % 3) + '.' + str(spec.index % 5)])}",
        "",
        "# Traceability links for SpeckIt validation",
        f"parent: {_quote(spec.parent)}",
        f"dependencies: {_flow(spec.dependencies)}",
        f"related: {_flow(spec.related)}",
    ]
    if spec.broken == "yaml":
        lines[-1] = "related: ['" + "', '".join(spec.related) + "'"  # unclosed flow sequence
    lines.append("---\n")
    body = _body(spec, title, pool, rng)
    if spec.broken == "second-block":
        body += "\n---\nid: 'spec-old-copy'\nstatus: 'draft'\n---\n\nLeft over from a merge.\n"
    return "\n".join(lines) + "\n" + body


TEMPLATE = """---
id: 'spec-integration-{{integration-name}}-{{sequence-number}}'
title: '{{Integration Name}} Integration Specification'
type: 'service_spec'
status: 'draft'
estimatedEffort: { { hours } }
parent: '{{parent-spec-id}}'
dependencies: ['{{dependency-spec-id-1}}']
---

# {{Integration Name}} Integration Specification
"""


#: The findings-heavy variant: a configuration whose vocabulary the generated specs do not use,
#: as in a repository adopting the tool for the first time (about 3 findings per spec at 10,000).
FOREIGN_CONFIG = """\
[vocabulary]
status = ["proposed", "accepted", "shipped", "retired"]
lifecycle = ["proposed", "accepted", "shipped"]
approval-status = "accepted"
type = ["story", "requirement", "model", "service", "epic", "endpoint", "screen"]
category = ["req", "arch", "todo", "docs"]
priority = ["p0", "p1", "p2", "p3"]
"""


def generate(out: Path, n: int, seed: int = 7, foreign: bool = False) -> dict[str, int]:
    """Write the repository into ``out`` (replaced when it exists); returns counts.

    ``foreign`` adds a ``.speckit-graph.toml`` whose vocabulary the specs do not use
    (the findings-heavy variant); the Markdown files are the same bytes either way."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    specs = plan(n, seed)
    rng = random.Random(seed + 1)
    pool = _paragraphs(rng, 400)
    made: set[str] = set()
    written = 0
    for spec in specs:
        folder = out / spec.folder
        if spec.folder not in made:
            folder.mkdir()
            made.add(spec.folder)
            if (spec.index // FOLDER_SIZE) % 10 == 0:
                (folder / "README.md").write_text(f"# Area {spec.folder}\n\nSpecs of this area.\n", encoding="utf-8")
        text = render(spec, pool, rng)
        names = [spec.filename] + ([spec.filename[:-3] + "-copy.md"] if spec.broken == "duplicate" else [])
        for name in names:
            with open(folder / name, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            written += 1
    templates = out / "templates"
    templates.mkdir()
    (templates / "integration-template.md").write_text(TEMPLATE, encoding="utf-8")
    if foreign:
        (out / ".speckit-graph.toml").write_text(FOREIGN_CONFIG, encoding="utf-8")
    meta = {"specs": n, "seed": seed, "files": written + 1 + len([f for f in made if int(f[5:]) % 10 == 0])}
    if foreign:
        meta["foreign"] = 1
    (out / "benchmark-repo.json").write_text(json.dumps(meta, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--foreign-vocabulary", action="store_true", help="findings-heavy: a vocabulary the specs do not use")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    meta = generate(args.out, args.specs, args.seed, args.foreign_vocabulary)
    print(f"wrote {meta['files']} files to {args.out} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
