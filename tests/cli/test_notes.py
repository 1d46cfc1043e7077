"""Every command says what the loader chose for it (a cache folder refused), not only ``check``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli

CHECKOUT = EXAMPLES / "checkout"
COMMANDS = [
    ["check", str(CHECKOUT)],
    ["graph", str(CHECKOUT), "-f", "mermaid"],
    ["report", str(CHECKOUT)],
    ["order", str(CHECKOUT)],
    ["impact", "spec-doc-checkout-errors-001", str(CHECKOUT)],
    ["tree", "spec-doc-checkout-errors-001", str(CHECKOUT)],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_a_refused_cache_folder_is_said_by_every_command(args: list[str], tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)  # anyone could plant a cache file here
    run = run_cli(*args, "--cache-dir", str(shared))
    assert run.code in (0, 1), run.stderr
    assert f"cache folder {shared} not used" in run.stderr
    assert "running without the cache" in run.stderr
    assert not any(shared.iterdir())  # nothing was written there
