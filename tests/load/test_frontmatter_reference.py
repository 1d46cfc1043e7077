"""Our frontmatter splitter against python-frontmatter, an independent implementation, on every corpus.

python-frontmatter finds the block and its text is parsed with the same YAML 1.2 core schema the
loader uses (python-frontmatter's default is YAML 1.1, whose octal ``0054`` the loader refuses on
purpose), so what is compared is where each side finds the first block.

speckit-graph splits and parses frontmatter itself (byte offsets, line numbers, limits, a
second block); python-frontmatter is kept as a test dependency only, as the reference this
test compares with: every file one reads the other reads too, with equal fields in the first block.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import frontmatter
import pytest
import yaml

from speckit_graph.config.model import Config
from speckit_graph.load.loader import read_frontmatter_blocks
from speckit_graph.load.yamlschema import Yaml12Loader
from tests.conftest import SHARED as SHARED_ROOT

REPO = Path(__file__).resolve().parents[2]
SHARED = SHARED_ROOT / "corpora"  # honours SPECKIT_GRAPH_SHARED, like every other corpus test
ROOTS = [REPO / "examples" / "checkout", REPO / "examples" / "broken"] + (
    sorted(p for p in SHARED.iterdir() if p.is_dir()) if SHARED.is_dir() else []
)


class _Yaml12Handler(frontmatter.YAMLHandler):
    """python-frontmatter's splitting, the loader's YAML meaning."""

    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=Yaml12Loader)  # noqa: S506 - a safe loader (CSafeLoader subclass)


def _reference(path: Path) -> dict[str, Any] | None:
    """python-frontmatter's reading of the file's first block, or None when it finds none or fails."""
    handler = _Yaml12Handler()
    try:
        text = path.read_text(encoding="utf-8-sig")
        if not handler.detect(text):  # what frontmatter.load does when no handler is passed
            return None
        post = frontmatter.loads(text, handler=handler)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError):
        return None
    return dict(post.metadata) if post.metadata else None


def _comparable(value: Any) -> Any:
    """Both sides as PyYAML's safe loader builds them (dates as dates, numbers as numbers)."""
    # libyaml's safe dumper and loader: the same text and values as yaml.safe_dump/safe_load, ten times faster.
    text = yaml.dump(value, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=True)
    return yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506 - a safe loader


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_first_block_matches_python_frontmatter(root: Path) -> None:
    compared = 0
    differences = []
    for path in sorted(root.rglob("*.md")):
        if not path.is_file() or path.is_symlink():
            continue
        expected = _reference(path)
        relpath = path.relative_to(root).as_posix()
        ours, _second = read_frontmatter_blocks(root, relpath, Config(), numbers_as_written=False)
        if (expected is None) != (ours is None):
            differences.append(f"{relpath} (read by {'python-frontmatter' if ours is None else 'speckit-graph'} only)")
        if expected is None or ours is None:
            continue
        compared += 1
        expected = {k: v for k, v in expected.items() if isinstance(k, str)}
        if _comparable(ours) != _comparable(expected):
            differences.append(relpath)
    assert compared > 0, f"no file in {root} was read by both"
    assert not differences, f"first block differs from python-frontmatter's in {differences[:10]}"


def test_shared_corpora_are_compared_when_present() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a clone outside the workplace): only examples/ were compared")
    assert len(ROOTS) >= 8
