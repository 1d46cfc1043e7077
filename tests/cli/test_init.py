"""``speckit-graph init`` end to end: what it proposes, what it writes, and what it never touches."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from speckit_graph.config.discover import load_config
from speckit_graph.usecases.load import load
from tests.conftest import assert_no_traceback, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Repo = Callable[..., Path]


def story(spec_id: str, **extra: str) -> str:
    lines = [f"id: {spec_id}", f"title: Title {spec_id}", "type: user_story", "status: draft"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody.\n"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def small(repo: Repo) -> Path:
    return repo(
        {
            "epics/e.md": story("E-1").replace("user_story", "epic"),
            "stories/a.md": story("S-1", parent="E-1", blocks="[S-2]"),
            "stories/b.md": story("S-2", parent="E-1", related="'[a](a.md)'"),
            "stories/c.md": story("S-3", parent="E-1", blocks="[S-1, S-2]"),
            "README.md": "# Notes\n",
        }
    )


def test_init_writes_only_its_config_file_and_check_then_passes(small: Path) -> None:
    before = snapshot(small)
    run = run_cli("init", small)
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    after = snapshot(small)
    assert set(after) - set(before) == {".speckit-graph.toml"}
    assert all(after[path] == content for path, content in before.items())
    text = (small / ".speckit-graph.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["preset"] == "speckit"
    assert data["links"] == {"blocks": {"fields": ["blocks"], "like": "related"}}  # found: every value resolves
    assert "Frontmatter keys in" in run.stdout and "proposed role" in run.stdout
    assert "4 specs, 7 links resolved" in run.stdout
    assert f"Wrote {small / '.speckit-graph.toml'}" in run.stdout
    check = run_cli("check", small)
    assert check.code == 0, check.stdout
    assert check.stdout.startswith("Checked 4 specs")


def test_existing_file_is_kept_unless_forced(small: Path) -> None:
    target = small / ".speckit-graph.toml"
    target.write_text("# mine\n", encoding="utf-8")
    run = run_cli("init", small)
    assert run.code == 2
    assert run.stderr.count("\n") == 1 and "already exists; use --force" in run.stderr
    assert target.read_text(encoding="utf-8") == "# mine\n"
    forced = run_cli("init", small, "--force")
    assert forced.code == 0, forced.stderr
    assert tomllib.loads(target.read_text(encoding="utf-8"))["preset"] == "speckit"
    assert not list(small.glob(".speckit-graph-*.tmp"))  # the temporary file is gone


def test_stdout_and_dry_run_write_nothing(small: Path) -> None:
    before = snapshot(small)
    printed = run_cli("init", small, "--stdout")
    assert printed.code == 0
    assert tomllib.loads(printed.stdout)["preset"] == "speckit"
    assert printed.stdout.startswith("# speckit-graph configuration")
    dry = run_cli("init", small, "--dry-run")
    assert dry.code == 0
    assert "Frontmatter keys in" in dry.stdout and dry.stdout.endswith(printed.stdout)
    assert snapshot(small) == before
    again = run_cli("init", small, "--stdout")
    assert again.stdout == printed.stdout  # deterministic, byte for byte


def test_usage_errors_exit_2_with_one_line(small: Path, tmp_path: Path) -> None:
    cases: list[tuple[list[str | Path], str]] = [
        (["init", tmp_path / "missing"], "path does not exist"),
        (["init", small / "README.md"], "not a directory"),
        (["init", small, "--preset", "nope"], "unknown preset 'nope'"),
    ]
    for args, fragment in cases:
        run = run_cli(*args)
        assert run.code == 2, args
        assert fragment in run.stderr and run.stderr.count("\n") == 1
        assert_no_traceback(run)


def test_preset_option_chooses_the_starting_point(small: Path) -> None:
    run = run_cli("init", small, "--stdout", "--preset", "backlog")
    assert run.code == 0
    assert tomllib.loads(run.stdout)["preset"] == "backlog-md"


def test_hostile_keys_and_values_give_valid_toml_and_safe_terminal_output(repo: Repo) -> None:
    text = (
        '---\nid: "S-1"\ntitle: "\\e[31mred\\e[0m"\ntype: epic\nstatus: "drafty\\u202e"\n'
        '"we\\"ird\\nkey": [S-1]\n"tab\\tkey": "x"\n---\n'
    )
    root = repo({"a.md": text, "b.md": story("S-2", **{"needs\\x01": "[S-1]"})})
    run = run_cli("init", root, "--dry-run")
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    toml_text = run.stdout[run.stdout.index("# speckit-graph configuration") :]
    data = tomllib.loads(toml_text)
    assert data["preset"] == "speckit"
    assert "\x1b" not in toml_text and "\u202e" not in toml_text


def test_numbers_prefixes_and_urls_are_discovered(repo: Repo) -> None:
    files = {
        f"rfcs/rfc-{n:04d}.md": f'---\nrfc: "{n:04d}"\ntitle: R{n}\nstatus: Draft\n'
        + (f"requires: RFC-{n - 1:04d}\n" if n > 1 else "")
        + (f"see: https://example.org/repo/blob/main/rfcs/rfc-{n - 1:04d}.md\n" if n > 2 else "")
        + "---\n"
        for n in range(1, 6)
    }
    files["tasks/t.md"] = "---\nid: BACK-9\ntitle: T\n---\n"
    files["tasks/u.md"] = "---\nid: BACK-10\ntitle: U\ndependencies: [task-9]\n---\n"
    files["tasks/v.md"] = "---\nid: BACK-11\ntitle: V\ndependencies: [task-10, task-9]\n---\n"
    root = repo(files)
    run = run_cli("init", root)
    assert run.code == 0, run.stderr
    config = load_config(root)
    data = tomllib.loads((root / ".speckit-graph.toml").read_text(encoding="utf-8"))
    assert data["aliases"]["id"] == ["rfc"]
    assert data["ids"]["number-template"] == "RFC-{:04d}"
    assert data["references"]["base-urls"] == ["https://example.org/repo/blob/main/"]
    assert data["references"]["equivalent-prefixes"] == [["task-", "back-"]]
    graph = load(root, config)
    assert graph.dependencies_of("RFC-0005") == ["RFC-0004"]
    assert graph.dependencies_of("BACK-11") == ["BACK-10", "BACK-9"]
    assert "RFC-0002" in graph.related_of("RFC-0003")


def test_empty_repository(tmp_path: Path) -> None:
    run = run_cli("init", tmp_path, "--stdout")
    assert run.code == 0
    assert tomllib.loads(run.stdout) == {"preset": "speckit"}


def test_init_survives_the_hostile_corpus(tmp_path: Path) -> None:
    from tests.hostile.corpus import build

    root = tmp_path / "hostile"
    root.mkdir()
    build(root)
    run = run_cli("init", root, "--dry-run")
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    for unsafe in ("\x1b", "\u202e", "\u202c", "\x00", "\x07"):
        assert unsafe not in run.stdout
    assert not (root / ".speckit-graph.toml").exists()


def test_deeply_nested_link_values_are_findings_not_crashes(repo: Repo) -> None:
    deep = "{a: " * 900 + "1" + "}" * 900
    root = repo({"a.md": f"---\nid: A-1\ntitle: A\ntype: epic\nstatus: draft\nrelated: [{deep}]\n---\n"})
    run = run_cli("check", root)
    assert_no_traceback(run)
    assert run.code == 1, run.stderr
    assert "SG104 [error] related: expected an id string, got a mapping ({'a': {'a': {'a': {'a': {...}}}}})" in run.stdout
