"""``speckit-graph new``: a spec from the repository's template that passes ``check`` as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from speckit_graph.cli import app  # noqa: F401 - the commands are registered on import
from tests.cli._support import CHECKOUT, invoke
from tests.conftest import EPIC, good_fields, spec_text, write_repo


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    target = tmp_path / "checkout"
    shutil.copytree(CHECKOUT, target)
    return target


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_new_story_on_checkout_passes_check_and_touches_nothing_else(checkout: Path) -> None:
    before = _files(checkout)
    code, out, err = invoke(
        "new", str(checkout), "--type", "user_story", "--parent", "spec-feature-card-payments-001",
        "--title", "Save card for later", "--no-cache",
    )  # fmt: skip
    assert code == 0, err
    written = Path(out.strip())
    assert written == checkout / "stories" / "save-card-for-later.md"
    text = written.read_text(encoding="utf-8")
    assert "id: 'spec-story-save-card-for-later-001'" in text
    assert "parent: 'spec-feature-card-payments-001'" in text
    assert "title: 'Save card for later'" in text
    assert "category: 'backlog'" in text  # what every other story says
    assert "{{" not in text.split("\n---", 1)[0]
    after = _files(checkout)
    assert {k: v for k, v in after.items() if k != "stories/save-card-for-later.md"} == before
    code, out, err = invoke("check", str(checkout), "--no-cache", "--fail-on", "info")
    assert code == 0, out
    assert "0 errors, 0 warnings, 0 infos" in out


def test_new_refuses_to_overwrite(checkout: Path) -> None:
    existing = checkout / "epics" / "payments.md"
    original = existing.read_bytes()
    code, out, err = invoke("new", str(checkout), "--type", "epic", "--title", "Payments", "--dry-run", "--no-cache")
    assert code == 2  # spec-epic-payments-002 is free, but its file name is taken
    assert f"{existing} already exists; not overwritten" in err
    (checkout / "epics" / "loyalty.md").write_text("not a spec\n", encoding="utf-8")
    code, out, err = invoke("new", str(checkout), "--type", "epic", "--title", "Loyalty", "--no-cache")
    assert code == 2
    assert "already exists; not overwritten" in err
    assert (checkout / "epics" / "loyalty.md").read_text() == "not a spec\n"
    assert existing.read_bytes() == original


def test_new_dry_run_writes_nothing(checkout: Path) -> None:
    before = _files(checkout)
    code, out, err = invoke("new", str(checkout), "--type", "api_spec", "--title", "Gift cards", "--dry-run", "--no-cache")
    assert code == 0, err
    assert "id: 'spec-api-gift-cards-001'" in out  # spec-api- is the prefix of three of the four api specs
    assert "would write" in err
    assert _files(checkout) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--type", "user_stry"), "did you mean 'user_story'?"),
        (("--type", "user_story", "--parent", "spec-feature-card-paymnts-001"), "no spec has the id"),
        (("--type", "user_story"), "give --title"),
        (("--type", "user_story", "--title", "a\nb"), "line break"),
        (("--type", "epic", "--id", "spec-epic-payments-001"), "already has this id"),
    ],
)
def test_new_refuses_with_exit_2(checkout: Path, args: tuple[str, ...], message: str) -> None:
    before = _files(checkout)
    code, _out, err = invoke("new", str(checkout), *args, "--no-cache")
    assert code == 2
    assert message in err
    assert _files(checkout) == before


def test_new_uses_the_repository_template_and_running_numbers(tmp_path: Path) -> None:
    template = (
        "---\nid: REQ-{{number}}\ntitle: \"{{Title}}\"\ntype: user_story\nstatus: '{{status}}'\n"
        "parent: '{{parent-id}}'\ndependencies:\n  - '{{dependency}}'\ncreated: {{YYYY-MM-DD}}\n---\n\n# {{Title}}\n"
    )
    root = write_repo(
        tmp_path / "repo",
        {
            "templates/story.md": template,
            "epic.md": spec_text(**{**EPIC, "id": "REQ-0001"}),
            "reqs/REQ-0007.md": spec_text(**good_fields("REQ-0007", parent="REQ-0001")),
            "reqs/REQ-0012.md": spec_text(**good_fields("REQ-0012", parent="REQ-0001")),
        },
    )
    code, out, err = invoke("new", str(root), "--type", "user_story", "--parent", "REQ-0001", "--title", 'Say "hi"', "--no-cache")
    assert code == 0, err
    written = Path(out.strip())
    assert written == root / "reqs" / "REQ-0013.md"  # files are named by id here
    text = written.read_text(encoding="utf-8")
    assert text.startswith('---\nid: REQ-0013\ntitle: "Say \\"hi\\""\ntype: user_story\nstatus: \'draft\'\n')
    assert "dependencies: []" in text and "created: 20" in text
    assert text.endswith('# Say "hi"\n')
    code, out, _ = invoke("check", str(root), "--no-cache", "--select", "SG1,SG4")
    assert code == 0, out


def test_new_refuses_when_the_numbering_cannot_be_derived(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo", {"epic.md": spec_text(**{**EPIC, "id": "alpha"}), "b.md": spec_text(**{**EPIC, "id": "beta"})}
    )
    code, _out, err = invoke("new", str(root), "--type", "epic", "--title", "Gamma", "--no-cache")
    assert code == 2
    assert "are not numbered ('beta' holds no number); give the id with --id" in err
    code, out, err = invoke("new", str(root), "--type", "epic", "--title", "Gamma", "--id", "gamma", "--no-cache")
    assert code == 0, err
    assert Path(out.strip()).name == "gamma.md"


def test_new_from_the_repository_template_on_broken_adds_no_finding(tmp_path: Path) -> None:
    root = tmp_path / "broken"
    shutil.copytree(CHECKOUT.parent / "broken", root)
    _, before, _ = invoke("check", str(root), "--no-cache")
    args = ("--type", "service_spec", "--title", "Bounce tracker", "--parent", "spec-feature-email-digest-001")
    code, out, err = invoke("new", str(root), *args, "--no-cache")
    assert code == 0, err
    assert Path(out.strip()) == root / "architecture" / "bounce-tracker.md"
    text = Path(out.strip()).read_text(encoding="utf-8")
    assert "estimatedEffort:\n" in text and "tags: ['integration']\n" in text  # emptied; the template's real tag kept
    _, after, _ = invoke("check", str(root), "--no-cache")
    assert "bounce-tracker" not in after
    assert after.replace("39 specs in 47", "38 specs in 46") == before


def test_new_adds_the_keys_a_template_lacks(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo",
        {
            "templates/t.md": "---\nid: '{{id}}'\nstatus: draft\n\n---\nBody.\n",
            "epic.md": spec_text(**{**EPIC, "id": "REQ-1"}),
            "REQ-2.md": spec_text(**good_fields("REQ-2", parent="REQ-1")),
            "REQ-3.md": spec_text(**good_fields("REQ-3", parent="REQ-1")),
        },
    )
    code, out, err = invoke("new", str(root), "--type", "user_story", "--parent", "REQ-1", "--title", "Four", "--no-cache")
    assert code == 0, err
    assert (
        Path(out.strip()).read_text()
        == "---\nid: 'REQ-4'\nstatus: draft\ntitle: Four\ntype: user_story\nparent: REQ-1\n\n---\nBody.\n"
    )
