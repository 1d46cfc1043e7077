"""``speckit-graph matrix``: the traceability matrix (spec -> code -> tests) as md, csv, xlsx, html or json."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from speckit_graph.cli.common import error_boundary, fail, print_notes, write_output
from speckit_graph.cli.options import (
    CacheDirOption,
    ConfigOption,
    JobsOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    PathArgument,
    load_options,
    output_format_for,
    suffixes_for,
)
from speckit_graph.cli.scope_options import ReleaseOption, RootOption, TagOption, scope_request
from speckit_graph.render.registry import MATRIX_RENDERERS, RenderContext


class MatrixFormat(str, enum.Enum):
    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    json = "json"


SUFFIXES = suffixes_for(MatrixFormat)


@error_boundary
def matrix_command(
    path: PathArgument = Path("."),
    roots: RootOption = None,
    tags: TagOption = None,
    release: ReleaseOption = None,
    output_format: Annotated[
        Optional[MatrixFormat],
        typer.Option("--format", "-f", help="Output format \\[default: from the -o suffix, else md]; xlsx needs -o."),
    ] = None,
    output: OutputOption = None,
    config_file: ConfigOption = None,
    jobs: JobsOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,
) -> None:
    """One row per spec: id, title, status, parent, implementing files with lines, tests, last test result."""
    from speckit_graph.usecases.matrix import MatrixRequest, run_matrix  # here, not at the top: --help stays fast

    fmt = output_format_for(output, output_format, SUFFIXES, MatrixFormat.md, any_suffix=False)
    if fmt is MatrixFormat.xlsx and output is None and sys.stdout.isatty():
        raise fail("an XLSX workbook is binary: write it to a file with -o matrix.xlsx")
    load = load_options(path, config_file, jobs, cache_dir, no_cache)
    outcome = run_matrix(MatrixRequest(load, scope_request(roots, tags, release)))
    print_notes(outcome.notes)
    write_output(MATRIX_RENDERERS[fmt.value](outcome.matrix, RenderContext(path=path, output=output)), output)
