"""``check --history --diff-base`` reads two histories; a blob both need is fingerprinted once.

The two histories (today's and the base's) walk mostly the same file versions; the blobs' meaning
fingerprints are kept for the command, so none is read and parsed twice, and the findings stay
what two separate reads gave.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from speckit_graph.vcs.history import Normaliser
from tests.support.changes import EPIC, GitRepo, needs_git, story
from tests.support.cli import run_cli

pytestmark = needs_git

API = {"id": "spec-api-001", "title": "API", "type": "api_spec", "status": "draft", "parent": "spec-epic-001"}


def test_each_blob_is_fingerprinted_once_across_both_histories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.spec("specs/epic.md", "The epic.\n", **EPIC)
    repo.spec("specs/api.md", "API v1.\n", **API)
    repo.spec("specs/story.md", "The story.\n", **story("spec-story-001", dependencies=["spec-api-001"]))
    repo.commit("v1", day=1)
    repo.spec("specs/api.md", "API v2.\n", **API)
    repo.commit("v2", day=2)
    repo.spec("specs/api.md", "API v3.\n", **API)
    repo.commit("v3", day=3)
    args = ("check", repo.root / "specs", "--history", "--select", "SG305", "--format", "json", "--no-cache")
    separate = json.loads(run_cli(*args, "--diff-base", "HEAD~1").stdout)
    seen: Counter[bytes] = Counter()
    real = Normaliser.meaning

    def counting(self: Normaliser, raw: bytes) -> str:
        seen[raw] += 1
        return real(self, raw)

    monkeypatch.setattr(Normaliser, "meaning", counting)
    together = json.loads(run_cli(*args, "--diff-base", "HEAD~1").stdout)
    assert together == separate
    # today: api v2 against v3; the base (v2): v1 against v2. v2 is read once for both.
    assert sorted(raw.split(b"\n\n", 1)[1] for raw in seen) == [b"API v1.\n", b"API v2.\n", b"API v3.\n"]
    assert set(seen.values()) == {1}
    # story is suspect today and was at the base already: hidden as not new
    assert (together["findings"], together["summary"]["baselined"]) == ([], 1)
