"""The loader skips the SG403 walk when the frontmatter's text cannot hold a placeholder; never wrongly.

``may_hold_placeholder`` looks at the YAML source once; when it says no, the spec's values are not
walked. It must say yes whenever a value holds a placeholder: checked on hypothesis YAML whose
values are written plain, quoted and with escapes, and on every spec file of examples/ and the
shared corpora (placeholders found with and without the pre-filter).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from speckit_graph.load import frontmatter
from speckit_graph.load.loader import read_spec_file
from speckit_graph.load.placeholders import PLACEHOLDER_FORMS, may_hold_placeholder, placeholder_form
from speckit_graph.load.walk import list_markdown_files
from speckit_graph.usecases.load import resolve_config
from tests.conftest import EXAMPLES, SHARED

CORPORA = SHARED / "corpora"
FOLDERS = [
    *sorted(p for p in EXAMPLES.iterdir() if p.is_dir()),
    *(sorted(p for p in CORPORA.iterdir() if p.is_dir()) if CORPORA.is_dir() else []),
]
_ALPHABET = "tTodObBdD{}<>|\\ .!:\n\"'xu07B" + "\u017f\u212a\u00e9"


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=12), st.sampled_from(["plain", "single", "double", "block"]))
def test_a_value_with_a_placeholder_is_never_filtered_out(value: str, style: str) -> None:
    source = {
        "plain": f"k: {value}",
        "single": "k: '" + value.replace("'", "''") + "'",
        "double": 'k: "' + value.replace("\\", "\\\\").replace('"', '\\"') + '"',
        "block": "k: |\n  " + value.replace("\n", "\n  "),
    }[style]
    try:
        parsed = yaml.safe_load(source)
    except yaml.YAMLError:
        return
    written = parsed.get("k") if isinstance(parsed, dict) else None
    if isinstance(written, str) and placeholder_form(written, PLACEHOLDER_FORMS):
        assert may_hold_placeholder(source), (source, written)


@pytest.mark.parametrize(
    "source",
    ['k: "\\x7b\\x7b name \\x7d\\x7d"', "k: TBD", "k: tOdO.", "k: <date>", "k: a|b|c", "k: { { x } }", "k: '{{ x }}'"],
)
def test_escapes_and_every_form_keep_the_walk(source: str) -> None:
    assert may_hold_placeholder(source)


def test_ordinary_frontmatter_skips_the_walk() -> None:
    assert not may_hold_placeholder("id: spec-a-001\ntitle: 'Inès'\nstatus: draft\ntags: [a, b]\n")


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_spec_with_a_placeholder_passes_the_prefilter(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file read once with the walk forced on; where it finds a placeholder, the pre-filter said yes."""
    config = resolve_config(folder)
    paths, _ = list_markdown_files(folder, config)
    answers: list[bool] = []

    def spy(text: str) -> bool:
        answers.append(may_hold_placeholder(text))
        return True

    monkeypatch.setattr(frontmatter, "may_hold_placeholder", spy)
    found = 0
    for path in paths:
        answers.clear()
        spec = read_spec_file(folder, path, config).spec
        if spec is not None and spec.placeholders:
            found += 1
            assert answers == [True], path
    if folder.name == "broken":
        assert found  # the defective example has placeholders: the comparison compared something
