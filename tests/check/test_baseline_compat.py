"""Baselines written by version 0.1 (before SG101/SG106 moved from the loader to their rules) still match.

The fixtures were written by that code: ``baseline-v0.1.json`` from ``examples/broken`` and
``baseline-links-v0.1.json`` from ``fixtures/legacy-links``, a repository whose path and URL
links lead nowhere or match only loosely (SG101 for paths, SG106).
"""

from __future__ import annotations

import json
from pathlib import Path

from speckit_graph.check.baseline import apply_baseline, dump_baseline, parse_baseline
from speckit_graph.core.findings import CheckResult
from speckit_graph.usecases.check import check_path
from tests.conftest import EXAMPLES, run_cli

FIXTURES = Path(__file__).parent / "fixtures"
LEGACY_LINKS = FIXTURES / "legacy-links"


def checked(root: Path) -> CheckResult:
    """What ``check`` reports on ``root``, with its own configuration, without the cache."""
    return check_path(root, jobs=1)


def test_the_old_baseline_of_examples_broken_hides_every_finding() -> None:
    """Every finding 0.1 could report stays hidden; a rule added since (SG008, SG009) is new, as it should be."""
    result = checked(EXAMPLES / "broken")
    old = parse_baseline((FIXTURES / "baseline-v0.1.json").read_text(), "baseline-v0.1.json")
    hidden = apply_baseline(result, old)
    # Rules added since 0.1 (SG008, SG009, the SG6xx, the spec planting SG606): their findings are new, older ones hidden.
    assert sorted(f.code for f in hidden.findings) == [
        "SG008", "SG009", "SG601", "SG602", "SG603", "SG604", "SG604", "SG605", "SG606"
    ]  # fmt: skip
    assert (hidden.baselined, hidden.baseline_stale) == (len(result.findings) - 9, 0) == (37, 0)


def test_the_old_baseline_of_path_links_hides_every_finding_from_the_cli() -> None:
    run = run_cli("check", LEGACY_LINKS, "--no-cache", "--baseline", FIXTURES / "baseline-links-v0.1.json")
    assert run.code == 0, run.stdout + run.stderr
    assert "9 known findings hidden, 0 entries no longer occur" in run.stderr
    assert "0 errors, 0 warnings, 0 infos, 9 baselined" in run.stdout


def test_path_links_now_share_the_id_links_key_and_old_entries_still_count_once() -> None:
    result = checked(LEGACY_LINKS)
    dangling = [f for f in result.findings if f.code == "SG101"]
    assert (
        len(dangling) == 6 and sum(f.legacy_fingerprint is not None for f in dangling) == 4
    )  # not the id, not the URL (key unchanged)
    old = json.loads((FIXTURES / "baseline-links-v0.1.json").read_text())["findings"]
    new = json.loads(dump_baseline(result.findings))["findings"]
    assert len(old) == len(new) == 9 and set(old) != set(new)
    # a finding matched through its legacy fingerprint consumes that entry: a second copy is new
    doubled = CheckResult(findings=result.findings + tuple(dangling), specs=3, files_scanned=4, files_skipped=1)
    assert len(apply_baseline(doubled, parse_baseline(json.dumps({"version": 1, "findings": old}), "old")).findings) == 6


def test_a_rewritten_baseline_hides_the_same_findings() -> None:
    result = checked(LEGACY_LINKS)
    rewritten = apply_baseline(result, parse_baseline(dump_baseline(result.findings), "new"))
    assert rewritten.findings == () and rewritten.baseline_stale == 0
