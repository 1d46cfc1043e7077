"""Coverage-guided fuzzing of loading, checking and the text-like outputs with atheris (not part of the test run).

    pip install atheris
    python fuzz/fuzz_check_text.py -max_total_time=600 fuzz/corpus-text

Each input is split into a file name and its content; the file is checked like a one-file
repository and the findings are rendered as plain text, terminal markup and GitHub annotations.
Any exception is a crash, and so is output that a terminal or a CI log would act on: a C0/C1
control character other than newline, a bidi override, or a line starting with ``::`` that
the GitHub renderer did not write itself.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from speckit_graph.render.findings.check_text import render_text
    from speckit_graph.render.findings.github import render_github
    from speckit_graph.usecases.check import check
    from speckit_graph.usecases.load import load

WORKDIR = Path(tempfile.mkdtemp(prefix="speckit-fuzz-text-"))
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _name(raw: bytes) -> str:
    """A file name from fuzz bytes: no separators or NUL, ends in .md, undecodable bytes kept."""
    cleaned = raw.replace(b"/", b"_").replace(b"\0", b"_")[:200] or b"x"
    if cleaned in (b".", b".."):
        cleaned = b"x"
    return os.fsdecode(cleaned + b".md")


def test_one_input(data: bytes) -> None:
    raw_name, _, content = data.partition(b"\n\n")
    repo = WORKDIR / "repo"
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir()
    try:
        (repo / _name(raw_name)).write_bytes(content)
    except OSError:
        return  # a name the file system refuses (too long, reserved): nothing to check
    result = check(load(repo))
    for text in (render_text(result, prefix="repo"), render_text(result, prefix="repo", markup=True)):
        assert not _UNSAFE.search(text), repr(text)
        assert not any(line.startswith("::") for line in text.splitlines()), repr(text)
    annotations = render_github(result, "repo")
    assert not _UNSAFE.search(annotations), repr(annotations)
    for line in annotations.splitlines():  # only the renderer's own commands start a line with ::
        assert not line.startswith("::") or re.match(r"::(error|warning|notice) file=", line), repr(line)


def seed_corpus(folder: Path) -> None:
    """Seeds: each example spec under its own name."""
    folder.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[1]
    for index, path in enumerate(sorted((root / "examples").rglob("*.md"))):
        (folder / f"seed-{index:03d}").write_bytes(os.fsencode(path.stem) + b"\n\n" + path.read_bytes())


if __name__ == "__main__":
    corpus_dirs = [Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")]
    for directory in corpus_dirs:
        if not directory.exists() or not any(directory.iterdir()):
            seed_corpus(directory)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
