"""An explicit YAML tag on text of another shape (``!!bool abc``) is one SG001 at its line, never a crash.

PyYAML's readers of these tags assume the text matched their pattern; before they were guarded,
each of these values stopped the whole run with "internal error" and exit code 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.config.model import Config
from speckit_graph.load.loader import load_specs


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("!!timestamp 2024-01-3x", "'2024-01-3x' is not a date"),
        ('!!timestamp ""', "'' is not a date"),
        ('!!int ""', "'' is not a number"),
        ('!!float ""', "'' is not a number"),
        ('!!bool ""', "'' is not a boolean"),
        ("!!bool abc", "'abc' is not a boolean"),
    ],
)
def test_a_malformed_explicit_tag_is_one_finding_and_the_other_fields_are_read(tmp_path: Path, value: str, reason: str) -> None:
    (tmp_path / "a.md").write_text(f"---\nid: A-1\ntitle: One\ncreated: {value}\nstatus: draft\n---\n", encoding="utf-8")
    result = load_specs(tmp_path, Config())
    [hit] = [h for h in result.issues if h.code == "SG001"]
    assert (hit.path, hit.line) == ("a.md", 4)
    assert reason in hit.message
    [spec] = result.specs
    assert spec.id == "A-1" and spec.fields["status"] == "draft" and "created" not in spec.fields


def test_well_formed_explicit_tags_still_read_as_before(tmp_path: Path) -> None:
    text = "---\nid: A-1\nd: !!timestamp 2024-01-31\nb: !!bool true\ni: !!int 0x1F\nf: !!float 1.5\n---\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    [spec] = load_specs(tmp_path, Config()).specs
    assert str(spec.fields["d"]) == "2024-01-31"
    assert (spec.fields["b"], spec.fields["i"], spec.fields["f"]) == (True, 31, 1.5)
