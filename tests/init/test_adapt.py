"""``init`` on layouts no preset describes: path ids, value-matched links, dates, empty markers, stubs, rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from speckit_graph.config.parse import parse_config
from speckit_graph.init.adapt import choose_path_template, path_id, propose_dates
from speckit_graph.init.survey import KeyStat
from tests.conftest import assert_no_traceback, run_cli, write_repo

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def init(root: Path) -> tuple[str, dict]:  # type: ignore[type-arg]
    run = run_cli("init", root)
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    return run.stdout, tomllib.loads((root / ".speckit-graph.toml").read_text(encoding="utf-8"))


def check_json(root: Path, *args: str) -> dict:  # type: ignore[type-arg]
    run = run_cli("check", root, "--format", "json", *args)
    assert_no_traceback(run)
    assert run.code in (0, 1), run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def proposal(n: int, title: str, **extra: str) -> str:
    lines = [f"title: {title}", "authors: [ann]", f"start-date: 2021-01-{n:02d}", *(f"{k}: {v}" for k, v in extra.items())]
    return "---\n" + "\n".join(lines) + "\n---\n\nBody.\n"


# -- ids from file paths ---------------------------------------------------------------------


def test_path_templates_give_readable_ids() -> None:
    assert path_id("rfcs/0001-alpha.md", "{stem}") == "0001-alpha"
    assert path_id("CIP-0001/README.md", "{dir}/{stem}") == "CIP-0001/README"
    assert path_id("CIP-0001/README.md", "{dir}") == "CIP-0001"
    assert path_id("top.md", "{dir}/{stem}") == "top"
    assert path_id("a/b/c.md", "{path}") == "a/b/c"


def test_the_first_unique_template_wins_and_collisions_are_counted() -> None:
    assert choose_path_template(["a/x.md", "a/y.md", "b/z.md"]) == (0, 3, [])
    # One README.md per folder: the folder alone names each file.
    assert choose_path_template(["CIP-1/README.md", "CIP-2/README.md"]) == (1, 2, [("{stem}", 2)])
    # Two README.md and a second file in one folder: the folder collides too, folder/stem does not.
    assert choose_path_template(["CIP-1/README.md", "CIP-2/README.md", "CIP-2/extra.md"]) == (
        2, 3, [("{stem}", 2), ("{dir}", 2)],
    )  # fmt: skip
    # Same folder name and stem in two places (case-folded, as references compare): only the whole path is unique.
    index, files, rejected = choose_path_template(["x/docs/Index.md", "y/docs/index.md"])
    assert (index, files, rejected) == (3, 2, [("{stem}", 2), ("{dir}", 2), ("{dir}/{stem}", 2)])


def test_init_derives_ids_from_stems_and_finds_links_by_their_values(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo",
        {
            "rfcs/0001-alpha.md": proposal(1, "Alpha", **{"see-also": "[0002-beta, 0003-gamma]"}),
            "rfcs/0002-beta.md": proposal(2, "Beta", **{"see-also": "[0001-alpha]"}),
            "rfcs/0003-gamma.md": proposal(3, "Gamma", **{"see-also": "0002-beta"}),
            "rfcs/0004-delta.md": proposal(4, "Delta"),
        },
    )
    out, config = init(root)
    assert config["ids"] == {"from-path": r"^(?:.*/)?(?P<stem>[^/]+)\.md$", "path-format": "{stem}"}
    assert "through '{stem}'" in out and "all 4 files with frontmatter different ids" in out
    # 'see-also' holds neither id-shaped values nor paths: it is a link because its values name other files.
    assert "see-also" in config["links"]["related"]
    document = check_json(root)
    assert document["summary"]["specs"] == 4
    assert not [f for f in document["findings"] if f["code"] in ("SG003", "SG101", "SG104")]


def test_colliding_stems_take_the_folder_and_say_why(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo",
        {
            "CIP-0001/README.md": proposal(1, "One"),
            "CIP-0002/README.md": proposal(2, "Two", **{"Solution-To": "CIP-0001"}),
            "CIP-0003/README.md": proposal(3, "Three", **{"Solution-To": "[CIP-0001, CIP-0002]"}),
        },
    )
    out, config = init(root)
    assert config["ids"]["path-format"] == "{dir}"
    assert "'{stem}' would give 3 files a shared id" in out
    assert check_json(root)["summary"]["specs"] == 3
    assert "Solution-To" in str(config["links"])  # folder names written as references resolve


def test_folder_and_stem_when_folders_hold_several_files(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo",
        {"a/README.md": proposal(1, "A"), "b/README.md": proposal(2, "B"), "b/notes.md": proposal(3, "N")},
    )
    _, config = init(root)
    assert config["ids"]["path-format"] == "{dir}/{stem}"


def test_an_id_field_is_preferred_to_paths(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {f"s{n}.md": f"---\nid: S-{n}\ntitle: T\nstatus: draft\n---\n" for n in range(1, 4)})
    _, config = init(root)
    assert "from-path" not in config.get("ids", {})


# -- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("created", "updated"),
    [("created", "updated"), ("creation-date", "last-updated"), ("date", "last_updated"), ("start-date", "modified")],
)
def test_date_spellings_map_to_created_and_updated(created: str, updated: str) -> None:
    stats = {key: KeyStat(key) for key in (created, updated)}
    for stat in stats.values():
        for day in range(1, 4):
            stat.add(f"2021-01-0{day}", False)
    overrides: dict = {"preset": "requiem"}  # type: ignore[type-arg]
    notes: list[str] = []
    propose_dates(stats, parse_config({"preset": "requiem", "aliases": {"createdAt": [], "updatedAt": []}}), overrides, notes)
    assert overrides["aliases"] == {"createdAt": [created], "updatedAt": [updated]}
    assert len(notes) == 2


def test_a_key_that_is_mostly_not_dates_is_not_mapped() -> None:
    stat = KeyStat("date")
    for value in ("soon", "later", "2021-01-01"):
        stat.add(value, False)
    overrides: dict = {}  # type: ignore[type-arg]
    propose_dates({"date": stat}, parse_config({"aliases": {"createdAt": [], "updatedAt": []}}), overrides, [])
    assert "aliases" not in overrides


def test_init_maps_creation_date_so_dates_are_checked(tmp_path: Path) -> None:
    files = {f"p{n}.md": proposal(n, f"P{n}", **{"creation-date": f"2021-02-0{n}"}) for n in range(1, 4)}
    files["p1.md"] = files["p1.md"].replace("title: P1", "title: P1\nlast-updated: 2020-01-01")
    root = write_repo(tmp_path / "repo", files)
    _, config = init(root)
    assert config["aliases"]["createdAt"] == ["creation-date"]
    dates = [f for f in check_json(root)["findings"] if f["code"] == "SG404"]
    assert [(f["path"], "before" in f["message"]) for f in dates] == [("p1.md", True)]


def test_improvement_proposals_read_created_as_created_at() -> None:
    config = parse_config({"preset": "improvement-proposals"})
    assert "created" in config.keys_for("createdAt") and "updated" in config.keys_for("updatedAt")


# -- empty markers ---------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["N/A", "NA", "N.A.", "None", "none", "TBD", "-", '""', "[]", "n/a"])
def test_every_spelling_of_none_is_no_link(tmp_path: Path, marker: str) -> None:
    front = "---\nid: spec-a\ntitle: A\ntype: epic\nstatus: draft\n"
    root = write_repo(
        tmp_path / "repo",
        {"a.md": f"{front}dependencies: {marker}\nparent: {marker}\nrelated: {marker}\n---\n"},
    )
    found = {f["code"] for f in check_json(root)["findings"]}
    assert not found & {"SG101", "SG104"}, found


# -- stubs -----------------------------------------------------------------------------------


def test_a_redirect_stub_is_not_held_to_required_fields(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo",
        {
            ".speckit-graph.toml": 'preset = "improvement-proposals"\nrequired-fields = ["id", "title", "status", "type"]\n',
            "a.md": "---\neip: 1\ntitle: A\nstatus: Final\ntype: Core\n---\n",
            "b.md": "---\neip: 2\nstatus: Moved\n---\n",
            "c.md": "---\neip: 3\nstatus: Superseded by EIP-1\n---\n",
            "d.md": "---\neip: 4\nstatus: Draft\n---\n",
        },
    )
    missing = [(f["spec"], f["message"]) for f in check_json(root)["findings"] if f["code"] == "SG401"]
    assert missing == [("EIP-4", "required field 'title' is missing"), ("EIP-4", "required field 'type' is missing")]


def test_init_counts_stubs(tmp_path: Path) -> None:
    files = {f"eip-{n}.md": f"---\neip: {n}\ntitle: E{n}\nstatus: Final\n---\n" for n in range(1, 5)}
    files["eip-5.md"] = "---\neip: 5\nstatus: Moved\n---\n"
    out, _ = init(write_repo(tmp_path / "repo", files))
    assert "1 spec(s) with a redirect status" in out


# -- rules for fields the repository never writes ----------------------------------------------


def test_rules_about_absent_fields_are_switched_off(tmp_path: Path) -> None:
    files = {f"s{n}.md": f"---\nid: S-{n}\ntitle: T{n}\ntype: epic\nstatus: approved\n---\n" for n in range(1, 4)}
    out, config = init(write_repo(tmp_path / "repo", files))
    # No links either: every spec would be an orphan, so that rule goes off too.
    assert config["rules"] == {"missing-approval": "off", "invalid-effort": "off", "invalid-date": "off", "orphan": "off"}
    assert "rules switched off because no spec writes their fields" in out
    assert "orphan is switched off" in out


def test_rules_about_present_fields_stay_on(tmp_path: Path) -> None:
    fields = "type: epic\nstatus: approved\napprovers: [ann]\nestimatedEffort: 3\ncreatedAt: 2024-01-01\nparent: S-1"
    files = {f"s{n}.md": f"---\nid: S-{n}\ntitle: T{n}\n{fields}\n---\n" for n in range(1, 4)}
    _, config = init(write_repo(tmp_path / "repo", files))
    assert "rules" not in config


def test_dates_in_another_convention_switch_the_date_rule_off(tmp_path: Path) -> None:
    files = {f"p{n}.md": f"---\nid: P-{n}\ntitle: P{n}\nstatus: draft\ncreated: 0{n}/1{n}/2022\n---\n" for n in range(1, 5)}
    out, config = init(write_repo(tmp_path / "repo", files))
    assert config["rules"]["invalid-date"] == "off"
    assert "4 like '01/11/2022', 0 ISO" in out


def test_iso_dates_keep_the_date_rule_on(tmp_path: Path) -> None:
    files = {f"p{n}.md": f"---\nid: P-{n}\ntitle: P{n}\nstatus: draft\ncreated: 2022-0{n}-01\n---\n" for n in range(1, 5)}
    files["p5.md"] = "---\nid: P-5\ntitle: P5\nstatus: draft\ncreated: 2022-31-01\n---\n"
    root = write_repo(tmp_path / "repo", files)
    _, config = init(root)
    assert "invalid-date" not in config.get("rules", {})
    assert [f["spec"] for f in check_json(root)["findings"] if f["code"] == "SG404"] == ["P-5"]


def test_an_ordering_key_is_not_taken_for_an_id(tmp_path: Path) -> None:
    files = {f"d/{n:04d}-d{n}.md": f"---\nparent: Decisions\nnav_order: {n}\n---\n# D{n}\n" for n in range(1, 5)}
    out, config = init(write_repo(tmp_path / "repo", files))
    assert "nav_order" not in config.get("aliases", {}).get("id", [])
    assert config["ids"]["path-format"] == "{stem}"
    assert "'nav_order' looks like the id field" not in out


def test_no_status_field_proposes_no_lifecycle_and_report_says_so(tmp_path: Path) -> None:
    files = {f"p{n}.md": proposal(n, f"P{n}") for n in range(1, 6)}
    root = write_repo(tmp_path / "repo", files)
    out, config = init(root)
    assert config["lifecycle"] == {"stages": [], "done": [], "abandoned": [], "redirect": []}
    assert "0 of 5 files with frontmatter have a status" in out
    report = run_cli("report", root)
    assert_no_traceback(report)
    assert report.code == 2 and "has no 'status' field" in report.stderr


def test_a_status_field_keeps_the_lifecycle(tmp_path: Path) -> None:
    files = {f"p{n}.md": proposal(n, f"P{n}", status="draft") for n in range(1, 6)}
    _, config = init(write_repo(tmp_path / "repo", files))
    assert "lifecycle" not in config


def test_sg401_names_the_line_that_may_hold_the_missing_field(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path / "repo",
        {
            ".speckit-graph.toml": 'required-fields = ["id", "title"]\n',
            "a.md": "---\nid: adrs-adr002\ntitle: ADR002: Default Format\n---\n",
        },
    )
    messages = [f["message"] for f in check_json(root)["findings"] if f["code"] == "SG401"]
    assert messages == ["required field 'title' is missing (frontmatter line 3 does not parse and may hold it: see SG001)"]
