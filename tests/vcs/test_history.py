"""SG305 suspect links and the git history behind them, on repositories committed in the test."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.findings import CheckResult
from speckit_graph.usecases.check import check as check_graph
from speckit_graph.usecases.history import load_history, with_history
from speckit_graph.usecases.load import load
from speckit_graph.vcs.history import Normaliser
from tests.conftest import assert_no_traceback, run_cli
from tests.support.changes import EPIC, GitRepo, needs_git, spec_file, story

pytestmark = needs_git

API = {"id": "spec-api-001", "title": "API", "type": "api_spec", "status": "draft", "parent": "spec-epic-001"}


def suspects(root: Path, config: Config | None = None) -> CheckResult:
    config = config if config is not None else Config()
    graph = load(root, config)
    graph = with_history(graph, load_history(graph, root, config))
    return check_graph(graph, config, select=["SG305"])


def pairs(result: CheckResult) -> list[tuple[str | None, tuple[str, ...]]]:
    return [(f.spec, f.related) for f in result.findings]


@pytest.fixture()
def repo(tmp_path: Path) -> GitRepo:
    """epic <- api <- story (story depends on api), all committed on day 1."""
    repo = GitRepo(tmp_path / "repo")
    repo.spec("specs/epic.md", "The epic.\n", **EPIC)
    repo.spec("specs/api.md", "Version one of the API.\n", **API)
    repo.spec("specs/story.md", "The story.\n", **story("spec-story-001", dependencies=["spec-api-001"]))
    repo.commit("initial specs", day=1)
    return repo


def test_nothing_is_suspect_when_everything_changed_together(repo: GitRepo) -> None:
    assert suspects(repo.root / "specs").findings == ()


def test_substantive_upstream_change_makes_the_dependent_suspect(repo: GitRepo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.spec("specs/api.md", "Version two: the API now needs a token.\n", **API)
    second = repo.commit("api v2", day=5)
    result = suspects(repo.root / "specs")
    assert pairs(result) == [("spec-story-001", ("spec-api-001",))]
    finding = result.findings[0]
    assert finding.path == "story.md" and finding.line == 8  # the dependencies entry
    assert f"changed in {second[:10]} (2024-01-05)" in finding.message
    assert f"last changed ({first[:10]}, 2024-01-01)" in finding.message
    assert f"reviewed: {{spec-api-001: {second[:10]}}}" in finding.message
    assert finding.extra["upstream_commit"] == second and finding.extra["upstream_date"] == "2024-01-05"
    assert finding.extra["last_change"] == first and finding.extra["link"] == "depends_on"


@pytest.mark.parametrize(
    "cosmetic",
    [
        pytest.param(lambda: spec_file("Version   one of\nthe API.\n\n", **API), id="whitespace-and-wrapping"),
        pytest.param(lambda: spec_file("Version one of the API.\n", **{**API, "updatedAt": "2024-02-01"}), id="updatedAt"),
        pytest.param(lambda: spec_file("Version one of the API.\n", **{**API, "version": "1.1.0"}), id="version"),
        pytest.param(lambda: spec_file("Version one of the API.\n", **{**API, "status": "approved"}), id="status"),
        pytest.param(lambda: spec_file("Version one of the API.\n", **dict(reversed(API.items()))), id="key-order"),
        pytest.param(
            lambda: (
                "---\nid: \"spec-api-001\"\ntitle: 'API'\ntype: api_spec\nstatus: draft\nparent: spec-epic-001\n"
                "related: ~\n---\n\nVersion one of the API.\n"
            ),
            id="quoting-and-empty-value",
        ),
    ],
)
def test_cosmetic_upstream_changes_are_not_substantive(repo: GitRepo, cosmetic: object) -> None:
    assert callable(cosmetic)
    repo.write("specs/api.md", cosmetic())
    repo.commit("cosmetic", day=5)
    assert suspects(repo.root / "specs").findings == ()


def test_the_last_substantive_change_is_found_behind_cosmetic_ones(repo: GitRepo) -> None:
    repo.spec("specs/api.md", "Version two.\n", **API)
    substantive = repo.commit("api v2", day=3)
    repo.spec("specs/story.md", "The story, reviewed.\n", **story("spec-story-001", dependencies=["spec-api-001"]))
    repo.commit("story follows", day=4)
    for day in (5, 6, 7):  # three cosmetic commits after the review
        repo.spec("specs/api.md", "Version two." + "\n" * day, **{**API, "updatedAt": f"2024-01-0{day}"})
        repo.commit(f"touch {day}", day=day)
    assert suspects(repo.root / "specs").findings == ()
    history = load_history(load(repo.root / "specs"), repo.root / "specs", Config())
    changed = history.changed["api.md"]
    assert changed is not None and changed.commit == substantive


def test_a_substantive_update_of_the_dependent_clears_it_but_updatedat_does_not(repo: GitRepo) -> None:
    repo.spec("specs/api.md", "Version two.\n", **API)
    repo.commit("api v2", day=3)
    fields = story("spec-story-001", dependencies=["spec-api-001"])
    repo.spec("specs/story.md", "The story.\n", **{**fields, "updatedAt": "2024-01-04"})
    repo.commit("bump updatedAt only", day=4)
    assert pairs(suspects(repo.root / "specs")) == [("spec-story-001", ("spec-api-001",))]
    repo.spec("specs/story.md", "The story, now with a token.\n", **fields)
    repo.commit("story follows the API", day=5)
    assert suspects(repo.root / "specs").findings == ()


def test_parent_changes_make_children_suspect(repo: GitRepo) -> None:
    repo.spec("specs/epic.md", "The epic, with a new goal.\n", **EPIC)
    repo.commit("epic goal", day=3)
    result = suspects(repo.root / "specs")
    assert pairs(result) == [("spec-api-001", ("spec-epic-001",)), ("spec-story-001", ("spec-epic-001",))]
    assert all("its parent 'spec-epic-001'" in f.message and f.extra["link"] == "parent" for f in result.findings)


def test_acknowledgement_clears_until_the_next_upstream_change(repo: GitRepo) -> None:
    repo.spec("specs/api.md", "Version two.\n", **API)
    v2 = repo.commit("api v2", day=3)
    fields = story("spec-story-001", dependencies=["spec-api-001"])
    repo.spec("specs/story.md", "The story.\n", **{**fields, "reviewed": {"spec-api-001": v2[:7]}})
    repo.commit("story reviewed against v2", day=4)
    assert suspects(repo.root / "specs").findings == ()
    repo.spec("specs/api.md", "Version three.\n", **API)
    v3 = repo.commit("api v3", day=6)
    result = suspects(repo.root / "specs")
    assert pairs(result) == [("spec-story-001", ("spec-api-001",))]
    assert f"acknowledges ({v2[:10]})" in result.findings[0].message and v3[:10] in result.findings[0].message


def test_acknowledging_a_later_unrelated_commit_also_clears(repo: GitRepo) -> None:
    repo.spec("specs/api.md", "Version two.\n", **API)
    repo.commit("api v2", day=3)
    repo.write("README.txt", "outside the spec folder\n")
    later = repo.commit("unrelated", day=4)
    fields = story("spec-story-001", dependencies=["spec-api-001"])
    repo.spec("specs/story.md", "The story.\n", **{**fields, "reviewed": {"spec-api-001": later}})
    assert suspects(repo.root / "specs").findings == ()


def test_bad_acknowledgements_are_reported(repo: GitRepo) -> None:
    repo.write(
        "specs/story.md",
        "---\nid: spec-story-001\ntitle: S\ntype: user_story\nstatus: draft\nparent: spec-epic-001\n"
        "dependencies: [spec-api-001]\nreviewed: {spec-api-001: 1234567, spec-epic-001: deadbeef}\n---\nThe story.\n",
    )
    messages = [f.message for f in suspects(repo.root / "specs").findings]
    assert "reviewed: the commit id for 'spec-api-001' was read as a number; quote it: '1234567'" in messages
    assert "reviewed: 'deadbeef' (for 'spec-epic-001') names no commit of this repository" in messages
    repo.write("specs/story.md", spec_file("The story.\n", **story("spec-story-001", reviewed=["abc1234"])))
    (message,) = [f.message for f in suspects(repo.root / "specs").findings]
    assert message.startswith("reviewed must map spec ids to commit ids")


def test_renames_are_followed_and_a_pure_move_is_not_a_change(repo: GitRepo) -> None:
    repo.git("mv", "specs/api.md", "specs/api-renamed.md")
    repo.commit("move the api spec", day=4)
    assert suspects(repo.root / "specs").findings == ()
    history = load_history(load(repo.root / "specs"), repo.root / "specs", Config())
    changed = history.changed["api-renamed.md"]
    assert changed is not None and changed.date == "2024-01-01"  # followed to its creation under the old name


def test_uncommitted_and_untracked_changes_count_as_newest(repo: GitRepo) -> None:
    repo.spec("specs/epic.md", "The epic, edited but not committed.\n", **EPIC)
    result = suspects(repo.root / "specs")
    assert pairs(result) == [("spec-api-001", ("spec-epic-001",)), ("spec-story-001", ("spec-epic-001",))]
    assert "has uncommitted changes" in result.findings[0].message
    assert result.findings[0].extra["upstream_commit"] is None
    # a new, untracked dependent was written after everything it rests on
    repo.spec("specs/new.md", "New.\n", **story("spec-story-002", dependencies=["spec-api-001"]))
    assert ("spec-story-002", ("spec-api-001",)) not in pairs(suspects(repo.root / "specs"))


def test_retired_dependents_are_not_judged(repo: GitRepo) -> None:
    fields = story("spec-story-001", dependencies=["spec-api-001"], status="deprecated")
    repo.spec("specs/story.md", "The story.\n", **fields)
    repo.commit("retire the story", day=2)
    repo.spec("specs/api.md", "Version two.\n", **API)
    repo.commit("api v2", day=3)
    assert suspects(repo.root / "specs").findings == ()


def test_ignore_fields_is_configurable(repo: GitRepo) -> None:
    repo.spec("specs/api.md", "Version one of the API.\n", **{**API, "status": "approved"})
    repo.commit("approve the api", day=3)
    assert suspects(repo.root / "specs").findings == ()
    config = parse_config({"history": {"ignore-fields": ["updatedAt", "version"]}})
    assert pairs(suspects(repo.root / "specs", config)) == [("spec-story-001", ("spec-api-001",))]


def test_without_history_the_rule_does_not_run(repo: GitRepo) -> None:
    repo.spec("specs/api.md", "Version two.\n", **API)
    repo.commit("api v2", day=3)
    result = check_graph(load(repo.root / "specs"), Config())
    assert "SG305" not in result.rules_run and all(f.code != "SG305" for f in result.findings)
    run = run_cli("check", "--select", "SG305", repo.root / "specs")
    assert run.code == 0 and "SG305" not in run.stdout


def test_check_history_end_to_end_and_deterministic(repo: GitRepo) -> None:
    repo.spec("specs/api.md", "Version two.\n", **API)
    repo.commit("api v2", day=3)
    runs = [run_cli("check", "--history", "specs", cwd=repo.root) for _ in range(2)]
    assert runs[0].code == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert "specs/story.md:8:3: SG305 [info] 'spec-story-001' may be out of date" in runs[0].stdout
    assert runs[0].stderr == ""
    failing = run_cli("check", "--history", "--fail-on", "info", "specs", cwd=repo.root)
    assert failing.code == 1


def test_check_history_with_diff_base_only_reports_new_suspects(repo: GitRepo) -> None:
    repo.spec("specs/api.md", "Version two.\n", **API)
    repo.commit("api v2", day=3)  # story is suspect from here on
    repo.spec("specs/epic.md", "New goal.\n", **EPIC)
    repo.commit("epic goal", day=4)  # api and story become suspect of their parent
    run = run_cli("check", "--history", "--diff-base", "HEAD~1", "--format", "json", "specs", cwd=repo.root)
    assert run.code == 0, run.stderr
    import json

    found = {(f["spec"], f["upstream"]) for f in json.loads(run.stdout)["findings"]}
    assert found == {("spec-api-001", "spec-epic-001"), ("spec-story-001", "spec-epic-001")}


def test_history_outside_a_repository_is_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.md").write_text(spec_file(**EPIC), encoding="utf-8")
    run = run_cli("check", "--history", folder, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert_no_traceback(run)
    assert run.code == 2
    assert run.stderr.count("\n") == 1 and "not inside a git work tree" in run.stderr


def test_a_repository_without_commits_has_nothing_suspect(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "fresh")
    repo.spec("epic.md", **EPIC)
    repo.spec("api.md", **API)
    assert suspects(repo.root).findings == ()


def test_shallow_clone_says_what_it_cannot_see(repo: GitRepo, tmp_path: Path) -> None:
    repo.spec("specs/api.md", "Version two.\n", **API)
    repo.commit("api v2", day=3)
    repo.spec("specs/epic.md", "New goal.\n", **EPIC)
    head = repo.commit("epic goal", day=4)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True, capture_output=True)
    run = run_cli("check", "--history", "--format", "json", "specs", cwd=clone)
    assert_no_traceback(run)
    assert run.code == 0
    assert run.stderr == (
        f"speckit-graph: shallow clone: history starts at {head[:10]} (2024-01-04); 3 of 3 specs have not changed "
        "since, so a suspect link between two of them cannot be seen (fetch the full history: git fetch "
        "--unshallow, or fetch-depth: 0 in GitHub Actions)\n"
    )
    import json

    assert [f for f in json.loads(run.stdout)["findings"] if f["code"] == "SG305"] == []
    # one commit deeper: the epic change is visible, the rest is older than the boundary
    deeper = tmp_path / "deeper"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(deeper)], check=True, capture_output=True)
    result = suspects(deeper / "specs")
    assert pairs(result) == [("spec-api-001", ("spec-epic-001",)), ("spec-story-001", ("spec-epic-001",))]
    assert "before the start of the visible history" in result.findings[0].message


def test_normaliser_treats_spelling_as_equal_and_meaning_as_different() -> None:
    normaliser = Normaliser.for_config(Config())
    base = normaliser.meaning(b"---\nid: a\ndependencies: [b]\n---\nText here.\n")
    assert normaliser.meaning(b"---\nid: 'a'\ndepends_on:\n  - b\n---\n\nText\n   here.") == base
    assert normaliser.meaning(b"\xef\xbb\xbf---\r\nid: a\r\ndependencies: [b]\r\n---\r\nText here.\r\n") == base
    assert normaliser.meaning(b"---\nid: a\ndependencies: [c]\n---\nText here.\n") != base
    assert normaliser.meaning(b"---\nid: a\ndependencies: [b]\n---\nOther text.\n") != base
    assert normaliser.body(b"---\nid: a\n---\nSame  body\n") == normaliser.body(b"---\nid: b\n---\nSame body")


def test_normaliser_survives_hostile_yaml_in_history() -> None:
    normaliser = Normaliser.for_config(Config())
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 12):
        bomb += f"{'b' * level}: &{'a' * (level + 1)} [" + ", ".join([f"*{'a' * level}"] * 9) + "]\n"
    bomb += "id: x\n---\nbody\n"
    start = time.process_time()
    fingerprint = normaliser.meaning(bomb.encode())
    assert time.process_time() - start < 2 and len(fingerprint) == 32
    deep = b"---\nid: x\nv: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n"
    assert len(normaliser.meaning(deep)) == 32
    assert len(normaliser.meaning(b"---\nid: [unclosed\n---\n")) == 32
    assert len(normaliser.meaning(b"\xff\xfe\x00garbage")) == 32
