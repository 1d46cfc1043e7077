"""Plugin rules: a distribution with a ``speckit_graph.rules`` entry point, loaded only when named.

The distribution is real: a module and a ``.dist-info`` folder with ``entry_points.txt`` on
``sys.path``, found and loaded by ``importlib.metadata`` exactly as an installed package is.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EPIC, good_fields, run_cli, spec_text, write_repo

PLUGIN_SOURCE = """
from speckit_graph.check.rules import Rule
from speckit_graph.core.findings import Hit, Severity


def _untagged(graph, config):
    for spec in graph.specs():
        if "acme" not in (spec.fields.get("tags") or []):
            yield Hit(f"'{spec.id}' lacks the acme tag", path=spec.path, line=spec.location.line, spec=spec.id)


RULES = [Rule("ACME001", "acme-tag", Severity.WARNING, "Every spec carries the acme tag.", _untagged,
              url="https://example.com/acme#acme001")]
"""


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Install a one-rule plugin distribution on sys.path; returns its module name (unique per test)."""
    module = f"acme_rules_{uuid.uuid4().hex[:8]}"
    site = tmp_path / "site"
    site.mkdir()
    (site / f"{module}.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[speckit_graph.rules]\nacme = {module}:RULES\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    yield module
    sys.modules.pop(module, None)


def repository(tmp_path: Path, config: str) -> Path:
    tagged = good_fields("spec-story-a-001", tags=["acme"])
    untagged = good_fields("spec-story-b-001")
    root = write_repo(
        tmp_path / "repo",
        {"epic.md": spec_text(**EPIC, tags=["acme"]), "a.md": spec_text(**tagged), "b.md": spec_text(**untagged)},
    )
    (root / ".speckit-graph.toml").write_text(config, encoding="utf-8")
    return root


def test_a_named_plugin_registers_and_reports(tmp_path: Path, plugin: str) -> None:
    root = repository(tmp_path, 'plugins = ["acme"]\n')
    run = run_cli("check", root, "--no-cache", "--format", "json")
    assert run.code == 0, run.stderr
    findings = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "ACME001"]
    assert [(f["spec"], f["rule"], f["severity"]) for f in findings] == [("spec-story-b-001", "acme-tag", "warning")]
    sarif = json.loads(run_cli("check", root, "--no-cache", "--format", "sarif").stdout)
    [descriptor] = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "ACME001"]
    assert descriptor["helpUri"] == "https://example.com/acme#acme001"
    assert plugin in sys.modules


def test_a_plugin_rule_is_selectable_and_suppressible(tmp_path: Path, plugin: str) -> None:
    root = repository(tmp_path, 'plugins = ["acme"]\n')
    selected = run_cli("check", root, "--no-cache", "--select", "ACME", "--fail-on", "warning")
    assert selected.code == 1 and "ACME001 [warning] 'spec-story-b-001' lacks the acme tag" in selected.stdout
    assert "SG" not in selected.stdout.replace("speckit-graph", "")
    ignored = run_cli("check", root, "--no-cache", "--ignore", "acme-tag", "--fail-on", "warning")
    assert "ACME001" not in ignored.stdout
    silenced = good_fields("spec-story-b-001", **{"speckit-graph": {"ignore": ["ACME001"]}})
    (root / "b.md").write_text(spec_text(**silenced), encoding="utf-8")
    quiet = run_cli("check", root, "--no-cache", "--fail-on", "warning")
    assert quiet.code == 0 and "ACME001" not in quiet.stdout, quiet.stdout
    assert ", 1 suppressed." in quiet.stdout


def test_an_installed_plugin_is_ignored_unless_the_configuration_names_it(tmp_path: Path, plugin: str) -> None:
    root = repository(tmp_path, "# no plugins\n")
    run = run_cli("check", root, "--no-cache", "--fail-on", "warning")
    assert "ACME001" not in run.stdout and plugin not in sys.modules  # never imported
    unknown = run_cli("check", root, "--no-cache", "--select", "ACME001")
    assert unknown.code == 2 and "matches no rule" in unknown.stderr


def test_a_missing_or_broken_plugin_is_a_configuration_error(tmp_path: Path, plugin: str) -> None:
    root = repository(tmp_path, 'plugins = ["nonesuch"]\n')
    run = run_cli("check", root, "--no-cache")
    assert run.code == 2 and "no installed package provides 'nonesuch'" in run.stderr and "Traceback" not in run.stderr
    module = sys.path[0] + f"/{plugin}.py"
    Path(module).write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    (root / ".speckit-graph.toml").write_text('plugins = ["acme"]\n', encoding="utf-8")
    broken = run_cli("check", root, "--no-cache")
    assert broken.code == 2 and "failed to load: RuntimeError: boom" in broken.stderr and "Traceback" not in broken.stderr
