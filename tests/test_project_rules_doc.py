"""docs/project-rules.md shows the real configuration and the real output of its worked example."""

from __future__ import annotations

from tests.conftest import REPO_ROOT, run_cli

DOC = REPO_ROOT / "docs" / "project-rules.md"
EXAMPLE = REPO_ROOT / "docs" / "project-rules.toml"


def test_the_worked_example_is_the_real_configuration_and_output() -> None:
    doc = DOC.read_text(encoding="utf-8")
    worked = doc.split("## A worked example on examples/checkout", 1)[1]
    shown_config = worked.split("```toml\n", 1)[1].split("```", 1)[0]
    assert shown_config == EXAMPLE.read_text(encoding="utf-8")
    shown_output = worked.split("```text\n", 1)[1].split("```", 1)[0]
    run = run_cli("check", "examples/checkout", "--config", "docs/project-rules.toml", "--no-cache", cwd=REPO_ROOT)
    assert run.code == 0, run.stderr
    assert shown_output == run.stdout


def test_the_documented_configuration_error_is_real(tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = DOC.read_text(encoding="utf-8")
    shown = doc.split("all listed at once:\n\n```text\n", 1)[1].split("```", 1)[0]
    config = tmp_path / ".speckit-graph.toml"
    config.write_text(
        '[[rules]]\ncode = "X001"\nmessage = "m"\nwhen = "type == \'apispec\'"\nrequire = \'any(dependants, true)\'\n',
        encoding="utf-8",
    )
    run = run_cli("check", "examples/checkout", "--config", config, "--no-cache", cwd=REPO_ROOT)
    assert run.code == 2
    assert run.stderr.replace(str(config), ".speckit-graph.toml") == shown
