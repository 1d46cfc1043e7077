"""``speckit-graph matrix`` from the command line: formats, files, refusals, escaping."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.cli._support import invoke
from tests.trace.planted import plant, spec_text


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    plant(root, specs=8)
    hostile = spec_text("REQ-0099", '=HYPERLINK("http://x") <script>alert(1)</script> | `x`', "approved", "EPIC-0001")
    (root / "specs" / "hostile.md").write_text(hostile, encoding="utf-8")
    return root


def test_markdown_by_default(repo: Path) -> None:
    code, out, err = invoke("matrix", str(repo / "specs"), "--no-cache")
    assert code == 0, err
    assert out.startswith("# Traceability matrix") and "| REQ-0003 |" in out
    assert "<script>" not in out


def test_xlsx_to_a_file_by_suffix(repo: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "m.xlsx"
    code, _, err = invoke("matrix", str(repo / "specs"), "--no-cache", "-o", str(target))
    assert code == 0, err
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes())).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://x") <script>alert(1)</script> | `x`' in titles, "stored as text, never as a formula"
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None)


def test_csv_cells_that_start_a_formula_are_defused(repo: Path) -> None:
    code, out, _ = invoke("matrix", str(repo / "specs"), "--no-cache", "-f", "csv")
    assert code == 0
    assert "'=HYPERLINK" in out


def test_html_escapes_and_runs_no_script(repo: Path) -> None:
    code, out, _ = invoke("matrix", str(repo / "specs"), "--no-cache", "-f", "html")
    assert code == 0
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "Content-Security-Policy" in out and "default-src 'none'" in out


def test_without_trace_configuration_it_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.md").write_text(spec_text("REQ-0001", "A", "draft"), encoding="utf-8")
    code, _, err = invoke("matrix", str(tmp_path), "--no-cache")
    assert code == 2 and "[trace]" in err


def test_check_reports_trace_findings_and_exit_1(repo: Path) -> None:
    code, out, _ = invoke("check", str(repo / "specs"), "--no-cache", "--select", "SG5", "--format", "text")
    assert code == 1
    assert "SG503" in out and "src/app/main.py:" in out and "specs/../" not in out
