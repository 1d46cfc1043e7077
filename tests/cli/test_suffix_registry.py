"""Every ``-o`` suffix a command infers a format from, and every ``--format`` it offers, has a renderer."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from speckit_graph.cli import check, diff, graph, impact, matrix, order, report
from speckit_graph.render import registry

COMMANDS: list[tuple[str, Mapping[str, Sequence[enum.Enum]], type[enum.Enum], Mapping[str, Any]]] = [
    ("check", check.SUFFIXES, check.CheckFormat, registry.CHECK_RENDERERS),
    ("diff", diff.SUFFIXES, diff.DiffFormat, registry.DIFF_RENDERERS),
    ("graph", graph.SUFFIXES, graph.GraphFormat, registry.GRAPH_RENDERERS),
    ("impact", impact.SUFFIXES, impact.ImpactFormat, registry.IMPACT_RENDERERS),
    ("order", order.SUFFIXES, order.OrderFormat, registry.ORDER_RENDERERS),
    ("report", report.SUFFIXES, report.ReportFormat, registry.REPORT_RENDERERS),
    ("matrix", matrix.SUFFIXES, matrix.MatrixFormat, registry.MATRIX_RENDERERS),
]


@pytest.mark.parametrize(("name", "suffixes", "formats", "renderers"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_suffixes_and_formats_name_registered_renderers(
    name: str, suffixes: Mapping[str, Sequence[enum.Enum]], formats: type[enum.Enum], renderers: Mapping[str, Any]
) -> None:
    assert {f.value for f in formats} == set(renderers), f"{name}: --format choices differ from the registry"
    for suffix, fitting in suffixes.items():
        assert suffix.startswith(".") and suffix == suffix.lower()
        assert fitting, f"{name}: {suffix} names no format"
        for fmt in fitting:
            assert fmt.value in renderers, f"{name}: {suffix} -> {fmt.value} has no renderer"
