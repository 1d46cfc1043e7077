"""A frontmatter with dates is cached with only the values that need tags tagged, and round-trips exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from speckit_graph.config.model import Config
from speckit_graph.load.loader import read_spec_file
from speckit_graph.load.packing import pack_outcome, unpack_outcome

SPEC = b"""---
id: spec-a-001
title: A
status: draft
createdAt: 2024-01-02
updatedAt: 2024-03-04T05:06:07
tags: [x, y]
nested: {when: 2024-05-06, what: [1, 2]}
dependencies: [spec-b-001]
---
Body.
"""


def test_dates_round_trip_and_only_the_frontmatter_is_tagged(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(SPEC)
    outcome = read_spec_file(tmp_path, "a.md", Config())
    assert outcome.spec is not None
    packed = pack_outcome(outcome.spec, outcome.issues, outcome.template)
    assert packed is not None and packed[:1] == b"f"
    spec, issues, template = unpack_outcome(packed)
    assert (spec, issues, template) == (outcome.spec, list(outcome.issues), outcome.template)
    assert spec is not None
    assert spec.fields["createdAt"] == dt.date(2024, 1, 2)
    assert list(spec.fields) == list(outcome.spec.fields)  # key order kept
    assert spec.fields["nested"] == outcome.spec.fields["nested"]


def test_a_frontmatter_without_dates_stays_on_the_plain_path(tmp_path: Path) -> None:
    dateless = SPEC.replace(b"createdAt: 2024-01-02\n", b"").replace(b"updatedAt: 2024-03-04T05:06:07\n", b"")
    (tmp_path / "a.md").write_bytes(dateless)
    (tmp_path / "b.md").write_bytes(dateless.replace(b"nested: {when: 2024-05-06, what: [1, 2]}\n", b""))
    nested, plain = (read_spec_file(tmp_path, name, Config()) for name in ("a.md", "b.md"))
    for each in (nested, plain):
        packed = pack_outcome(each.spec, each.issues, each.template)
        assert packed is not None and unpack_outcome(packed)[0] == each.spec
    packed = pack_outcome(plain.spec, plain.issues, plain.template)
    assert packed is not None and packed[:1] == b"m"
