"""Reading a date field: one ISO date, or several written in one value.

Date fields are read as ``YYYY-MM-DD`` (a YAML date, a datetime, or text, optionally with a
time). Some repositories keep a history in the field itself, ``updated: 2021-05-12, 2021-12-06,
2022-04-19`` (Hedera's HIPs), one scalar of ISO dates separated by commas or semicolons, or a
YAML list of them. That is a deliberate convention, not a broken date: the field means the
latest of them for "last updated" and the earliest for "created". Anything else stays not a
date, and a list with one item that is not a date is reported as that item, never accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

#: A time after the date: ``10:30``, ``10:30:00.5Z``, ``10:30 +02:00``, ``10:30 UTC``. Nothing else may
#: follow a date (``2022-01-01 and 2022-02-02`` is no date, not 2022-01-01).
#: Blanks belong to the zone only when a zone follows, so they never compete with the blanks around a
#: separator (two adjacent ``\s*`` made the match quadratic in a run of blanks); values are stripped.
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[A-Z]{2,5}))?)?"
_ISO = re.compile(rf"^\d{{4}}-\d{{2}}-\d{{2}}{_TIME}$")
#: Several ISO dates (each optionally with a time) separated by commas or semicolons.
_SEPARATED = re.compile(rf"^\d{{4}}-\d{{2}}-\d{{2}}{_TIME}(?:\s*[,;]\s*\d{{4}}-\d{{2}}-\d{{2}}{_TIME})+\s*[,;]?$")


def as_date(value: Any) -> dt.date | None:
    """A YAML date, datetime or ``YYYY-MM-DD`` string (time allowed) as a date; anything else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class DateList:
    """Several dates in one field: the ones that read, and the written items that do not."""

    dates: tuple[dt.date, ...]
    bad: tuple[str, ...]


def date_list(value: Any) -> DateList | None:
    """The dates of a field that holds several (``a, b; c`` or a YAML list of two or more), else None.

    A single value, or text that is not a separated list of ISO-looking items, is None: the
    caller reads it as one date.
    """
    if isinstance(value, str) and _SEPARATED.match(value.strip()):
        items: list[Any] = [item.strip() for item in re.split(r"[,;]", value) if item.strip()]
    elif isinstance(value, list) and len(value) >= 2 and all(isinstance(v, (str, dt.date)) for v in value):
        items = list(value)
    else:
        return None
    parsed = [(item, as_date(item)) for item in items]
    return DateList(
        tuple(date for _, date in parsed if date is not None),
        tuple(str(item) for item, date in parsed if date is None),
    )


def field_date(value: Any, latest: bool) -> dt.date | None:
    """The date a field stands for: its one date, or of several the latest (``latest``) or earliest.

    None when the value is no date, or a list with an item that is not one.
    """
    several = date_list(value)
    if several is None:
        return as_date(value)
    if several.bad or not several.dates:
        return None
    return max(several.dates) if latest else min(several.dates)
