"""``init`` on the real corpora proposes the hierarchy it observes; confirmed, ``check`` reports only real violations.

Spot-checked in docs/real-repositories.md ("Type hierarchies on the corpora").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED, assert_no_traceback, run_cli
from tests.init.test_hierarchy_proposal import uncommented

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPORA = SHARED / "corpora"
#: corpus -> (types proposed, the SG6xx findings once the proposal is confirmed, as (code, spec)).
EXPECTED = {
    "requiem": (4, [("SG602", "CORE-USR-006")]),  # a user requirement under a system requirement
    "smart-ai-hub-99f8c88": (4, []),
    "smart-ai-hub-head": (3, []),
    "aptos-aips": (0, []),  # no type field and no parent links: nothing to propose
    "filecoin-fips": (0, []),
    "backlog-md": (0, []),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_init_proposes_the_observed_hierarchy_and_check_reports_only_real_violations(name: str, tmp_path: Path) -> None:
    source = CORPORA / name
    if not source.is_dir():
        pytest.skip(f"corpus {name} not found at {source} (CI checks ../shared out beside the repository)")
    init = run_cli("init", source, "--stdout")
    assert_no_traceback(init)
    assert init.code == 0, init.stderr
    confirmed = uncommented(init.stdout)
    types, findings = EXPECTED[name]
    assert len(tomllib.loads(confirmed).get("types", {})) == types
    config = tmp_path / "confirmed.toml"
    config.write_text(confirmed, encoding="utf-8")
    check = run_cli("check", source, "--config", config, "--select", "SG6", "--format", "json", "--no-cache")
    assert check.code in (0, 1), check.stderr
    reported = [(f["code"], f["spec"]) for f in json.loads(check.stdout)["findings"]]
    assert reported == findings
