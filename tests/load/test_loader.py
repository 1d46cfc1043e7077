"""The loader meets real and broken files: unusual input loads, bad input becomes a finding."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from speckit_graph.config.model import Config, Limits
from speckit_graph.config.parse import parse_config
from speckit_graph.core.model import LinkKind
from speckit_graph.load.loader import load_specs
from speckit_graph.usecases.load import load
from tests.conftest import check_repo, codes

Repo = Callable[..., Path]

MINIMAL = "---\nid: spec-story-a-001\ntitle: A\ntype: epic\nstatus: draft\n---\nBody\n"


def only(result_codes: list[str], code: str) -> bool:
    return result_codes == [code]


# -- what is merely unusual loads without complaint ------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        MINIMAL.encode("utf-8"),
        b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"),  # UTF-8 byte-order mark
        MINIMAL.replace("\n", "\r\n").encode("utf-8"),  # CRLF
        MINIMAL.replace("---\n", "---   \n").encode("utf-8"),  # trailing spaces after ---
        MINIMAL.encode("utf-16"),  # UTF-16 with BOM
        MINIMAL.replace("status: draft\n", "status: draft\ncreatedAt: 2024-01-02\n").encode(),  # unquoted date
        MINIMAL.replace("---\nBody", "...\nBody").encode(),  # YAML document end marker
    ],
    ids=["plain", "utf8-bom", "crlf", "trailing-spaces", "utf16-bom", "unquoted-date", "dots-close"],
)
def test_unusual_but_valid_files_load_cleanly(repo: Repo, content: bytes) -> None:
    result = check_repo(repo({"a.md": content}))
    assert result.specs == 1
    assert codes(result) == []


def test_line_numbers_survive_crlf_and_bom(repo: Repo) -> None:
    text = "\ufeff---\r\nid: spec-story-a-001\r\ntitle: A\r\ntype: epic\r\nstatus: Draft\r\n---\r\n"
    result = check_repo(repo({"a.md": text.encode("utf-8")}))
    assert [(f.code, f.line) for f in result.findings] == [("SG402", 5)]


def test_markdown_without_frontmatter_is_silently_skipped(repo: Repo) -> None:
    root = repo({"README.md": "# Hello\n\n---\n\ntext\n", "notes/x.md": "plain\n"})
    result = check_repo(root)
    assert (result.specs, result.files_scanned, result.files_skipped, codes(result)) == (0, 2, 2, [])


def test_frontmatter_without_spec_fields_is_not_a_spec(repo: Repo) -> None:
    result = check_repo(repo({"page.md": "---\ntitle: About us\nlayout: page\n---\n"}))
    assert (result.specs, codes(result)) == (0, [])


# -- bad input becomes a finding and the scan goes on ------------------------------------------


def test_malformed_yaml_points_at_line_and_column(repo: Repo) -> None:
    root = repo({"bad.md": "---\nid: spec-a-001\ndependencies: [spec-b-001\ntitle: x\n---\n", "good.md": MINIMAL})
    result = check_repo(root)
    bad = [f for f in result.findings if f.path == "bad.md"]
    assert [f.code for f in bad] == ["SG001"]
    assert bad[0].line is not None and bad[0].line >= 3 and bad[0].column is not None
    assert result.specs == 1  # the good file still loads


def test_the_speckit_template_itself_is_a_yaml_error_outside_templates(repo: Repo) -> None:
    template = "---\nid: 'spec-integration-{{name}}-001'\nestimatedEffort: { { hours } }\n---\n"
    result = check_repo(repo({"specs/copy.md": template}))
    assert codes(result) == ["SG001"]
    assert "placeholders" in result.findings[0].message


def test_templates_are_recognised_and_kept_out_of_the_graph(repo: Repo) -> None:
    broken = "---\nid: 'spec-integration-{{name}}-001'\nestimatedEffort: { { hours } }\n---\n"
    valid = "---\nid: 'spec-x-{{name}}-001'\ntitle: T\ntype: epic\nstatus: draft\n---\n"
    linked = "---\nid: spec-real-001\ntitle: T\ntype: epic\nstatus: draft\ndependencies: ['{{dep}}']\n---\n"
    result = check_repo(repo({"templates/t.md": broken, "t2.md": valid, "t3.md": linked}))
    assert codes(result) == ["SG004", "SG004", "SG004"]
    assert result.specs == 0


def test_frontmatter_that_is_not_a_mapping(repo: Repo) -> None:
    result = check_repo(repo({"a.md": "---\n- one\n- two\n---\n", "b.md": "---\njust text\n---\n"}))
    assert codes(result) == ["SG001", "SG001"]
    assert "a list" in result.findings[0].message


def test_unclosed_frontmatter(repo: Repo) -> None:
    result = check_repo(repo({"a.md": "---\nid: spec-a-001\ntitle: never closed\n"}))
    assert codes(result) == ["SG001"]


def test_invalid_utf8_names_the_line(repo: Repo) -> None:
    result = check_repo(repo({"a.md": b"---\nid: spec-a-001\ntitle: caf\xe9\n---\n"}))
    assert [(f.code, f.line) for f in result.findings] == [("SG002", 3)]


def test_invalid_date_value_error_is_a_finding_not_a_crash(repo: Repo) -> None:
    # A timestamp-shaped but impossible date stays text (issue 14): the file is read, the date rule says why.
    result = check_repo(repo({"a.md": "---\nid: spec-a-001\ncreatedAt: 2021-26-02\n---\n"}))
    assert "SG001" not in codes(result)
    assert [(f.line, f.message) for f in result.findings if f.code == "SG404"] == [
        (3, "createdAt '2021-26-02' is not a date (expected YYYY-MM-DD)")
    ]


def test_python_object_tags_are_refused(repo: Repo) -> None:
    result = check_repo(repo({"a.md": "---\nid: !!python/object/apply:os.system ['echo hacked']\n---\n"}))
    assert codes(result) == ["SG001"]


def test_empty_file_and_empty_frontmatter(repo: Repo) -> None:
    result = check_repo(repo({"empty.md": "", "blank.md": "---\n---\n"}))
    assert codes(result) == ["SG006"]


def test_nul_bytes(repo: Repo) -> None:
    result = check_repo(repo({"a.md": b"---\nid: spec-a-001\x00\n---\n"}))
    assert codes(result) == ["SG002"]


def test_size_limits_are_findings(repo: Repo) -> None:
    big_front = "---\nid: spec-a-001\ntitle: " + "x" * 5000 + "\n---\n"
    root = repo({"big.md": "x" * 3000, "front.md": big_front})
    config = Config(limits=Limits(max_file_size=2048 * 4, max_frontmatter_size=1000))
    result = check_repo(root, config)
    assert codes(result) == ["SG002"]
    assert "max-frontmatter-size" in result.findings[0].message
    result = check_repo(root, Config(limits=Limits(max_file_size=2000)))
    assert sorted(f.path or "" for f in result.findings) == ["big.md", "front.md"]


def test_symlink_loop_and_outside_symlink(repo: Repo, tmp_path: Path) -> None:
    root = repo({"good.md": MINIMAL})
    os.symlink(root / "loop.md", root / "loop.md")
    outside = tmp_path / "secret.md"
    outside.write_text(MINIMAL.replace("spec-story-a-001", "spec-secret-001"))
    os.symlink(outside, root / "escape.md")
    (root / "sub").mkdir()
    os.symlink(root, root / "sub" / "cycle")  # a directory symlink loop is never followed
    result = check_repo(root)
    messages = {f.path: f.message for f in result.findings}
    assert result.specs == 1
    assert "symlink loop" in messages["loop.md"]
    assert "outside the repository" in messages["escape.md"]


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can read any file")
def test_unreadable_file(repo: Repo) -> None:
    root = repo({"a.md": MINIMAL})
    (root / "a.md").chmod(0)
    try:
        result = check_repo(root)
    finally:
        (root / "a.md").chmod(0o644)
    assert codes(result) == ["SG002"] and "permission denied" in result.findings[0].message


def test_directory_named_like_markdown_is_not_read(repo: Repo) -> None:
    root = repo({"x.md/inner.md": MINIMAL})
    assert check_repo(root).specs == 1


def test_second_frontmatter_block(repo: Repo) -> None:
    text = MINIMAL + "\nSome text\n\n---\nid: spec-other-001\nstatus: draft\n---\n\nMore\n"
    result = check_repo(repo({"a.md": text}))
    assert [(f.code, f.line) for f in result.findings] == [("SG005", 11)]


def test_horizontal_rules_are_not_a_second_block(repo: Repo) -> None:
    text = MINIMAL + "\nIntro\n\n---\n\nNote: this is prose, not YAML.\n\n---\n"
    assert codes(check_repo(repo({"a.md": text}))) == []


def test_missing_id_with_spec_fields(repo: Repo) -> None:
    result = check_repo(repo({"a.md": "---\ntitle: x\nstatus: draft\ndependencies: [spec-b-001]\n---\n"}))
    assert codes(result) == ["SG003"]


def test_non_string_id(repo: Repo) -> None:
    root = repo({"a.md": "---\nid: [a, b]\ntitle: x\n---\n", "b.md": "---\nid: 42\ntitle: n\n---\n"})
    result = check_repo(root)
    assert sorted((f.path, f.code) for f in result.findings) == [
        ("a.md", "SG003"), ("b.md", "SG203"), ("b.md", "SG401"), ("b.md", "SG401")
    ]  # fmt: skip
    assert load(root, Config()).get("42") is not None  # numeric ids are read as text


# -- normalisation and scanning ------------------------------------------------------------------


def test_links_are_normalised(repo: Repo) -> None:
    text = "---\nid: ' spec-a-001 '\nparent: ' spec-epic-001 '\ndependencies: spec-b-001\nrelated: [ spec-c-001 ]\n---\n"
    graph = load(repo({"a.md": text}), Config())
    spec = graph.get("spec-a-001")
    assert spec is not None
    assert [(link.kind, link.target) for link in spec.links] == [
        (LinkKind.PARENT, "spec-epic-001"),
        (LinkKind.DEPENDS_ON, "spec-b-001"),
        (LinkKind.RELATED, "spec-c-001"),
    ]


def test_field_aliases(repo: Repo, tmp_path: Path) -> None:
    text = "---\nspec_id: spec-a-001\ntitle: A\ntype: epic\nstatus: draft\ndepends_on: [spec-b-001]\n---\n"
    other = "---\nid: spec-b-001\ntitle: B\ntype: epic\nstatus: draft\nrelated_specs: [spec-a-001]\n---\n"
    graph = load(repo({"a.md": text, "b.md": other}), Config())
    assert graph.dependencies_of("spec-a-001") == ["spec-b-001"]
    assert graph.related_of("spec-b-001") == ["spec-a-001"]
    custom = parse_config({"aliases": {"dependencies": ["needs"]}})
    other_root = tmp_path / "other"
    other_root.mkdir()
    (other_root / "c.md").write_text(text.replace("depends_on", "needs"))
    (other_root / "b.md").write_text(other)
    graph = load(other_root, custom)
    assert graph.dependencies_of("spec-a-001") == ["spec-b-001"]


def test_default_excludes_and_globs(repo: Repo) -> None:
    files = {
        f"{folder}/s.md": MINIMAL.replace("spec-story-a-001", f"spec-{i}-001")
        for i, folder in enumerate([".git", "node_modules", ".hidden", "build", "docs", "specs/drafts", "specs/ok"])
    }
    root = repo(files)
    (root / "venv").mkdir()
    (root / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / "venv" / "s.md").write_text(MINIMAL.replace("spec-story-a-001", "spec-venv-001"))
    result = load_specs(root, Config())
    assert sorted(s.path for s in result.specs) == ["docs/s.md", "specs/drafts/s.md", "specs/ok/s.md"]
    config = parse_config({"include": ["specs/**/*.md"], "exclude": ["drafts"]})
    assert [s.path for s in load_specs(root, config).specs] == ["specs/ok/s.md"]


def test_loading_is_deterministic(repo: Repo) -> None:
    files = {f"d{i % 3}/f{i}.md": MINIMAL.replace("spec-story-a-001", f"spec-s-{i:03d}") for i in range(30)}
    root = repo(files)
    first = check_repo(root)
    second = check_repo(root)
    assert first == second


def test_permission_denied_is_reported_even_when_running_as_root(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repo({"a.md": MINIMAL, "b.md": MINIMAL.replace("spec-story-a-001", "spec-story-b-001")})
    real_open = os.open  # files are opened with os.open (O_NOFOLLOW | O_NONBLOCK)

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("a.md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded_open)
    result = check_repo(root)
    assert [(f.path, f.code) for f in result.findings] == [("a.md", "SG002")]
    assert "permission denied" in result.findings[0].message and result.specs == 1
