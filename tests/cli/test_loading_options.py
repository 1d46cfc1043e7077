"""Every command that reads a repository takes --config, --jobs, --cache-dir, --no-cache and --no-color."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli._support import CHECKOUT, invoke

ROOT = "spec-epic-payments-001"

#: Each command on examples/checkout, and the exit codes that mean "ran" (findings are fine).
RUNS: dict[str, tuple[list[str], tuple[int, ...]]] = {
    "check": ([str(CHECKOUT)], (0, 1)),
    "graph": ([str(CHECKOUT), "-f", "json"], (0,)),
    "diff": (["HEAD", str(CHECKOUT)], (0,)),
    "tree": ([ROOT, str(CHECKOUT)], (0,)),
    "report": ([str(CHECKOUT), "--root", ROOT, "--date", "2024-01-01"], (0, 1)),
    "impact": ([ROOT, str(CHECKOUT)], (0,)),
    "order": ([str(CHECKOUT)], (0, 1)),
}


@pytest.mark.parametrize("command", sorted(RUNS))
def test_loading_options_are_accepted_by(command: str, tmp_path: Path) -> None:
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    args, ok = RUNS[command]
    plain = invoke(command, *args, "--config", str(config), "--no-cache", "--no-color")
    cached = invoke(command, *args, "--config", str(config), "-j", "1", "--cache-dir", str(tmp_path / "cache"), "--no-color")
    again = invoke(command, *args, "--config", str(config), "--jobs", "2", "--cache-dir", str(tmp_path / "cache"))
    assert plain[0] in ok, plain[2]
    assert plain[:2] == cached[:2] == again[:2]  # same result however the specs were read
    assert (tmp_path / "cache").is_dir()


def test_init_takes_them_too_and_writes_where_config_says(tmp_path: Path) -> None:
    target = tmp_path / "proposed.toml"
    code, out, err = invoke("init", str(CHECKOUT), "--config", str(target), "-j", "1", "--no-cache", "--no-color")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("#") or "[" in target.read_text(encoding="utf-8")
    assert f"--config {target.as_posix()}" in out
    assert not (CHECKOUT / ".speckit-graph.toml").exists()


@pytest.mark.parametrize("command", ["check", "graph", "order"])
def test_bad_loading_values_are_plain_usage_errors(command: str, tmp_path: Path) -> None:
    code, _, err = invoke(command, str(CHECKOUT), "--jobs", "0")
    assert code == 2 and "must be at least 1, not 0" in err
    afile = tmp_path / "file"
    afile.write_text("x", encoding="utf-8")
    code, _, err = invoke(command, str(CHECKOUT), "--cache-dir", str(afile))
    assert code == 2 and "is not a folder" in err
