"""Repositories gathered for issue 13 (tests/fixtures/corpora, each with a SOURCE.md): init, check, report.

Each is a style none of the shared corpora has: MADR decisions with Jekyll navigation frontmatter,
IPFS improvement proposals (a status under the key `ipip`, `xref` by file name), Backstage's
Docusaurus ADRs (explicit `id`, unquoted colons in titles) and Cardano's one-folder-per-proposal
CIPs. Every test works on a copy (init writes its configuration file). For each: init then check
has no traceback, accounts for every Markdown file, and its findings are spot-checked as real.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.config.model import DEFAULT_EXCLUDED_DIRS
from speckit_graph.load.loader import load_specs
from speckit_graph.usecases.load import resolve_config
from tests.conftest import REPO_ROOT, assert_no_traceback, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GATHERED = REPO_ROOT / "tests" / "fixtures" / "corpora"
NAMES = sorted(p.name for p in GATHERED.iterdir() if p.is_dir())


def init_then_check(name: str, tmp_path: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    root = tmp_path / name
    shutil.copytree(GATHERED / name, root)
    init = run_cli("init", root)
    assert_no_traceback(init)
    assert init.code == 0, init.stderr
    config = tomllib.loads((root / ".speckit-graph.toml").read_text(encoding="utf-8"))
    check = run_cli("check", root, "--format", "json")
    assert_no_traceback(check)
    assert check.code in (0, 1), check.stderr
    return root, json.loads(check.stdout), config


def markdown_files(root: Path) -> set[str]:
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in DEFAULT_EXCLUDED_DIRS]
        found.update(Path(dirpath, n).relative_to(root).as_posix() for n in filenames if n.lower().endswith(".md"))
    return found


def codes(document: dict[str, Any]) -> Counter[str]:
    return Counter(f["code"] for f in document["findings"])


def where(document: dict[str, Any], code: str) -> list[tuple[str, int]]:
    return sorted((f["path"], f["line"]) for f in document["findings"] if f["code"] == code)


def report_says_no_status(root: Path) -> None:
    run = run_cli("report", root)
    assert_no_traceback(run)
    assert run.code == 2 and "has no 'status' field" in run.stderr, run.stderr


def test_every_gathered_corpus_has_a_source_note() -> None:
    assert len(NAMES) >= 6
    for name in NAMES:
        source = (GATHERED / name / "SOURCE.md").read_text(encoding="utf-8")
        assert "Repository: https://github.com/" in source and "Licence:" in source and "commit" in source


@pytest.mark.parametrize("name", NAMES)
def test_init_then_check_accounts_for_every_markdown_file(name: str, tmp_path: Path) -> None:
    root, document, _ = init_then_check(name, tmp_path)
    expected = markdown_files(root)
    assert document["summary"]["files_scanned"] == len(expected)
    result = load_specs(root, resolve_config(root))
    specs = {spec.path for spec in result.specs}
    skipped = set(result.skipped_paths)
    reported = {hit.path for hit in result.issues if hit.spec is None}
    assert specs | skipped | reported == expected
    assert not (specs & skipped) and not (skipped & reported)


def test_madr(tmp_path: Path) -> None:
    root, document, config = init_then_check("madr", tmp_path)
    # No id field; `nav_order` is unique per file but orders pages, so ids come from the file names.
    assert config["ids"] == {"from-path": r"^(?:.*/)?(?P<stem>[^/]+)\.md$", "path-format": "{stem}"}
    assert document["summary"]["specs"] == 21
    assert codes(document) == {"SG101": 20, "SG001": 1}
    # Real: the template's status is template text in braces, which YAML reads as an unclosed flow mapping.
    assert where(document, "SG001") == [("template/adr-template.md", 3)]
    # Real for this copy: `parent: Decisions` names the navigation page by title, and no file here is called that.
    messages = {f["message"] for f in document["findings"] if f["code"] == "SG101"}
    assert messages == {"parent names 'Decisions', which no spec has"}
    # Two of twenty files carry a status: no lifecycle, and report says why instead of 21 blockers.
    report_says_no_status(root)


def test_ipfs_ipips(tmp_path: Path) -> None:
    root, document, config = init_then_check("ipfs-ipips", tmp_path)
    assert config["ids"]["path-format"] == "{stem}"
    assert config["aliases"]["createdAt"] == ["date"]
    # `xref` names specs outside src/ipips (not copied): no value resolves, so it is not proposed as a link,
    # and with no link anywhere the orphan rule would flag all 20.
    assert "links" not in config and config["rules"]["orphan"] == "off"
    assert document["summary"]["specs"] == 20
    assert document["findings"] == []
    # The status is under `ipip` (ratified 10, proposal 8, draft 1, open 1): recognised by its values.
    assert config["aliases"]["status"] == ["ipip"]
    assert config["lifecycle"]["stages"] == ["draft", "open", "proposal", "ratified"]
    assert config["lifecycle"]["done"] == ["ratified"]
    report = run_cli("report", root)
    assert_no_traceback(report)
    # The ten not yet ratified are the blockers; the ten ratified are done, never blockers; the template is not a spec.
    assert report.code == 1 and "10 blockers" in report.stdout and "10/20 live specs ratified" in report.stdout
    assert "ipip-0445" in report.stdout and "is open, needs ratified" in report.stdout
    assert "is ratified, needs" not in report.stdout


def test_backstage_adrs(tmp_path: Path) -> None:
    root, document, config = init_then_check("backstage-adrs", tmp_path)
    assert "ids" not in config  # Docusaurus writes an explicit `id`
    assert document["summary"]["specs"] == 18
    assert codes(document) == {"SG001": 5, "SG401": 5}
    # Real: `title: ADR002: Default ...` is not valid YAML (a second ': ' in a plain value), line 3 each time.
    broken = ["adr000-template.md", "adr002-default-catalog-file-format.md", "adr004-module-export-structure.md",
              "adr006-avoid-react-fc.md", "adr010-luxon-date-library.md"]  # fmt: skip
    assert where(document, "SG001") == [(f"docs/architecture-decisions/{name}", 3) for name in broken]
    # The title is missing *because* its line does not parse, and SG401 says so.
    assert all("line 3 does not parse" in f["message"] for f in document["findings"] if f["code"] == "SG401")
    # ADR002's body holds a ```yaml block starting with `---`: not a second frontmatter block.
    assert "SG005" not in codes(document)
    report_says_no_status(root)


def test_cardano_cips(tmp_path: Path) -> None:
    root, document, config = init_then_check("cardano-cips", tmp_path)
    assert config["preset"] == "improvement-proposals" and config["aliases"]["id"] == ["CIP"]
    assert config["ids"]["number-template"] == "CIP-{}"
    assert document["summary"]["specs"] == 5  # CPS-0003 has `CPS`, not `CIP`
    # Real: `Proposed` is the CIP process's own stage, absent from the EIP-style vocabulary; two CIPs hold it.
    assert sorted(f["spec"] for f in document["findings"] if f["code"] == "SG402") == ["CIP-113", "CIP-18"]
    # `Title` is read as the title (capitalised keys are mapped), so CPS-0003, whose number is under `CPS`,
    # is rightly said to look like a spec without an id.
    assert codes(document) == {"SG402": 2, "SG003": 1}
    assert where(document, "SG003") == [("CPS-0003/README.md", 1)]
    assert config["aliases"]["title"] == ["Title"]
    # `Implementors: N/A` and `Implementors: []` are "none" and never a finding.
    assert not any("Implementors" in f["message"] for f in document["findings"])
    report = run_cli("report", root)
    assert_no_traceback(report)
    assert report.code == 1 and "CIP-113" in report.stdout and "CIP-18" in report.stdout


def test_near_neps(tmp_path: Path) -> None:
    root, document, config = init_then_check("near-neps", tmp_path)
    assert config["preset"] == "improvement-proposals" and config["aliases"]["id"] == ["NEP"]
    assert config["ids"]["number-template"] == "NEP-{}"
    # Capitalised keys are the NEP preamble's own: Title, Type, Category; the preset itself reads
    # Author and Authors (17 and 3 of the 20 NEPs), so init adds no alias for them.
    assert config["aliases"]["title"] == ["Title"] and "author" not in config["aliases"]
    # `Created: 03-Mar-2022` is the repository's convention (17 of 20), not 17 bad dates.
    assert config["rules"]["invalid-date"] == "off"
    # `Replaces: 21` and `SupersededBy: 141` resolve; `Requires` names two NEPs not copied, so it is only suggested.
    assert set(config["links"]) == {"replaces", "supersededby"}
    assert "# [links.depends_on]  # 8 of 10 references resolve" in (root / ".speckit-graph.toml").read_text(encoding="utf-8")
    assert document["summary"]["specs"] == 20
    assert codes(document) == {"SG402": 2, "SG401": 1}
    # Real: NEP-0001's process names `Approved` as an outcome (the EIP-style vocabulary lacks it), and the
    # stored nep-0000-template.md is a draft with status `New` and its title under the misspelt key `Titile`.
    statuses = sorted(f["message"].split("'")[1] for f in document["findings"] if f["code"] == "SG402")
    assert statuses == ["Approved", "New"]
    assert where(document, "SG401") == [("neps/nep-0000-template.md", 1)]
    report = run_cli("report", root)
    assert_no_traceback(report)
    # Eleven Final NEPs are done and never blockers; the seven Drafts and the two off-vocabulary ones are.
    assert report.code == 1 and "9 blockers" in report.stdout and "11/20 live specs Final/Active/Living" in report.stdout
    assert "NEP-141 " not in report.stdout.split("## Progress")[0]


def test_hedera_hips(tmp_path: Path) -> None:
    root, document, config = init_then_check("hedera-hips", tmp_path)
    assert config["preset"] == "improvement-proposals" and config["aliases"]["id"] == ["hip"]
    assert config["ids"]["number-template"] == "HIP-{}"
    # hip-17 (a Markdown list, no frontmatter) is not a spec; hip-1000 (`hip:1000`) has no id.
    assert document["summary"]["specs"] == 18 and document["summary"]["files_scanned"] == 21  # and SOURCE.md
    assert codes(document) == {"SG101": 3, "SG404": 3, "SG403": 2, "SG001": 1, "SG003": 1, "SG008": 1}
    # Real: `hip:1000` lacks the space after the colon, so it is no key and the file has no id.
    assert where(document, "SG001") == [("HIP/hip-1000.md", 2)] and where(document, "SG003") == [("HIP/hip-1000.md", 1)]
    # Real: the id is still the template's `<HIP number ...>`, and `discussions-to: TBD` is unfinished.
    assert where(document, "SG403") == [("HIP/hip-0000-template.md", 2), ("HIP/hip-100.md", 10)]
    # Real: HIP-1021 was updated on 2024-01-08, before it was created on 2024-08-01 (a year typo).
    messages = {f["message"] for f in document["findings"] if f["code"] == "SG404"}
    assert "updated 2024-01-08 is before created 2024-08-01" in messages
    # `updated: 2022-09-29, 2022-10-03, ...` is HIP-1's own convention (the field keeps its history): read as
    # the latest date, said once per file as an info, not a warning that the date is bad.
    assert not any("is not a date" in m for m in messages)
    lists = sorted((f["path"], f["severity"], f["message"]) for f in document["findings"] if "dates; read as" in f["message"])
    assert lists == [
        ("HIP/hip-10.md", "info", "updated lists 3 dates; read as the latest, 2022-04-19"),
        ("HIP/hip-583.md", "info", "updated lists 4 dates; read as the latest, 2022-11-07"),
    ]
    # `needs-council-approval: Yes` is a boolean to YAML 1.1 readers: said once, as an info.
    assert where(document, "SG008") == [("HIP/hip-0000-template.md", 7)]
    # The three SG101 name HIPs 32, 655 and 777, which this copy does not hold.
    targets = sorted(f["message"].split("'")[1] for f in document["findings"] if f["code"] == "SG101")
    assert targets == ["HIP-32", "HIP-655", "HIP-777"]
    report = run_cli("report", root)
    assert_no_traceback(report)
    assert report.code == 1 and "9 blockers" in report.stdout and "8/17 live specs Final/Active/Living" in report.stdout
    # HIP-10 is Replaced (superseded by HIP-412): a redirect, neither a blocker nor live.
    assert "| HIP-10 |" not in report.stdout.split("## Progress")[0]
