"""Mermaid's own parser (npm's mermaid + jsdom), for tests that hand it a diagram.

Optional: ``SPECKIT_GRAPH_MERMAID_JS`` names a folder where ``npm install mermaid@11 jsdom``
was run (.ci/run does this when node and npm are present); without it, or without node, the
tests marked :data:`needs_mermaid` skip with that reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

MERMAID_JS = os.environ.get("SPECKIT_GRAPH_MERMAID_JS")
CHECKER = Path(__file__).resolve().parents[1] / "mermaid_check.mjs"

needs_mermaid = pytest.mark.skipif(
    not MERMAID_JS or shutil.which("node") is None,
    reason="Mermaid's own parser is optional: set SPECKIT_GRAPH_MERMAID_JS to a folder where "
    "`npm install mermaid@11 jsdom` was run (and have node on PATH)",
)


def assert_mermaid_parses(text: str, folder: Path) -> str:
    """Mermaid's parser accepts ``text`` (written to ``folder``/diagram.mmd); fails with its message.

    Returns what the checker printed (``OK``).
    """
    assert MERMAID_JS is not None, "mark the test with needs_mermaid"
    source = folder / "diagram.mmd"
    source.write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["node", str(CHECKER), str(source)],
        capture_output=True,
        text=True,
        cwd=MERMAID_JS,
        check=False,
        timeout=120,
        env={**os.environ, "NODE_PATH": str(Path(MERMAID_JS) / "node_modules")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
