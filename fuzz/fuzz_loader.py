"""Coverage-guided fuzzing of the frontmatter loader with atheris (not part of the test run).

    pip install atheris
    python fuzz/fuzz_loader.py -max_total_time=600 fuzz/corpus

Each input is written as one Markdown file and read by ``read_spec_file``; any exception is a
crash (the loader must turn every bad input into a finding). Seeds come from examples/ and the
bad-input corpus. A crash found here becomes a regression test in tests/hostile/.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import yaml  # noqa: F401  (instrument PyYAML's Python parts too)

    from speckit_graph.config.model import Config
    from speckit_graph.graph.specgraph import build_graph
    from speckit_graph.load.loader import read_spec_file

CONFIG = Config()
WORKDIR = Path(tempfile.mkdtemp(prefix="speckit-fuzz-"))
TARGET = WORKDIR / "spec.md"


def test_one_input(data: bytes) -> None:
    TARGET.write_bytes(data)
    outcome = read_spec_file(WORKDIR, "spec.md", CONFIG)
    if outcome.spec is not None:
        build_graph([outcome.spec])


def seed_corpus(folder: Path) -> None:
    """Copy example specs into the corpus folder so fuzzing starts from realistic files."""
    folder.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[1]
    for index, path in enumerate(sorted((root / "examples").rglob("*.md"))):
        (folder / f"seed-{index:03d}.md").write_bytes(path.read_bytes())


if __name__ == "__main__":
    corpus_dirs = [Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")]
    for directory in corpus_dirs:
        if not directory.exists() or not any(directory.iterdir()):
            seed_corpus(directory)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
