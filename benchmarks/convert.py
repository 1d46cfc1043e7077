"""Convert a generated SpeckIt repository into a Doorstop tree and a StrictDoc document.

    python benchmarks/convert.py REPO --doorstop OUT1 --strictdoc OUT2

Both carry the same specs, titles, statuses, bodies and links (parent, dependencies,
related), so each tool's own validation does comparable work. Two differences, both in the
other tools' favour, are deliberate:

- links to ids that do not exist, and self links, are dropped: Doorstop and StrictDoc stop
  at the first dangling link, which would time an error message, not a validation;
- files that speckit-graph reports as broken (bad YAML, templates) are not converted.

Doorstop: one document per level, ``EPIC`` (root) <- ``FEAT`` <- ``REQ``, one YAML item file
per spec (``REQ-000123.yml``, the number is the spec's position), every link in ``links``.
StrictDoc: one ``.sdoc`` document per source folder (~100 specs) with a grammar declaring ``Parent`` relations with the roles
``DependsOn`` and ``Related`` beside the plain parent relation.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


@dataclass
class Item:
    spec_id: str
    title: str
    status: str
    type: str
    body: str
    parent: str
    dependencies: list[str]
    related: list[str]
    group: str


def read_repo(repo: Path) -> list[Item]:
    """Every parseable spec with an id, in path order; duplicate ids keep the first file."""
    items: dict[str, Item] = {}
    for path in sorted(repo.rglob("*.md")):
        if "templates" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        end = text.find("\n---", 3)
        try:
            data = yaml.load(text[3:end], Loader=Loader)
        except yaml.YAMLError:
            continue
        if not isinstance(data, dict) or not data.get("id") or data["id"] in items:
            continue
        body = text[text.find("\n", end + 1) + 1 :]
        items[data["id"]] = Item(
            spec_id=str(data["id"]),
            title=str(data.get("title") or data["id"]),
            status=str(data.get("status") or "draft"),
            type=str(data.get("type") or ""),
            body=body,
            parent=str(data.get("parent") or ""),
            dependencies=[str(d) for d in data.get("dependencies") or []],
            related=[str(r) for r in data.get("related") or []],
            group=path.parent.relative_to(repo).as_posix().replace("/", "-") or "root",
        )
    known = set(items)
    for item in items.values():  # keep only links both tools can resolve
        if item.parent not in known or item.parent == item.spec_id:
            item.parent = ""
        item.dependencies = [d for d in dict.fromkeys(item.dependencies) if d in known and d != item.spec_id]
        item.related = [r for r in dict.fromkeys(item.related) if r in known and r != item.spec_id]
    return list(items.values())


def _prefix(item: Item) -> str:
    return {"epic": "EPIC", "functional_requirement": "FEAT"}.get(item.type, "REQ")


def to_doorstop(items: list[Item], out: Path) -> None:
    """A Doorstop tree (three documents) inside a fresh git working copy."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    uid = {item.spec_id: f"{_prefix(item)}-{n:06d}" for n, item in enumerate(items)}
    documents = {"EPIC": None, "FEAT": "EPIC", "REQ": "FEAT"}
    for prefix, parent in documents.items():
        folder = out / prefix.lower()
        folder.mkdir()
        settings = ["settings:", "  digits: 6", f"  prefix: {prefix}", "  sep: '-'"]
        if parent:
            settings.insert(2, f"  parent: {parent}")
        (folder / ".doorstop.yml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    levels: dict[str, int] = {}
    for item in items:
        prefix = _prefix(item)
        levels[prefix] = levels.get(prefix, 0) + 1
        links = [t for t in ([item.parent] if item.parent else []) + item.dependencies + item.related]
        lines = [
            "active: true",
            "derived: false",
            "header: ''",
            f"level: {levels[prefix]}",
        ]
        if links:
            lines.append("links:")
            lines += [f"- {uid[t]}: null" for t in dict.fromkeys(links)]
        else:
            lines.append("links: []")
        lines += ["normative: true", "ref: ''", "reviewed: null", "text: |"]
        text = item.title + "\n\n" + item.body
        lines += [("  " + line) if line else "" for line in text.rstrip("\n").split("\n")]
        path = out / prefix.lower() / f"{uid[item.spec_id]}.yml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


GRAMMAR = """[GRAMMAR]
ELEMENTS:
- TAG: REQUIREMENT
  FIELDS:
  - TITLE: UID
    TYPE: String
    REQUIRED: True
  - TITLE: STATUS
    TYPE: String
    REQUIRED: False
  - TITLE: TITLE
    TYPE: String
    REQUIRED: False
  - TITLE: STATEMENT
    TYPE: String
    REQUIRED: False
  RELATIONS:
  - TYPE: Parent
  - TYPE: Parent
    ROLE: DependsOn
  - TYPE: Parent
    ROLE: Related
"""


def _sdoc_text(text: str) -> str:
    """StrictDoc multiline fields end at a line ``<<<``; keep the body from closing early."""
    return "\n".join(line if not line.startswith("<<<") else " " + line for line in text.rstrip("\n").split("\n"))


def to_strictdoc(items: list[Item], out: Path) -> None:
    """One StrictDoc document per source folder (~100 specs), so StrictDoc can parse in parallel."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    for group, members in groups.items():
        parts = [f"[DOCUMENT]\nTITLE: Specs of {group}\n\n", GRAMMAR]
        for item in members:
            parts.append(_requirement(item))
        (out / f"{group}.sdoc").write_text("".join(parts), encoding="utf-8")


def _requirement(item: Item) -> str:
    relations = [("", item.parent)] if item.parent else []
    relations += [("DependsOn", d) for d in item.dependencies] + [("Related", r) for r in item.related]
    lines = [
        "",
        "[REQUIREMENT]",
        f"UID: {item.spec_id}",
        f"STATUS: {item.status}",
        f"TITLE: {' '.join(item.title.split())}",
        "STATEMENT: >>>",
        _sdoc_text(item.body),
        "<<<",
    ]
    if relations:
        lines.append("RELATIONS:")
        for role, target in relations:
            lines += ["- TYPE: Parent", f"  VALUE: {target}"]
            if role:
                lines.append(f"  ROLE: {role}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--doorstop", type=Path)
    parser.add_argument("--strictdoc", type=Path)
    args = parser.parse_args(argv)
    items = read_repo(args.repo)
    if args.doorstop:
        to_doorstop(items, args.doorstop)
    if args.strictdoc:
        to_strictdoc(items, args.strictdoc)
    print(f"converted {len(items)} specs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
