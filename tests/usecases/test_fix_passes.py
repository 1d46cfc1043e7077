"""``run_fix``: overlapping fixes wait for the next pass; CRLF/BOM files keep every other byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from speckit_graph.usecases.check import CheckRequest
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.fix import FixRequest, run_fix

Repo = Callable[..., Path]
EPIC = "---\nid: spec-epic-root-001\ntitle: Root\ntype: epic\nstatus: draft\n---\n"


def story(spec_id: str, extra: str = "") -> str:
    return f"---\nid: {spec_id}\ntitle: T\ntype: user_story\nstatus: draft\nparent: spec-epic-root-001\n{extra}---\nBody\n"


def request(root: Path, **options: bool) -> FixRequest:
    check = CheckRequest(LoadOptions(path=root), select=("SG",))
    return FixRequest(check, **options)


def test_two_back_links_to_one_list_take_two_passes(repo: Repo) -> None:
    root = repo({"e.md": EPIC, "a.md": story("spec-a-001", "related: [spec-b-001]\n"),
                 "c.md": story("spec-c-001", "related: [spec-b-001]\n"),
                 "b.md": story("spec-b-001", "related: []\n")})  # fmt: skip
    diff = run_fix(request(root, diff=True))
    assert diff.fixed == {"SG204": 2} and diff.waiting == 0 and diff.exit_status == 1, "--diff runs the passes in memory"
    assert (root / "b.md").read_text() == story("spec-b-001", "related: []\n"), "--diff writes nothing"
    outcome = run_fix(request(root))
    assert outcome.fixed == {"SG204": 2}
    assert [(c.path, c.after) for c in diff.changes] == [("b.md", (root / "b.md").read_bytes())], "--diff showed what --fix wrote"
    assert "related: [spec-a-001, spec-c-001]\n" in (root / "b.md").read_text()
    assert not [f for f in outcome.result.findings if f.code == "SG204"]
    assert [c.path for c in outcome.changes] == ["b.md"]
    assert run_fix(request(root)).fixed == {}


def test_crlf_and_bom_survive_a_fix(repo: Repo) -> None:
    text = "\ufeff" + story("spec-a-001", "# keep me\r\n").replace("status: draft", "status: 'Draft'  # c").replace("\n", "\r\n")
    root = repo({"e.md": EPIC, "a.md": text.replace("\r\r\n", "\r\n").encode("utf-8")})
    before = (root / "a.md").read_bytes()
    outcome = run_fix(request(root))
    assert outcome.fixed == {"SG402": 1}
    assert (root / "a.md").read_bytes() == before.replace(b"'Draft'", b"'draft'")


def test_an_id_listed_three_times_loses_both_repeats(repo: Repo) -> None:
    """Both repeats share one fingerprint; the second is fixed in the next pass, not reported as stuck."""
    root = repo({"e.md": EPIC, "b.md": story("spec-b-001"),
                 "a.md": story("spec-a-001", "dependencies: [spec-b-001, spec-b-001, spec-b-001]\n")})  # fmt: skip
    outcome = run_fix(request(root))
    assert outcome.fixed == {"SG105": 2}
    assert "dependencies: [spec-b-001]\n" in (root / "a.md").read_text()
    assert not any("remains" in note for note in outcome.notes)
