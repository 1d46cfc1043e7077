"""Each real repository in ../shared/corpora: ``init`` then ``check``, and what remains is real.

Every test works on a copy in tmp_path (init writes its configuration file; the shared corpora
are never written to). For each corpus we assert the spec count, the number of resolved
links, the exact set of findings by code, and spot-check findings by spec id. And, because a
finding is only worth its truth: every remaining dangling id reference is checked to match no
spec under any spelling the configuration allows.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.load.references import canonical_form
from speckit_graph.usecases.load import load, resolve_config
from tests.conftest import REPO_ROOT, SHARED, assert_no_traceback, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPORA = SHARED / "corpora"


def corpus_copy(name: str, tmp_path: Path) -> Path:
    source = CORPORA / name
    if not source.is_dir():
        pytest.skip(f"corpus {name} not found at {source} (CI checks ../shared out beside the repository)")
    target = tmp_path / name
    shutil.copytree(source, target, symlinks=True)
    for dirpath, _dirnames, filenames in os.walk(target):  # the shared copies are read-only
        for entry in (dirpath, *(os.path.join(dirpath, n) for n in filenames)):
            os.chmod(entry, os.stat(entry).st_mode | stat.S_IWUSR)
    return target


def init_then_check(name: str, tmp_path: Path) -> tuple[Path, dict[str, Any], str, dict[str, Any]]:
    root = corpus_copy(name, tmp_path)
    init = run_cli("init", root)
    assert_no_traceback(init)
    assert init.code == 0, init.stderr
    config_text = (root / ".speckit-graph.toml").read_text(encoding="utf-8")
    check = run_cli("check", root, "--format", "json")
    assert_no_traceback(check)
    assert check.code in (0, 1), check.stderr
    return root, json.loads(check.stdout), init.stdout, tomllib.loads(config_text)


def resolved_links(root: Path) -> int:
    graph = load(root, resolve_config(root))
    return sum(1 for _ in graph.links())


def codes(document: dict[str, Any]) -> Counter[str]:
    return Counter(f["code"] for f in document["findings"])


def by(document: dict[str, Any], code: str) -> list[tuple[str | None, str]]:
    return sorted((f["spec"], f["message"]) for f in document["findings"] if f["code"] == code)


def assert_dangling_ids_are_really_missing(root: Path, document: dict[str, Any]) -> None:
    """No SG101 id target matches a spec ignoring case, padding, or a declared prefix swap."""
    config = resolve_config(root)
    graph = load(root, config)
    known = {canonical_form(spec_id) for spec_id in graph.ids()}
    groups = [[p.lower() for p in group] for group in config.references.equivalent_prefixes]
    for finding in document["findings"]:
        if finding["code"] != "SG101" or "which no spec has" not in finding["message"]:
            continue
        target = finding["target"].lower()
        spellings = {target} | {
            other + target[len(prefix) :] for group in groups for prefix in group if target.startswith(prefix) for other in group
        }
        assert not {canonical_form(s) for s in spellings} & known, finding


def test_aptos_aips(tmp_path: Path) -> None:
    root, document, init_out, config = init_then_check("aptos-aips", tmp_path)
    assert config["preset"] == "improvement-proposals"
    assert config["ids"]["number-template"] == "AIP-{}"
    assert config["references"]["base-urls"] == ["https://github.com/aptos-foundation/AIPs/blob/main/"]
    assert document["summary"]["specs"] == 145  # AIP-76 and AIP-96 load without the field that does not parse
    assert resolved_links(root) == 25
    assert "145 specs, 25 links resolved" in init_out
    # Dates are written mm/dd/yyyy (the template says `<mm/dd/yyyy>`): init switches the ISO date rule off.
    assert config["rules"] == {"invalid-effort": "off", "invalid-date": "off"}
    assert codes(document) == {"SG001": 2, "SG101": 1, "SG301": 1, "SG302": 1, "SG403": 120}
    # Real: template text left in the header (`<mm/dd/yyyy>`, `<Standard (Core, Framework)>`, `TODO`).
    placeholders = by(document, "SG403")
    assert ("AIP-56", "'created' still holds a template placeholder") in placeholders  # created: <10/11/2023>
    assert ("AIP-134", "'discussions-to (*optional)' still holds a template placeholder") in placeholders  # TODO
    # Real: the YAML of these two headers does not parse (a Markdown link in a block list, a stray key).
    assert sorted(f["spec"] for f in document["findings"] if f["code"] == "SG001") == ["AIP-76", "AIP-96"]
    assert sorted(f["path"] for f in document["findings"] if f["code"] == "SG001") == [
        "aips/aip-076-digital-assets-composability.md",
        "aips/aip-096-federated-keyless-accounts.md",
    ]
    # Real: AIP-55's file was renamed; the GitHub URL in AIP-61 points at the old name.
    ((spec, message),) = by(document, "SG101")
    assert spec == "AIP-61" and "aip-055-generalize-transaction-authentication-and-support.md" in message
    assert by(document, "SG301") == [("AIP-88", "'AIP-88' is Accepted but depends on 'AIP-57', which is only Draft")]
    assert by(document, "SG302") == [("AIP-108", "'AIP-108' depends on 'AIP-103', which is Rejected")]


def test_filecoin_fips(tmp_path: Path) -> None:
    root, document, _, config = init_then_check("filecoin-fips", tmp_path)
    assert config["ids"]["number-template"] == "FIP-{:04d}"
    assert config["references"]["equivalent-prefixes"] == [["frc-", "fip-"]]  # FRCs share the number space
    assert document["summary"]["specs"] == 114  # three with an impossible created date load too
    assert resolved_links(root) == 23
    assert codes(document) == {
        "SG004": 1,
        "SG101": 2,
        "SG403": 8,
        "SG404": 5,
        "SG008": 2,  # YAML 1.1 would read 'requires: 0054' as 44 and reject 'created: 2021-26-02'; said once each
    }  # "Superseded by FIP-0067": a redirect status; 8 template leftovers; 5 impossible dates
    # FIP-0050's `created: <2022-12-05>` is an unfilled template line: SG403 says so, SG404 does not repeat it.
    assert ("FIP-0050", "'created' still holds a template placeholder") in by(document, "SG403")
    assert not [f for f in document["findings"] if f["code"] == "SG404" and f["spec"] == "FIP-0050"]
    # Real: `created` is read as createdAt now, and these five are not dates (day and month swapped, a typo, words).
    assert {(f["spec"], f["message"]) for f in document["findings"] if f["code"] == "SG404"} >= {
        ("FIP-0014", "created '2021-26-02' is not a date (expected YYYY-MM-DD)"),
        ("FIP-0034", "created '2022-0218' is not a date (expected YYYY-MM-DD)"),
        ("FIP-0059", "created '10 feb 2023' is not a date (expected YYYY-MM-DD)"),
    }
    assert [(f["path"], f["line"]) for f in document["findings"] if f["code"] == "SG008"] == [
        ("FIPS/fip-0014.md", 9),
        ("FIPS/fip-0055.md", 12),
    ]
    assert by(document, "SG101") == [
        ("FIP-0044", "replaces names 'FIP-OO35', which no spec has"),  # the letter O, not zero
        ("FIP-0057", "requires names 'PR-512', which no spec has"),  # a pull request, not a proposal
    ]
    graph = load(root, resolve_config(root))
    assert graph.dependencies_of("FIP-0037") == ["FIP-0030", "FIP-0031", "FIP-0032"]
    assert_dangling_ids_are_really_missing(root, document)


@pytest.mark.slow
def test_backlog_md(tmp_path: Path) -> None:
    root, document, _, config = init_then_check("backlog-md", tmp_path)
    assert config["preset"] == "backlog-md"
    # 21 tasks carry `assignee: @name` (invalid YAML): each bad line is an SG001 and the task still loads.
    assert document["summary"]["specs"] == 677
    assert resolved_links(root) == 236
    assert codes(document) == {"SG001": 32, "SG102": 20, "SG101": 6, "SG303": 4, "SG402": 1}
    assert {spec for spec, _ in by(document, "SG001")} >= {"BACK-1", "BACK-3", "BACK-6"}
    # The legacy task-N spelling resolves; what stays dangling names tasks that exist under no id.
    dangling = {(spec, re.search(r"names '([^']+)'", message).group(1)) for spec, message in by(document, "SG101")}  # type: ignore[union-attr]
    assert ("BACK-13.1", "task-13") in dangling and ("BACK-1", "task-0") in dangling
    assert ("BACK-7", "task-3") not in dangling and ("BACK-6.2", "task-6") not in dangling  # BACK-3, BACK-6 load now
    assert by(document, "SG402") == [
        ("BACK-228", "status 'To do' is not one of: Draft, To Do, In Progress, Done, Won't Do, proposed, accepted, "
                     "rejected, superseded; did you mean 'To Do'?"),
    ]  # fmt: skip
    assert ("BACK-100", "parent 'BACK-100' is Done but its child 'BACK-100.9' is only To Do") in by(document, "SG303")
    # Archived and completed tasks really do reuse ids.
    assert {spec for spec, _ in by(document, "SG102")} >= {"BACK-168", "BACK-275", "BACK-41"}
    graph = load(root, resolve_config(root))
    assert graph.parent_of("BACK-100.9") == "BACK-100"
    assert_dangling_ids_are_really_missing(root, document)


def test_requiem(tmp_path: Path) -> None:
    root, document, _, config = init_then_check("requiem", tmp_path)
    assert config == {"preset": "requiem", "rules": {"invalid-effort": "off"}}  # no effort field anywhere
    assert document["summary"]["specs"] == 74
    assert resolved_links(root) == 73
    assert codes(document) == {"SG203": 2}
    assert [spec for spec, _ in by(document, "SG203")] == ["CLI-SYS-030", "CORE-DFT-017"]  # no parent, no child
    graph = load(root, resolve_config(root))
    assert graph.children_of("CORE-USR-001") == ["CLI-SYS-022", "CORE-SYS-001"]  # parents: [{uuid, hrid}]
    assert graph.parent_of("CORE-SYS-001") == "CORE-USR-001"


def test_smart_ai_hub_before_migration(tmp_path: Path) -> None:
    root, document, _, config = init_then_check("smart-ai-hub-99f8c88", tmp_path)
    assert config["preset"] == "speckit-authors"
    assert document["summary"]["specs"] == 95
    assert resolved_links(root) == 35
    assert codes(document) == {"SG101": 44, "SG402": 2, "SG005": 25, "SG001": 1}
    # 26 files have two blocks: 25 disagree (the merge is said, with the winning value), one does not parse.
    assert ("US-1", "second frontmatter block disagrees with the first on title ('Us 1' vs 'User Registration with Email'; "
            "'User Registration with Email' wins), status ('active' vs 'Draft'; 'Draft' wins)") in [
        (spec, message.split(", priority")[0]) for spec, message in by(document, "SG005")
    ]  # fmt: skip
    ((_, bad_second),) = by(document, "SG001")
    assert bad_second.startswith("second frontmatter block is not valid YAML")
    graph = load(root, resolve_config(root))
    # The user stories' ids live in a second frontmatter block; their path links resolve.
    assert graph.parent_of("US-1") == "specs/03_backlog/epics/epic_2"
    assert graph.related_of("US-11") == [
        "specs/01_requirements/functional/fr_credit_03",
        "specs/01_requirements/functional/fr_credit_04",
    ]
    assert graph.related_of("FEAT-003") == ["EPIC-002", "FEAT-001"]  # "EPIC-002: Financial System & Credits"
    # Real: related_specs naming documents no spec declares.
    assert ("FEAT-011", "related_specs names 'DISASTER_RECOVERY_PLAN', which no spec has") in by(document, "SG101")
    assert [spec for spec, _ in by(document, "SG402")] == ["FEAT-012", "specs/SUBSCRIPTION_PLANS_SYSTEM_SPEC"]
    assert_dangling_ids_are_really_missing(root, document)


def test_smart_ai_hub_head(tmp_path: Path) -> None:
    root, document, _, config = init_then_check("smart-ai-hub-head", tmp_path)
    assert config["preset"] == "speckit-authors"
    assert document["summary"]["specs"] == 14
    assert resolved_links(root) == 10
    assert codes(document) == {"SG101": 17, "SG004": 8, "SG402": 1}
    assert {f["path"].split("/")[0] for f in document["findings"] if f["code"] == "SG004"} == {"packages"}
    # Real: the RAG spec's file is named after FR-RAG-001 but declares no id; SG101 says which file was meant.
    assert (
        "FEAT-004",
        "related_specs names 'FR-RAG-001', which no spec has; "
        "specs/014-agent-skills-rag-system/FR-RAG-001-RAG-System-Integration.md is named after it but declares no id",
    ) in by(document, "SG101")
    assert_dangling_ids_are_really_missing(root, document)


def test_corpora_are_only_read(tmp_path: Path) -> None:
    """The copies hold exactly one new file after init; the originals none."""
    if not CORPORA.is_dir():
        pytest.skip(f"corpora not found at {CORPORA} (CI checks ../shared out beside the repository)")
    for name in sorted(p.name for p in CORPORA.iterdir()):
        assert not (CORPORA / name / ".speckit-graph.toml").exists()


def test_the_walkthrough_in_the_docs_shows_real_output(tmp_path: Path) -> None:
    """docs/real-repositories.md: every command block, run in order on a copy, prints exactly that."""
    doc = (REPO_ROOT / "docs" / "real-repositories.md").read_text(encoding="utf-8")
    corpus_copy("filecoin-fips", tmp_path)
    blocks = re.findall(r"```console\n\$ (.*?)\n(.*?)```", doc, flags=re.DOTALL)
    assert len(blocks) == 3
    for command, expected in blocks:
        pipeline = command.split(" | ")
        args = shlex.split(pipeline[0])
        assert args[0] == "speckit-graph"
        run = run_cli(*args[1:], cwd=tmp_path)
        assert_no_traceback(run)
        output = run.stdout
        if len(pipeline) == 2:
            count = int(pipeline[1].removeprefix("tail -n "))
            output = "".join(output.splitlines(keepends=True)[-count:])
        assert output == expected, command
    (written,) = re.findall(r"```toml\n(.*?)```", doc.split("## Walkthrough", 1)[1], flags=re.DOTALL)
    assert (tmp_path / "filecoin-fips" / ".speckit-graph.toml").read_text(encoding="utf-8") == written
