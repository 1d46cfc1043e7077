"""A plain ``check`` of a small repository loads only what it uses and starts no process.

Start-up is most of such a run (issue 15: ``check examples/checkout`` under 0.35 s), so each
case runs the real command in a fresh interpreter and looks at what it left in
``sys.modules`` and at the processes it asked the OS for (audit hooks), never at timings:
a module-level import of rich, networkx, pydantic (typer's conversion of option values), a
renderer or the worker pool added anywhere on the way fails here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.load.cache import RACY_WINDOW_NS
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]

#: Runs ``speckit-graph ARGS`` through its entry point and writes what it loaded and spawned to REPORT.
HARNESS = """
import json, subprocess, sys
report, probe, args = sys.argv[1], sys.argv[2] == "probe", sys.argv[3:]
spawned = []
def audit(event, _args):
    if event in ("subprocess.Popen", "os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.exec", "os.system"):
        spawned.append(event)
sys.addaudithook(audit)
if probe:  # the harness itself must see a process start, or "none started" would prove nothing
    subprocess.run([sys.executable, "-c", "pass"], check=True)
sys.argv = ["speckit-graph", *args]
from speckit_graph.cli import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
with open(report, "w", encoding="utf-8") as handle:
    json.dump({"code": code, "modules": sorted(sys.modules), "spawned": spawned}, handle)
"""

#: Nothing a plain-text check needs: colour, diagrams, typer's pydantic conversion, the worker pool.
NOT_FOR_A_PLAIN_CHECK = (
    "rich",
    "networkx",
    "pydot",
    "pydantic",
    "pydantic_core",
    "multiprocessing",
    "concurrent.futures",
    "speckit_graph.render.diagram.model",
    "speckit_graph.render.diagram.draw",
    "speckit_graph.render.findings.check_json",
    "speckit_graph.render.findings.sarif",
    "speckit_graph.render.report",
    "speckit_graph.render.diff",
    "speckit_graph.render.tree_text",
    "speckit_graph.render.init_report",
    "speckit_graph.render.matrix",
    "speckit_graph.trace.collect",
    "speckit_graph.vcs",  # git: only for --history, --diff-base, diff and --fix's dirty-file check
    "speckit_graph.usecases.fix",
    # the other commands: only the one that runs is imported and built
    "speckit_graph.cli.graph",
    "speckit_graph.cli.diff",
    "speckit_graph.cli.report",
    "speckit_graph.cli.tree",
    "speckit_graph.cli.init",
    "speckit_graph.cli.lsp",
    "speckit_graph.cli.matrix",
)


def run_cli(tmp_path: Path, *args: str, probe: bool = False) -> dict[str, Any]:
    report = tmp_path / "report.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    proc = subprocess.run(
        [sys.executable, "-c", HARNESS, str(report), "probe" if probe else "-", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    result["stdout"], result["stderr"] = proc.stdout, proc.stderr
    return result


def loaded(result: dict[str, Any], forbidden: tuple[str, ...]) -> list[str]:
    modules: list[str] = result["modules"]
    return [m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden)]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    target = tmp_path / "checkout"
    shutil.copytree(EXAMPLES / "checkout", target)
    return target


def test_plain_check_loads_no_colour_no_diagram_no_pool_and_starts_no_process(tmp_path: Path, checkout: Path) -> None:
    result = run_cli(tmp_path, "check", str(checkout), "--format", "text", "--no-cache")
    assert result["code"] == 0
    assert result["stdout"].startswith("Checked 32 specs in 33 Markdown files")
    assert "speckit_graph.render.findings.check_text" in result["modules"] and "yaml" in result["modules"]
    assert loaded(result, NOT_FOR_A_PLAIN_CHECK) == []
    assert result["spawned"] == []


def test_cached_check_loads_no_more_and_still_starts_no_process(tmp_path: Path, checkout: Path) -> None:
    cache = ("--cache-dir", str(tmp_path / "cache"))
    first = run_cli(tmp_path, "check", str(checkout), *cache)
    again = run_cli(tmp_path, "check", str(checkout), *cache)
    assert first["stdout"] == again["stdout"] and first["code"] == again["code"] == 0
    for result in (first, again):
        assert loaded(result, NOT_FOR_A_PLAIN_CHECK) == []
        assert result["spawned"] == []


def test_the_harness_sees_a_started_process(tmp_path: Path) -> None:
    """The other side: a process started before the command is reported (so [] above means none)."""
    result = run_cli(tmp_path, "--version", probe=True)
    assert result["code"] == 0 and result["stdout"].startswith("speckit-graph ")
    assert result["spawned"]


def test_an_option_value_that_does_not_convert_still_gets_typers_message(tmp_path: Path, checkout: Path) -> None:
    """Quick conversion covers well-formed values only: a bad one goes through typer (and pydantic) as before."""
    report = run_cli(tmp_path, "check", str(checkout), "--format", "xml", "--no-cache")
    assert report["code"] == 2
    assert "--format: 'xml' is not one of text, json, sarif, github, junit" in report["stderr"]
    assert "pydantic" in report["modules"]


#: Loaded only when a finding or the configuration needs them: the fixers and the frontmatter
#: editor (a finding with a fix), the [[rules]] language (a configuration declaring rules), the
#: configuration parser (a configuration file), did-you-mean (an id no spec has).
NOT_FOR_A_CLEAN_CHECK = (
    "speckit_graph.edit",
    "speckit_graph.check.fixes",
    "speckit_graph.config.parse",
    "speckit_graph.config.project_parse",
    "speckit_graph.config.declared",
    "speckit_graph.config.expr",
    "speckit_graph.config.locate",
    "speckit_graph.check.rules.declared",
    "speckit_graph.graph.suggest",
)

#: A check the cache answers (no file changed) reads no file and judges nothing: no rule, graph or reader.
NOT_FOR_A_REMEMBERED_CHECK = (
    *NOT_FOR_A_CLEAN_CHECK,
    "yaml",
    "speckit_graph.check.rules",
    "speckit_graph.check.analysis",
    "speckit_graph.graph",
    "speckit_graph.load.loader",
    "speckit_graph.load.frontmatter",
    "speckit_graph.load.fields",
    "speckit_graph.load.references",
    "speckit_graph.load.parallel",  # the worker pool
    "speckit_graph.check.baseline",
)


def test_a_clean_check_loads_no_fixer_no_rule_language_no_config_parser(tmp_path: Path, checkout: Path) -> None:
    result = run_cli(tmp_path, "check", str(checkout), "--no-cache")
    assert result["code"] == 0 and "0 errors, 0 warnings, 0 infos" in result["stdout"]
    assert "speckit_graph.check.rules" in result["modules"]  # the rules did run
    assert loaded(result, NOT_FOR_A_CLEAN_CHECK) == []


def test_a_check_the_cache_answers_loads_no_rule_no_graph_no_yaml(tmp_path: Path, checkout: Path) -> None:
    cache = ("--cache-dir", str(tmp_path / "cache"))
    # The cache trusts (and remembers a result over) files changed over 2 s before its scan: wait out the copy.
    newest = max(path.lstat().st_ctime for path in checkout.rglob("*"))
    time.sleep(max(0.0, newest + RACY_WINDOW_NS / 1e9 + 0.1 - time.time()))
    first = run_cli(tmp_path, "check", str(checkout), *cache)
    again = run_cli(tmp_path, "check", str(checkout), *cache)
    assert "yaml" in first["modules"] and "speckit_graph.check.analysis" in first["modules"]  # the other side
    assert again["stdout"] == first["stdout"] and again["code"] == 0
    assert loaded(again, NOT_FOR_A_REMEMBERED_CHECK) == []


def test_a_configuration_without_rules_loads_the_parser_but_not_the_rule_language(tmp_path: Path, checkout: Path) -> None:
    (checkout / ".speckit-graph.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    result = run_cli(tmp_path, "check", str(checkout), "--no-cache")
    assert result["code"] == 0
    assert "speckit_graph.config.parse" in result["modules"]
    rule_language = ("speckit_graph.config.expr", "speckit_graph.config.declared", "speckit_graph.check.rules.declared")
    assert loaded(result, rule_language) == []


def test_declared_rules_and_a_fixable_dangling_link_load_what_they_need(tmp_path: Path, checkout: Path) -> None:
    """The other side of the lazy imports: each is loaded, and works, when it is needed."""
    rule = '[[rules]]\ncode = "X001"\nmessage = "an epic needs an author"\nwhen = "type == \'epic\'"\nrequire = "author"\n'
    (checkout / ".speckit-graph.toml").write_text(rule, encoding="utf-8")
    story = checkout / "stories" / "apple-pay.md"
    text = story.read_text(encoding="utf-8").replace("parent: 'spec-feature-", "parent: 'spec-featur-", 1)
    story.write_text(text, encoding="utf-8")
    result = run_cli(tmp_path, "check", str(checkout), "--no-cache")
    assert result["code"] == 1 and "SG101" in result["stdout"] and "did you mean 'spec-feature-" in result["stdout"]
    for module in ("speckit_graph.config.expr", "speckit_graph.check.rules.declared", "speckit_graph.graph.suggest"):
        assert module in result["modules"]
    assert "speckit_graph.check.fixes" in result["modules"] and "speckit_graph.edit.document" in result["modules"]


def test_a_dependency_cycle_is_reported_without_importing_networkx(tmp_path: Path) -> None:
    """The cycle in a component is traced by the graph package itself: networkx is for diagrams."""
    repo = tmp_path / "cycle"
    repo.mkdir()
    for name, needs in (("a", "b"), ("b", "c"), ("c", "a")):
        front = f"---\nid: {name}\ntitle: Spec {name}\nstatus: draft\ndependencies: [{needs}]\n---\n"
        (repo / f"{name}.md").write_text(front, encoding="utf-8")
    result = run_cli(tmp_path, "check", str(repo), "--no-cache")
    assert result["code"] == 1 and "SG201" in result["stdout"] and "a -> b -> c -> a" in result["stdout"]
    assert loaded(result, ("networkx",)) == []


def test_a_readiness_report_walks_the_graph_without_networkx(tmp_path: Path, checkout: Path) -> None:
    """Readiness, order and impact walk neighbours from the graph package; networkx is for drawing."""
    result = run_cli(tmp_path, "report", str(checkout), "--format", "json", "--no-cache")
    assert result["code"] in (0, 1) and '"ready"' in result["stdout"]
    assert loaded(result, ("networkx",)) == []
