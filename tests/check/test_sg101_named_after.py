"""SG101 says which file a dangling id was meant for when a file is named after it but has no id.

SmartAIHub's `related_specs: ['FR-SKILLS-001: Agent Skills Marketplace']` names the file
`FR-SKILLS-001-Agent-Skills-Marketplace.md`, whose id comes from its path because it declares
none. The link stays unresolved (no silent merge); the message says where to add the id.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli, write_repo

CONFIG = '[ids]\nfrom-path = "^(?P<path>.+)\\\\.md$"\npath-format = "{path}"\n'


def sg101(root: Path) -> list[str]:
    run = run_cli("check", root, "--format", "json", "--select", "SG101")
    return sorted(f["message"] for f in json.loads(run.stdout)["findings"])


def test_a_file_named_after_the_missing_id_is_named(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo",
        {
            ".speckit-graph.toml": CONFIG,
            "a.md": "---\nid: FEAT-1\ntitle: A\nrelated: [FR-SKILLS-001, FR-GONE-9]\n---\n",
            "skills/FR-SKILLS-001-Agent-Skills.md": "---\ntitle: Skills\n---\n",
        },
    )
    assert sg101(root) == [
        "related names 'FR-GONE-9', which no spec has",
        "related names 'FR-SKILLS-001', which no spec has; skills/FR-SKILLS-001-Agent-Skills.md "
        "is named after it but declares no id",
    ]


def test_a_file_that_declares_an_id_or_only_shares_a_word_is_not_named(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo",
        {
            ".speckit-graph.toml": CONFIG,
            "a.md": "---\nid: FEAT-1\ntitle: A\nrelated: [FR-SKILLS-001, FR-SKI]\n---\n",
            "FR-SKILLS-001-Agent-Skills.md": "---\nid: SKILLS\ntitle: Skills\n---\n",
            "FR-SKILLSET-2.md": "---\ntitle: Skill set\n---\n",
        },
    )
    assert not any("named after it" in message for message in sg101(root))
