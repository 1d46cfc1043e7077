"""Undecodable file names and workflow commands in names, through the CLI (issue 14, items 2 and 8).

The attack: a spec file whose name is not UTF-8 (``b"bad\\xff.md"``, which Python sees as a
lone surrogate) made every format that links to the file crash with UnicodeEncodeError while
percent-encoding its URL; a file named ``x\\n::error file=README.md,line=1::forged\\n.md``
printed real GitHub workflow commands in plain ``check`` output. The safe outcome: every
format renders, links carry the original bytes (``bad%FF.md``), and no printed line is a command.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support.cli import run_cli

SPEC = "---\nid: {id}\ntitle: T\ntype: user_story\nstatus: draft\ndependencies: [spec-zz-999]\n---\nBody.\n"


@pytest.fixture
def hostile_repo(tmp_path: Path) -> Path:
    names = [b"bad\xff.md", b"x\n::error file=README.md,line=1::forged\n.md", b"::stop-commands::tok.md"]
    for number, name in enumerate(names):
        try:
            with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
                handle.write(SPEC.format(id=f"spec-a-{number:03d}").encode())
        except OSError:
            pytest.skip("this file system refuses such names")
    return tmp_path


FORMATS = [
    ("graph", "dot"), ("graph", "mermaid"), ("graph", "graphml"), ("graph", "json"),
    ("impact", "dot"), ("impact", "mermaid"), ("impact", "json"), ("impact", "text"),
    ("report", "md"), ("report", "html"), ("report", "json"),
    ("check", "text"), ("check", "json"), ("check", "sarif"), ("check", "github"), ("check", "junit"),
]  # fmt: skip
if shutil.which("dot"):
    FORMATS += [("graph", "svg"), ("impact", "svg")]


@pytest.mark.parametrize(("command", "fmt"), FORMATS)
def test_an_undecodable_file_name_renders_in_every_format(hostile_repo: Path, command: str, fmt: str) -> None:
    args = [command, *(["spec-a-000"] if command == "impact" else []), str(hostile_repo), "--format", fmt]
    run = run_cli(*args)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.code in (0, 1), run.stderr
    assert "\udcff" not in run.stdout
    if fmt in ("dot", "svg") and command == "graph":
        assert "bad%FF.md" in run.stdout  # the link points at the file's real bytes


def test_plain_check_output_prints_no_workflow_command(hostile_repo: Path) -> None:
    run = run_cli("check", ".", cwd=hostile_repo)  # paths start the lines, as in CI
    lines = run.stdout.splitlines()
    assert not [line for line in lines if line.lstrip().startswith("::")], run.stdout
    assert any("x\\n::error file=README.md,line=1::forged\\n.md:6:16: SG101" in line for line in lines)
    assert any("\\x3a:stop-commands::tok.md:6:16: SG101" in line for line in lines)
    assert any("bad\\udcff.md:6:16" in line for line in lines)
