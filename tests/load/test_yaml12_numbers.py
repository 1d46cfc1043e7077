"""Issue 13/14 item 9: YAML 1.1 numbers must never change an id or plant a link to another spec.

Each trap is written as the attack (a plain scalar YAML 1.1 reads as a different number)
and the safe outcome: the id keeps its text, the link names what its text names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.model import Spec
from speckit_graph.load import frontmatter
from speckit_graph.load.loader import load_specs
from speckit_graph.load.yamlschema import Yaml12Loader
from tests.conftest import SHARED

Repo = Callable[..., Path]
PROPOSALS = {"preset": "improvement-proposals"}


def specs_of(root: Path, config: Config | dict[str, Any] | None = None) -> dict[str, Spec]:
    config = parse_config(config) if isinstance(config, dict) else (config or Config())
    return {spec.path: spec for spec in load_specs(root, config).specs}


def targets(spec: Spec) -> list[str]:
    return sorted(link.target for link in spec.links)


def test_requires_0054_links_fip_54_not_octal_44(repo: Repo) -> None:
    root = repo(
        {
            "fip-0044.md": "---\nfip: 44\ntitle: Forty-four\nstatus: Final\n---\n",
            "fip-0054.md": "---\nfip: 54\ntitle: Fifty-four\nstatus: Final\n---\n",
            "fip-0055.md": "---\nfip: 55\ntitle: Uses 54\nstatus: Draft\nrequires: [0054]\n---\n",
            "fip-0056.md": '---\nfip: 56\ntitle: Quoted\nstatus: Draft\nrequires: ["0054"]\n---\n',
        }
    )
    specs = specs_of(root, PROPOSALS)
    assert targets(specs["fip-0055.md"]) == targets(specs["fip-0056.md"]) == ["FIP-54"]


def test_id_0054_keeps_its_zeros(repo: Repo) -> None:
    root = repo({"a.md": "---\nid: 0054\nstatus: draft\n---\n", "b.md": "---\nid: B-1\ndependencies: [0054]\n---\n"})
    specs = specs_of(root)
    assert specs["a.md"].id == "0054" and specs["a.md"].fields["id"] == "0054"
    assert targets(specs["b.md"]) == ["0054"]


@pytest.mark.parametrize(
    ("written", "yaml11_value"), [("0x1F", "31"), ("1:30", "90"), ("1_000", "1000"), ("0o17", "15"), ("017", "15")]
)
def test_numbers_in_other_notations_name_no_other_spec(repo: Repo, written: str, yaml11_value: str) -> None:
    root = repo(
        {
            "trap.md": f'---\nid: "{yaml11_value}"\nstatus: draft\n---\n',
            "a.md": f"---\nid: A-1\ndependencies: [{written}]\n---\n",
            "b.md": f"---\nid: {written}\nstatus: draft\n---\n",
        }
    )
    specs = specs_of(root)
    assert targets(specs["a.md"]) == ([written] if written != "017" else ["017"])
    assert specs["b.md"].id == written


@pytest.mark.parametrize("word", ["on", "no", "yes", "off", "y", "n"])
def test_yes_no_on_off_are_words_not_booleans(repo: Repo, word: str) -> None:
    root = repo(
        {
            "w.md": f"---\nid: {word}\nstatus: draft\n---\n",
            "a.md": f"---\nid: A-1\nstatus: {word}\ndependencies: [{word}]\n---\n",
        }
    )
    specs = specs_of(root)
    assert specs["w.md"].id == word
    assert specs["a.md"].fields["status"] == word and targets(specs["a.md"]) == [word]


def test_other_fields_keep_their_yaml_12_values(repo: Repo) -> None:
    root = repo(
        {
            "a.md": "---\nid: A-1\nestimatedEffort: 8\nactualEffort: 1.5\nflag: true\nnothing: null\n"
            "created: 2024-01-31\nupdated: 2021-26-02\n---\n"
        }
    )
    fields = specs_of(root)["a.md"].fields
    assert fields["estimatedEffort"] == 8 and fields["actualEffort"] == 1.5
    assert fields["flag"] is True and fields["nothing"] is None
    assert fields["createdAt"] == dt.date(2024, 1, 31)
    assert fields["updatedAt"] == "2021-26-02"  # not a real day: kept as text, the file is still read


def test_a_canonical_number_in_a_link_is_still_a_number(repo: Repo) -> None:
    root = repo({"a.md": "---\nid: A-1\nrelated: [42]\n---\n"})
    [bad] = specs_of(root)["a.md"].bad_links
    assert "got a number" in bad.reason


# -- the corpora: no link names anything but what its text says --------------------------------

CORPORA = SHARED / "corpora"
PRESETS = {
    "aptos-aips": "improvement-proposals",
    "filecoin-fips": "improvement-proposals",
    "backlog-md": "backlog-md",
    "requiem": "requiem",
    "smart-ai-hub-99f8c88": "speckit-authors",
    "smart-ai-hub-head": "speckit-authors",
}


class _TextNumbers(Yaml12Loader):
    """The oracle: every plain scalar that looks like a number stays its source text."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith((":int", ":float"))]
        for first, resolvers in Yaml12Loader.yaml_implicit_resolvers.items()
    }


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_no_corpus_link_differs_from_what_its_text_names(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = CORPORA / name
    if not root.is_dir():
        pytest.skip(f"corpus {name} not found at {root} (set SPECKIT_GRAPH_SHARED to the shared folder)")
    config = parse_config({"preset": PRESETS[name]})
    links = {(spec.path, link.field, link.target) for spec in load_specs(root, config).specs for link in spec.links}
    monkeypatch.setattr(frontmatter, "Yaml12Loader", _TextNumbers)
    as_text = {(spec.path, link.field, link.target) for spec in load_specs(root, config).specs for link in spec.links}
    assert links, "the corpus has links"
    assert sorted(links - as_text) == []
