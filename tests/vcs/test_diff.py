"""``speckit-graph diff``: the graph compared between git revisions, on repositories committed in the test."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from speckit_graph.core.model import LinkKind
from speckit_graph.render.diff.diff_markdown import render_diff_markdown
from speckit_graph.render.diff.diff_mermaid import render_diff_mermaid
from speckit_graph.usecases.diff import compare_revisions
from speckit_graph.vcs.changes import GraphDiff
from tests.conftest import REPO_ROOT, assert_no_traceback, run_cli
from tests.support.changes import EPIC, GitRepo, needs_git, spec_file, story
from tests.support.mermaid import assert_mermaid_parses, needs_mermaid

pytestmark = needs_git

SCHEMA = json.loads((REPO_ROOT / "docs" / "schemas" / "diff-v1.schema.json").read_text(encoding="utf-8"))
API = {"id": "spec-api-001", "title": "API", "type": "api_spec", "status": "draft", "parent": "spec-epic-001",
       "dependencies": ["spec-data-001"]}  # fmt: skip
DATA = {"id": "spec-data-001", "title": "Data", "type": "data_model", "status": "draft", "parent": "spec-epic-001"}


@pytest.fixture()
def repo(tmp_path: Path) -> GitRepo:
    """v1 committed and tagged; the working tree then holds every kind of change, uncommitted."""
    repo = GitRepo(tmp_path / "repo")
    repo.spec("specs/epic.md", "The epic.\n", **EPIC)
    repo.spec("specs/api.md", "The API.\n", **API)
    repo.spec("specs/data.md", "The data.\n", **DATA)
    repo.spec("specs/story-a.md", "A.\n", **story("spec-story-a", dependencies=["spec-api-001"]))
    repo.spec("specs/story-b.md", "B.\n", **{**story("spec-story-b"), "parent": None})
    repo.spec("specs/cosmetic.md", "Same.\n", **story("spec-story-cosmetic", updatedAt="2024-01-01"))
    repo.commit("v1", day=1)
    repo.git("tag", "v1")
    # the changes
    repo.spec("specs/epic.md", "The epic, with a new goal.\n", **EPIC)  # body
    (repo.root / "specs" / "data.md").unlink()  # removed: api's dependency now dangles
    repo.spec("specs/api.md", "The API.\n", **{**API, "status": "review", "dependencies": ["spec-data-001", "spec-story-a"]})
    (repo.root / "specs" / "story-a.md").unlink()
    repo.spec("specs/stories/story-a.md", "A.\n", **story("spec-story-a", title="Story A", dependencies=["spec-api-001"]))
    repo.spec("specs/story-b.md", "B.\n", **story("spec-story-b"))  # gets its parent: no longer an orphan
    repo.spec("specs/story-c.md", "C.\n", **story("spec-story-c", dependencies=["spec-api-001", "spec-missing-001"]))
    repo.spec("specs/cosmetic.md", "Same.\n", **story("spec-story-cosmetic", updatedAt="2024-02-01"))
    return repo


def check_diff(diff: GraphDiff) -> None:
    assert [s.id for s in diff.added] == ["spec-story-c"]
    assert [s.id for s in diff.removed] == ["spec-data-001"]
    assert [(r.id, r.old_path, r.new_path) for r in diff.renamed] == [("spec-story-a", "story-a.md", "stories/story-a.md")]
    assert [(c.id, c.before, c.after) for c in diff.status] == [("spec-api-001", "draft", "review")]
    assert [(m.id, m.fields, m.body, m.substantive) for m in diff.modified] == [
        ("spec-epic-001", (), True, True),
        ("spec-story-a", ("title",), False, True),
        ("spec-story-cosmetic", ("updatedAt",), False, False),
    ]
    assert [(link.source, link.kind, link.target) for link in diff.links_added] == [
        ("spec-api-001", LinkKind.DEPENDS_ON, "spec-story-a"),
        ("spec-story-b", LinkKind.PARENT, "spec-epic-001"),
    ]
    assert diff.links_removed == ()  # the removed spec's own links are implied by its removal
    assert sorted((f.code, f.spec) for f in diff.introduced) == [
        ("SG101", "spec-api-001"),  # spec-data-001 is gone
        ("SG101", "spec-story-c"),  # spec-missing-001 never existed
        ("SG201", "spec-api-001"),  # api -> story-a -> api
    ]
    assert [(f.code, f.spec) for f in diff.resolved] == [("SG203", "spec-story-b")]


def test_diff_against_the_working_tree_finds_every_kind_of_change(repo: GitRepo) -> None:
    before = repo.status()
    diff = compare_revisions(repo.root / "specs", "v1").diff
    check_diff(diff)
    assert diff.before.label == "v1" and diff.after.label == "working tree" and diff.after.commit is None
    assert (diff.before.specs, diff.after.specs) == (6, 6)
    assert repo.status() == before  # nothing written, nothing staged


def test_diff_between_two_commits_reads_git_objects_only(repo: GitRepo) -> None:
    v2 = repo.commit("v2", day=2)
    (repo.root / "specs" / "epic.md").write_text("not even a spec any more\n", encoding="utf-8")  # ignored
    diff = compare_revisions(repo.root / "specs", "v1", "HEAD").diff
    check_diff(diff)
    assert diff.after.commit == v2
    assert compare_revisions(repo.root / "specs", "HEAD", "HEAD").diff.empty


def test_diff_of_a_subfolder_from_the_repository_root(repo: GitRepo) -> None:
    run = run_cli("diff", "v1", "--path", "specs", "--format", "json", cwd=repo.root)
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["version"] == 1 and document["root"] == "specs"  # as given, like check --format json
    assert document["before"]["rev"] == "v1" and document["after"] == {"rev": "working tree", "commit": None, "specs": 6}
    assert document["summary"] == {
        "added": 1, "removed": 1, "renamed": 1, "status_changed": 1, "modified": 3,
        "links_added": 2, "links_removed": 0, "findings_introduced": 3, "findings_resolved": 1,
    }  # fmt: skip
    assert document["specs"]["renamed"] == [{"id": "spec-story-a", "from": "story-a.md", "to": "stories/story-a.md"}]
    assert {f["code"] for f in document["findings"]["introduced"]} == {"SG101", "SG201"}


def test_links_removed_and_specs_unchanged_on_the_other_side(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "r")
    repo.spec("epic.md", **EPIC)
    repo.spec("a.md", **story("spec-a", dependencies=["spec-b"], related=["spec-b"]))
    repo.spec("b.md", **story("spec-b"))
    repo.commit("one", day=1)
    repo.spec("a.md", **story("spec-a", related=["spec-b"]))
    diff = compare_revisions(repo.root, "HEAD").diff
    assert [(link.source, link.kind, link.target, link.path) for link in diff.links_removed] == [
        ("spec-a", LinkKind.DEPENDS_ON, "spec-b", "a.md")
    ]
    assert diff.links_added == () and diff.modified == () and diff.introduced == () and diff.resolved == ()


def test_fail_on_new_and_exit_codes(repo: GitRepo) -> None:
    assert run_cli("diff", "v1", "-p", "specs", cwd=repo.root).code == 0
    assert run_cli("diff", "v1", "-p", "specs", "--fail-on-new", "error", cwd=repo.root).code == 1
    repo.commit("v2", day=2)
    assert run_cli("diff", "HEAD", "-p", "specs", "--fail-on-new", "info", cwd=repo.root).code == 0
    for args, message in (
        (("diff", "nope", "specs"), "unknown git revision 'nope'"),
        (("diff", "v1..HEAD", "missing"), "path does not exist: missing"),
        (("diff", "v1", "--format", "pdf", "specs"), "'pdf' is not one of"),
    ):
        run = run_cli(*args, cwd=repo.root)
        assert_no_traceback(run)
        assert run.code == 2 and message in run.stderr and run.stderr.count("\n") == 1, run.stderr


def test_diff_outside_a_repository_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(spec_file(**EPIC), encoding="utf-8")
    run = run_cli("diff", "HEAD", "-p", tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert_no_traceback(run)
    assert run.code == 2 and "not inside a git work tree" in run.stderr


def test_text_output_lists_each_section(repo: GitRepo) -> None:
    run = run_cli("diff", "v1", "-p", "specs", cwd=repo.root)
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Graph diff v1 (") and lines[0].endswith(
        "-> working tree in specs: 6 -> 6 specs; 1 added, 1 removed, 1 renamed, 1 status change, 3 modified, "
        "2 links added, 3 findings introduced, 1 finding resolved."
    )
    assert "  > spec-story-a  specs/story-a.md -> specs/stories/story-a.md" in lines
    assert "  * spec-api-001  draft -> review" in lines
    assert "  ~ spec-story-cosmetic  updatedAt  (bookkeeping only)" in lines
    assert "  + spec-story-b has parent spec-epic-001  specs/story-b.md:6" in lines
    assert any(line.startswith("  - specs/story-b.md:") and "SG203 [warning]" in line for line in lines)
    assert "\x1b" not in run.stdout


def test_markdown_and_mermaid_escape_user_strings(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "r")
    repo.spec("epic.md", **EPIC)
    repo.commit("one", day=1)
    hostile = 'Pay <script>alert(1)</script> | `x` "q" #1 & **b** [l](http://e) \x1b[31m'
    repo.spec("a.md", **story("spec-a", title=hostile))
    diff = compare_revisions(repo.root, "HEAD").diff
    markdown = render_diff_markdown(diff, "")
    line = next(text for text in markdown.splitlines() if text.startswith("- **spec-a**"))
    assert "<script>" not in line and "\\<script\\>" in line and "\\|" in line and "\\[l\\]\\(http" in line
    assert "\x1b" not in markdown and "\\x1b" in line
    mermaid = render_diff_mermaid(diff)
    label = next(text for text in mermaid.splitlines() if "spec-a" in text)
    assert label.count('"') == 2 and "<script>" not in label and "#60;script#62;" in label and "#35;1" in label
    assert "#96;x#96;" in label and "#38;" in label and "\x1b" not in label


def test_markdown_limits_long_sections_and_mermaid_colours_states(repo: GitRepo) -> None:
    diff = compare_revisions(repo.root / "specs", "v1").diff
    markdown = render_diff_markdown(diff, "specs", limit=1)
    assert "- … and 2 more (`--limit 0` lists all)" in markdown
    assert "```mermaid" in markdown and markdown.count("```") == 2
    mermaid = render_diff_mermaid(diff)
    assert mermaid.startswith("flowchart LR\n")
    for state in ("added", "removed", "changed", "missing"):
        assert f"classDef {state} " in mermaid
    assert "==>|depends on|" in mermaid and "linkStyle" in mermaid
    assert render_diff_mermaid(diff) == mermaid  # same input, same bytes
    assert render_diff_mermaid(compare_revisions(repo.root / "specs", "v1").diff, max_nodes=2).count(":::") == 2


def test_empty_diff_in_every_format(repo: GitRepo) -> None:
    repo.commit("v2", day=2)
    for fmt, expected in (
        ("text", "no changes."),
        ("md", "No spec, link or finding changed (6 specs)."),
        ("mermaid", "no spec or link changed"),
    ):
        run = run_cli("diff", "HEAD", "-p", "specs", "-f", fmt, cwd=repo.root)
        assert run.code == 0 and expected in run.stdout, run.stdout


def test_dot_and_svg_come_from_the_graph_exporter(repo: GitRepo) -> None:
    import pydot

    run = run_cli("diff", "v1", "-p", "specs", "-f", "dot", cwd=repo.root)
    assert run.code == 0, run.stderr
    graphs = pydot.graph_from_dot_data(run.stdout)
    assert graphs is not None
    (graph,) = graphs
    nodes = {n.get_name().strip('"'): n for n in graph.get_nodes()}
    highlighted = {name for name, node in nodes.items() if node.get("penwidth") == "3"}
    assert highlighted == {"spec-api-001", "spec-epic-001", "spec-story-a", "spec-story-c", "spec-story-cosmetic"}
    assert "spec-story-b" in nodes and "spec-data-001" in nodes  # context, and the removed id as a missing node
    svg = run_cli("diff", "v1", "-p", "specs", "-f", "svg", cwd=repo.root)
    if svg.code == 2 and "Graphviz" in svg.stderr:
        pytest.skip("Graphviz is not installed")
    assert svg.code == 0 and svg.stdout.lstrip().startswith("<?xml") and "</svg>" in svg.stdout


@needs_mermaid
def test_mermaid_parser_accepts_the_diff_diagram(repo: GitRepo, tmp_path: Path) -> None:
    repo.spec("specs/story-d.md", **story("spec-story-d", title='end "x" #1 <b> `y` & %% graph TD'))
    text = render_diff_mermaid(compare_revisions(repo.root / "specs", "v1").diff)
    assert assert_mermaid_parses(text, tmp_path).strip() == "OK"


def test_named_link_kinds_keep_their_label(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "r")
    repo.write(".speckit-graph.toml", '[links.supersedes]\nfields = ["replaces"]\nlike = "related"\n')
    repo.spec("epic.md", **EPIC)
    repo.spec("a.md", **story("spec-a", related=["spec-b"]))
    repo.spec("b.md", **story("spec-b"))
    repo.commit("one", day=1)
    repo.spec("a.md", **story("spec-a", related=["spec-b"], replaces=["spec-b"]))
    diff = compare_revisions(repo.root, "HEAD").diff
    assert [(c.source, c.kind, c.label, c.target) for c in diff.links_added] == [
        ("spec-a", LinkKind.RELATED, "supersedes", "spec-b")
    ]
    run = run_cli("diff", "HEAD", cwd=repo.root)
    assert "  + spec-a supersedes spec-b  a.md:" in run.stdout
    document = json.loads(run_cli("diff", "HEAD", "-f", "json", cwd=repo.root).stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["links"]["added"][0]["label"] == "supersedes"
