"""Number and word formatting shared by the report renderers, so every format agrees."""

from __future__ import annotations

import math


def hours(value: float | None) -> str:
    """``96``, ``12.5``; an em dash when unknown."""
    if value is None:
        return "\u2014"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def percent(value: float | None) -> str:
    """Rounded down, so 99.6 % of the work done never reads as 100 %."""
    if value is None:
        return "\u2014"
    return f"{math.floor(value + 1e-9)}%"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def json_number(value: float | None) -> int | float | None:
    """Integral hours as JSON integers (``96`` rather than ``96.0``)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 3)


def hours_label(value: float | None) -> str:
    """``96 h``, or ``no estimate`` for a spec without one."""
    return "no estimate" if value is None else f"{hours(value)} h"
