"""The parse floor: the least any YAML-frontmatter tool must do, in one process.

    python benchmarks/floor.py REPO

Walks REPO, reads each Markdown file, cuts out the frontmatter between the first two
``---`` lines and parses it with PyYAML's C loader (libyaml). No validation, no graph,
no output beyond a count: whatever speckit-graph spends above this is its own overhead.
"""

from __future__ import annotations

import os
import sys
import time

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - the floor is meaningless without libyaml
    sys.exit("PyYAML was built without libyaml; the parse floor needs yaml.CSafeLoader")


def floor(root: str) -> int:
    parsed = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(dirpath, name), "rb") as handle:
                data = handle.read()
            if not data.startswith(b"---"):
                continue
            end = data.find(b"\n---", 3)
            if end < 0:
                continue
            try:
                if isinstance(yaml.load(data[3:end], Loader=Loader), dict):
                    parsed += 1
            except yaml.YAMLError:
                pass
    return parsed


if __name__ == "__main__":
    start = time.perf_counter()
    count = floor(sys.argv[1])
    print(f"parsed {count} frontmatter blocks in {time.perf_counter() - start:.2f} s", file=sys.stderr)
