"""Loading real repositories: second blocks, ids from paths and numbers, path links, named kinds."""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.findings import CheckResult
from speckit_graph.core.model import Link, LinkKind, Location, Reference, RefForm, Spec
from speckit_graph.load.loader import load_specs, read_spec_file, resolve_links
from speckit_graph.usecases.check import check as check_graph
from speckit_graph.usecases.load import load
from tests.conftest import check_repo

Repo = Callable[..., Path]

STORY = """---
title: "Us 1"
status: "active"
type: "specification"
---
## Overview

Generated text.

---
id: US-1
title: User Registration
status: Draft
relates_to_epic: ../../03_backlog/epics/epic_2.md
implements_req: ../functional/fr_1.md
---
# US-1
"""
EPIC = "---\nid: EPIC-2\ntitle: Epic two\nstatus: draft\ntype: epic\n---\n"
FR = "---\nid: FR-1\ntitle: Requirement one\nstatus: draft\ntype: functional_requirement\n---\n"
LAYOUT = {
    "specs/01_requirements/user_stories/us_1.md": STORY,
    "specs/03_backlog/epics/epic_2.md": EPIC,
    "specs/01_requirements/functional/fr_1.md": FR,
}
LINKS = {"links": {"parent": ["relates_to_epic"], "implements": {"fields": ["implements_req"], "like": "related"}}}


def found(result: CheckResult, code: str) -> list[tuple[str | None, int | None, str]]:
    return [(f.path, f.line, f.message) for f in result.findings if f.code == code]


# -- which frontmatter block counts ------------------------------------------------------------


def test_first_block_only_by_default_with_a_finding(repo: Repo) -> None:
    root = repo({"a.md": EPIC + "\nText\n\n---\nid: other\nstatus: draft\n---\n"})
    result = check_repo(root)
    assert [(f.code, f.line) for f in result.findings] == [("SG005", 10)]


def test_merge_reads_both_blocks_and_points_at_the_second(repo: Repo) -> None:
    root = repo(LAYOUT)
    graph = load(root, parse_config({"frontmatter-block": "merge", **LINKS}))
    story = graph.get("US-1")
    assert story is not None
    assert story.title == "User Registration" and story.type == "specification"  # later block wins, rest kept
    assert story.line_of("status") == 13 and story.location.line == 11
    assert graph.parent_of("US-1") == "EPIC-2"
    link = next(link for link in story.links if link.label == "implements")
    assert (link.target, link.kind, link.written, link.location.line) == (
        "FR-1", LinkKind.RELATED, "../functional/fr_1.md", 15,
    )  # fmt: skip


def test_second_reads_only_the_later_block(repo: Repo) -> None:
    root = repo(LAYOUT)
    story = load(root, parse_config({"frontmatter-block": "second", **LINKS})).get("US-1")
    assert story is not None and "type" not in story.fields


def test_without_merge_the_story_has_no_id(repo: Repo) -> None:
    result = check_repo(repo(LAYOUT), LINKS)
    assert found(result, "SG003") == [
        ("specs/01_requirements/user_stories/us_1.md", 1, "frontmatter has spec fields but no id ('id' or 'spec_id' or 'specId')")
    ]


def test_a_block_inside_a_code_fence_is_an_example_not_frontmatter(repo: Repo) -> None:
    body = "\n```markdown\n---\nid: example\nstatus: draft\n---\n```\n\n~~~\n---\nid: x\n---\n~~~\n"
    assert check_repo(repo({"a.md": EPIC + body})).findings == ()


# -- ids from paths, numbers and mappings --------------------------------------------------------

REQUIEM = {
    "ids": {"from-path": r"(?P<area>[A-Z]+)/(?P<kind>[A-Z]+)/(?P<num>\d+)\.md$", "path-format": "{area}-{kind}-{num}"},
    "links": {"parent": {"fields": ["parents"], "multiple": True}},
    "references": {"mapping-keys": ["hrid"]},
    "required-fields": ["id"],
}


def requirement(*parents: str) -> str:
    lines = ["---", "_version: '1'", "uuid: 1234"]
    if parents:
        lines.append("parents:")
        for hrid in parents:
            lines += ["- uuid: abc", "  fingerprint: f00", f"  hrid: {hrid}"]
    return "\n".join(lines) + "\n---\n# Title\n"


def test_ids_from_the_path_and_parents_as_mappings(repo: Repo) -> None:
    root = repo(
        {
            "reqs/CORE/USR/001.md": requirement(),
            "reqs/CORE/USR/002.md": requirement(),
            "reqs/CORE/SYS/001.md": requirement("CORE-USR-001", "CORE-USR-002"),
            "reqs/index.md": "# Index\n",
        }
    )
    config = parse_config(REQUIEM)
    graph = load(root, config)
    assert graph.ids() == ["CORE-SYS-001", "CORE-USR-001", "CORE-USR-002"]
    assert sorted(graph.upstream("CORE-SYS-001", LinkKind.PARENT)) == ["CORE-USR-001", "CORE-USR-002"]
    assert check_graph(graph, config).findings == ()  # several parents allowed, id not "missing"


def test_several_parents_are_refused_where_not_allowed(repo: Repo) -> None:
    root = repo({"CORE/SYS/001.md": requirement("CORE-SYS-002", "CORE-SYS-003")})
    result = check_repo(root, {**REQUIEM, "links": {"parent": ["parents"]}})
    assert [m for _, _, m in found(result, "SG104")] == [
        "parents: a spec has one parent, not a list ([{'uuid': 'abc', 'fingerprint': 'f00', 'hrid': 'CORE-SYS-...)"
    ]


def test_numbers_become_ids_in_the_id_field_and_in_links(repo: Repo) -> None:
    files = {
        "FIPS/fip-0030.md": '---\nfip: "0030"\ntitle: A\nstatus: Final\n---\n',
        "FIPS/fip-0031.md": '---\nfip: "0031"\ntitle: B\nstatus: Final\nrequires: 30\nreplaces: FIP-0030, N/A\n---\n',
        "FRCs/frc-0051.md": '---\nfip: "0051"\ntitle: C\nstatus: Draft\nrequires: "FRC-0030 (the VM)"\n---\n',
    }
    config = {
        "preset": "improvement-proposals",
        "aliases": {"id": ["fip"]},
        "ids": {"number-template": "FIP-{:04d}"},
        "references": {"equivalent-prefixes": [["FRC-", "FIP-"]]},
    }
    graph = load(repo(files), parse_config(config))
    assert graph.ids() == ["FIP-0030", "FIP-0031", "FIP-0051"]
    assert graph.dependencies_of("FIP-0031") == ["FIP-0030"]
    assert graph.dependencies_of("FIP-0051") == ["FIP-0030"]
    assert [(link.label, link.target) for link in graph.links(LinkKind.RELATED)] == [("replaces", "FIP-0030")]


# -- path links ------------------------------------------------------------------------------------


def test_path_links_that_lead_nowhere_are_dangling_references_with_file_and_line(repo: Repo) -> None:
    text = (
        "---\nid: S-1\ntitle: S\nstatus: draft\ntype: epic\nrelated:\n"
        "  - ../../../../etc/passwd\n  - /etc/passwd\n  - missing.md\n  - notes.md\n  - https://example.org/x.md\n"
        "  - C:\\Windows\\win.md\n---\n"
    )
    root = repo({"specs/s.md": text, "specs/notes.md": "# no frontmatter\n"})
    result = check_repo(root)
    assert [(line, message.split(", which ", 1)[1]) for _, line, message in found(result, "SG101")] == [
        (7, "is outside the repository; not followed"),
        (8, "is not a Markdown file in the repository (etc/passwd)"),
        (9, "names a file that is not in the repository (specs/missing.md)"),
        (10, "names a Markdown file that is not a spec (specs/notes.md)"),
        (11, "is a URL outside the repository; not followed (add its repository prefix to references.base-urls)"),
        (12, "is an absolute path outside the repository; not followed"),
    ]
    assert found(result, "SG203") == []  # it tried to link: not an orphan


def test_path_resolution_never_opens_files_outside_the_scan(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\nid: SECRET\n---\n")
    root = repo({"a.md": "---\nid: A\ntitle: A\nrelated: [../secret.md, ../../secret.md]\n---\n"})
    opened: list[str] = []
    real_open = open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    result = load_specs(root, Config())
    assert all(Path(p).resolve().is_relative_to(root.resolve()) for p in opened)
    assert [len(spec.unresolved_references) for spec in result.specs] == [2]  # reported as SG101


def test_case_and_padding_resolve_with_an_info_finding(repo: Repo) -> None:
    files = {
        "a.md": "---\nid: spec-a-001\ntitle: A\ntype: epic\nstatus: draft\n---\n",
        "b.md": "---\nid: spec-b-001\ntitle: B\ntype: epic\nstatus: draft\ndependencies: [SPEC-A-1]\nrelated: [A.md]\n---\n",
    }
    result = check_repo(repo(files))
    assert [(f.code, f.severity.value, f.line, f.column) for f in result.findings] == [
        ("SG106", "info", 6, 16), ("SG106", "info", 7, 11),
    ]  # fmt: skip
    assert "write 'spec-a-001'" in result.findings[0].message
    strict = check_repo(repo(files), {"references": {"loose-matching": False}})
    assert sorted(f.code for f in strict.findings) == ["SG101", "SG101"]


def test_duplicates_are_found_after_normalisation(repo: Repo) -> None:
    files = {
        "a.md": "---\naip: 1\ntitle: A\nstatus: Draft\n---\n",
        "b.md": '---\naip: 2\ntitle: B\nstatus: Draft\nrequires: ["AIP-1", 1, "[one](a.md)"]\n---\n',
        "c.md": '---\naip: 3\ntitle: C\nstatus: Draft\nrequires: "AIP-1, 1"\n---\n',
    }
    config = {"preset": "improvement-proposals", "aliases": {"id": ["aip"]}, "ids": {"number-template": "AIP-{}"}}
    result = check_repo(repo(files), config)
    assert [(f.path, f.code, f.column) for f in result.findings] == [
        ("b.md", "SG105", 21), ("b.md", "SG105", 24), ("c.md", "SG105", 11),
    ]  # fmt: skip


def test_two_parent_fields_naming_different_parents(repo: Repo) -> None:
    files = {
        "e1.md": "---\nid: E-1\ntitle: E\ntype: epic\nstatus: draft\n---\n",
        "e2.md": "---\nid: E-2\ntitle: E\ntype: epic\nstatus: draft\n---\n",
        "s.md": "---\nid: S-1\ntitle: S\ntype: epic\nstatus: draft\nparent: E-1\nparent_epic: E-2\nepic: E-1\n---\n",
    }
    config = {"links": {"parent": ["parent_epic", "epic"]}}
    result = check_repo(repo(files), config)
    assert [m for _, _, m in found(result, "SG104")] == ["parent_epic: a spec has one parent; 'parent' already names 'E-1' (E-2)"]
    assert load(repo(files), parse_config(config)).parent_of("S-1") == "E-1"


def test_named_kind_like_depends_on_is_checked_for_cycles(repo: Repo) -> None:
    files = {
        "a.md": "---\nid: A-1\ntitle: A\ntype: epic\nstatus: draft\nblocked_by: B-1\n---\n",
        "b.md": "---\nid: B-1\ntitle: B\ntype: epic\nstatus: draft\ndependencies: [A-1]\n---\n",
    }
    result = check_repo(repo(files), {"links": {"blocked-by": {"fields": ["blocked_by"], "like": "depends_on"}}})
    assert [f.code for f in result.findings] == ["SG201"]


def test_too_many_ids_in_one_string_are_refused(repo: Repo) -> None:
    ids = ", ".join(f"S-{i}" for i in range(10_001))
    result = check_repo(repo({"a.md": f"---\nid: A\ntitle: A\ntype: epic\nstatus: draft\nrelated: '{ids}'\n---\n"}))
    assert [f.code for f in result.findings] == ["SG104"]
    assert "max-links-per-field" in result.findings[0].message


# -- the per-file reader stays pure; resolution stays linear -----------------------------------------


def test_read_spec_file_is_picklable_and_leaves_resolution_for_later(repo: Repo) -> None:
    root = repo(LAYOUT)
    config = parse_config({"frontmatter-block": "merge", **LINKS})
    outcome = read_spec_file(root, "specs/01_requirements/user_stories/us_1.md", config)
    assert outcome.spec is not None and outcome.spec.links == ()
    assert [ref.form for ref in outcome.spec.references] == [RefForm.PATH, RefForm.PATH]
    assert pickle.loads(pickle.dumps(outcome)).spec == outcome.spec


def here(i: int, line: int) -> Location:
    return Location(f"s/{i}.md", line)


def old(i: int) -> str:
    """The previous spec's id, spelled in lower case and zero-padded: resolves, with SG106."""
    return f"s-{i - 1:05d}"


@pytest.mark.slow  # 40,000 specs: seconds of CPU; started first, it is never the run's tail
def test_resolution_is_linear_on_many_specs() -> None:
    count = 40_000
    specs = [
        Spec(
            id=f"S-{i}",
            path=f"s/{i}.md",
            location=Location(f"s/{i}.md", 1),
            fields={},
            field_lines={},
            field_keys={},
            references=(
                Reference("related", LinkKind.RELATED, None, f"{i + 1}.md", RefForm.PATH, f"s/{i + 1}.md", here(i, 2)),
                Reference("dependencies", LinkKind.DEPENDS_ON, None, old(i), RefForm.ID, old(i), here(i, 3)),
            ),
        )
        for i in range(count)
    ]
    # CPU time, not wall time: the suite runs beside other work (xdist workers, other
    # programs); a quadratic resolution would need minutes of CPU here, a linear one seconds.
    started = time.process_time()
    resolved = resolve_links(specs, [s.path for s in specs], Config())
    elapsed = time.process_time() - started
    links = [link for spec in resolved for link in spec.links]
    assert sum(1 for link in links if link.kind is LinkKind.RELATED) == count - 1
    assert sum(len(spec.loose_references) for spec in resolved) == count - 1  # s-00041 -> S-41, case and padding (SG106)
    assert elapsed < 10, elapsed
    assert isinstance(links[0], Link)
