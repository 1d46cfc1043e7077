"""The cheaper hand-over from workers: fast-built objects and the ``d`` encoding change nothing a user sees.

Every spec file of the examples and corpora, packed as a worker packs it and unpacked as the
main process does, must equal the spec read directly, with the same repr (reports print
values from it) and the same hash (the graph keys on specs' parts).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from speckit_graph.check.perspec import judge_spec
from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.findings import Hit, Severity
from speckit_graph.core.model import Link, LinkKind, Location, Reference, RefForm, Spec
from speckit_graph.load.builders import fast_constructor, fast_replacer
from speckit_graph.load.loader import read_spec_file
from speckit_graph.load.packing import pack_outcome, unpack_judged
from tests.conftest import REPO_ROOT, SHARED

PRESETS = {
    "aptos-aips": "improvement-proposals",
    "filecoin-fips": "improvement-proposals",
    "backlog-md": "backlog-md",
    "requiem": "requiem",
    "smart-ai-hub-99f8c88": "speckit-authors",
    "smart-ai-hub-head": "speckit-authors",
}
REFERENCE = Reference("parent", LinkKind.PARENT, None, "./b.md", RefForm.PATH, "b.md", Location("a.md", 3, 9), "b.md")


def test_a_fast_built_object_is_the_frozen_class_itself() -> None:
    values = tuple(getattr(REFERENCE, f.name) for f in dataclasses.fields(Reference))
    built = fast_constructor(Reference)(*values)
    assert type(built) is Reference
    assert built == REFERENCE and hash(built) == hash(REFERENCE) and repr(built) == repr(REFERENCE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.value = "c.md"  # type: ignore[misc]
    hit = Hit("m", "a.md", 2, severity=Severity.ERROR, extra={"k": 1}, code="SG101")
    again = fast_constructor(Hit)(*(getattr(hit, f.name) for f in dataclasses.fields(Hit)))
    assert (again, repr(again), again.extra) == (hit, repr(hit), hit.extra)


def test_the_fast_replace_equals_dataclasses_replace() -> None:
    spec = Spec("s-1", "a.md", Location("a.md", 1), {"id": "s-1"}, {"id": 2}, {}, references=(REFERENCE,))
    link = Link("s-1", "s-2", LinkKind.PARENT, "parent", Location("a.md", 3, 9))
    fast = fast_replacer(Spec)(spec, links=(link,), references=())
    assert fast == dataclasses.replace(spec, links=(link,), references=())
    assert repr(fast) == repr(dataclasses.replace(spec, links=(link,), references=()))


def test_a_class_it_cannot_build_faithfully_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            raise ValueError("never skipped")

    for cls in (NoSlots, Checked):
        with pytest.raises(TypeError):
            fast_constructor(cls)


def _round_trips(root: Path, config: Config) -> int:
    """Pack and unpack every ``.md`` under ``root``; the number of specs among them."""
    specs = 0
    for path in sorted(root.rglob("*.md")):
        relpath = path.relative_to(root).as_posix()
        outcome = read_spec_file(root, relpath, config)
        judged = judge_spec(outcome.spec, config) if outcome.spec is not None else []
        packed = pack_outcome(outcome.spec, outcome.issues, outcome.template, judged)
        if packed is None:  # not packable: parsed in the main process, never handed over
            continue
        spec, issues, template, rehits = unpack_judged(packed)
        assert (spec, issues, template, rehits) == (outcome.spec, list(outcome.issues), outcome.template, judged), relpath
        assert repr(spec) == repr(outcome.spec), relpath
        assert [repr(h) for h in rehits] == [repr(h) for h in judged], relpath
        if spec is not None:
            assert type(spec) is Spec and hash(spec.location) == hash(outcome.spec.location)  # type: ignore[union-attr]
            specs += 1
    return specs


@pytest.mark.parametrize("name", ["broken", "checkout", "traced"])
def test_every_example_spec_survives_the_hand_over(name: str) -> None:
    root = REPO_ROOT / "examples" / name
    assert _round_trips(root, Config()) > 0


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_corpus_spec_survives_the_hand_over(name: str) -> None:
    root = SHARED / "corpora" / name
    if not root.is_dir():
        pytest.skip(f"corpus {name} not found at {root} (set SPECKIT_GRAPH_SHARED to the shared folder)")
    assert _round_trips(root, parse_config({"preset": PRESETS[name]})) > 0


def test_top_level_dates_take_the_d_encoding_and_come_back_as_dates(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\nid: s-1\ncreatedAt: 2024-01-02\nupdatedAt: 2024-03-04T05:06:07+02:00\ntags: [x]\nparent: s-0\n---\n"
    )
    outcome = read_spec_file(tmp_path, "a.md", Config())
    packed = pack_outcome(outcome.spec, outcome.issues, outcome.template)
    assert packed is not None and packed[:1] == b"d"
    spec = unpack_judged(packed)[0]
    assert spec == outcome.spec and spec is not None
    assert spec.fields["createdAt"] == dt.date(2024, 1, 2) and type(spec.fields["createdAt"]) is dt.date
    updated = spec.fields["updatedAt"]
    assert type(updated) is dt.datetime and updated.utcoffset() == dt.timedelta(hours=2)
    assert list(spec.fields) == list(outcome.spec.fields)  # type: ignore[union-attr]
