"""Issue 18's acceptance: on a generated repository, every finding and number matches what was planted."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from speckit_graph.core.trace import FAILED, PASSED
from speckit_graph.render.registry import MATRIX_RENDERERS, RenderContext
from speckit_graph.trace.matrix import COLUMNS
from speckit_graph.usecases.check import CheckRequest, run_check
from speckit_graph.usecases.common import LoadOptions
from speckit_graph.usecases.matrix import MatrixRequest, run_matrix
from tests.trace.planted import Planted, plant

REPO = Path(__file__).resolve().parents[2]
STAGES = ["draft", "review", "approved", "implemented"]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return plant(tmp_path_factory.mktemp("planted"))


def _findings(planted: Planted, code: str) -> list:
    outcome = run_check(CheckRequest(LoadOptions(path=planted.root / "specs", jobs=1), select=(code,)))
    return [f for f in outcome.result.findings if f.code == code]


def test_unimplemented_specs_are_the_planted_ones(planted: Planted) -> None:
    expected = {s for s, status in planted.statuses.items() if status == "implemented" and s not in planted.implemented}
    assert expected  # the generator planted some
    assert {f.spec for f in _findings(planted, "SG501")} == expected


def test_untested_specs_are_the_planted_ones(planted: Planted) -> None:
    expected = {s for s, status in planted.statuses.items() if STAGES.index(status) >= 2 and s not in planted.tested}
    assert {f.spec for f in _findings(planted, "SG502")} == expected


def test_unknown_mentions_at_file_line_column(planted: Planted) -> None:
    found = sorted((f.path, f.line, f.column, f.message.split("'")[1]) for f in _findings(planted, "SG503"))
    assert found == sorted(planted.unknown)
    assert all("REQ-8888" not in f.message for f in _findings(planted, "SG503")), "an id in a string is no mention"


def test_failing_tests_are_reported_on_their_spec(planted: Planted) -> None:
    findings = _findings(planted, "SG504")
    assert {f.spec for f in findings} == planted.failing
    assert "tests.test_app.test_login" in findings[0].message


def test_binary_file_skipped_with_a_note(planted: Planted) -> None:
    outcome = run_check(CheckRequest(LoadOptions(path=planted.root / "specs", jobs=1)))
    assert any("binary" in note and "logo.py" in note for note in outcome.notes)


def _matrix(planted: Planted):
    return run_matrix(MatrixRequest(LoadOptions(path=planted.root / "specs", jobs=1))).matrix


def test_matrix_rows_match_the_plant(planted: Planted) -> None:
    matrix = _matrix(planted)
    rows = {row.id: row for row in matrix.rows}
    assert set(rows) == set(planted.statuses)
    assert {r.id for r in matrix.rows if r.code} == planted.implemented
    assert {r.id for r in matrix.rows if r.tests or r.results} == planted.tested
    for spec_id, places in planted.code_lines.items():
        assert [(f.path, line) for f in rows[spec_id].code for line in f.lines] == places
    assert rows["REQ-0002"].result == FAILED
    assert rows["REQ-0004"].result == PASSED and rows["REQ-0004"].tests[0].path == "../tests/test_app.py"
    assert rows["REQ-0003"].parent == "EPIC-0001"
    assert (matrix.implemented, matrix.tested) == (len(planted.implemented), len(planted.tested))


def test_csv_reads_back_to_the_same_rows(planted: Planted) -> None:
    matrix = _matrix(planted)
    text = MATRIX_RENDERERS["csv"](matrix, RenderContext())
    assert isinstance(text, str)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert [tuple(r) for r in rows[1:]] == [row.cells() for row in matrix.rows]


def test_xlsx_opens_with_one_frozen_header_row_and_the_same_rows(planted: Planted) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    matrix = _matrix(planted)
    data = MATRIX_RENDERERS["xlsx"](matrix, RenderContext())
    assert isinstance(data, bytes)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "A2"
    values = [tuple("" if v is None else v for v in row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == COLUMNS
    assert sum(1 for row in values if row == COLUMNS) == 1, "one header row"
    assert values[1:] == [row.cells() for row in matrix.rows]
    time.sleep(1.1)  # openpyxl stamps the time of saving: a second later, the bytes must still be the same
    assert MATRIX_RENDERERS["xlsx"](matrix, RenderContext()) == data, "the same matrix gives the same bytes"


def test_json_matches_its_schema(planted: Planted) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "docs" / "schemas" / "matrix-v1.schema.json").read_text(encoding="utf-8"))
    text = MATRIX_RENDERERS["json"](_matrix(planted), RenderContext())
    assert isinstance(text, str)
    document = json.loads(text)
    jsonschema.validate(document, schema)
    assert document["summary"]["specs"] == len(planted.statuses)


def test_matrix_scope_by_root(planted: Planted) -> None:
    from speckit_graph.report.scope import ScopeRequest

    outcome = run_matrix(MatrixRequest(LoadOptions(path=planted.root / "specs", jobs=1), ScopeRequest(roots=("REQ-0003",))))
    assert [row.id for row in outcome.matrix.rows] == ["REQ-0003"]
