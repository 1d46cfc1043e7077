"""Several dates in one date field (``updated: 2021-05-12, 2021-12-06, 2022-04-19``) are read, not rejected.

Hedera's HIPs keep a field's history in the field. A mature reading takes the latest as "last
updated" (the earliest as "created") and says so once, as an info; a list with an item that is
no date is still reported, naming that item, and free text with a date in it stays no date.
"""

from __future__ import annotations

import datetime as dt

import pytest

from speckit_graph.core.dates import date_list, field_date
from speckit_graph.core.findings import Severity
from tests.check.builders import check, found, story

EPIC = story("spec-epic-a-001", type="epic")


def child(**fields: object) -> dict[str, object]:
    return story("spec-story-b-001", parent="spec-epic-a-001", **fields)


@pytest.mark.parametrize(
    ("value", "latest", "earliest"),
    [
        ("2021-05-12, 2021-12-06, 2022-04-19", "2022-04-19", "2021-05-12"),
        ("2023-05-06; 2022-01-01", "2023-05-06", "2022-01-01"),
        ("2022-01-01,2022-03-04,", "2022-03-04", "2022-01-01"),
        ([dt.date(2022, 1, 1), "2021-06-30"], "2022-01-01", "2021-06-30"),
        ("2022-01-01", "2022-01-01", "2022-01-01"),
    ],
)
def test_a_field_stands_for_its_latest_or_earliest_date(value: object, latest: str, earliest: str) -> None:
    assert field_date(value, latest=True) == dt.date.fromisoformat(latest)
    assert field_date(value, latest=False) == dt.date.fromisoformat(earliest)


@pytest.mark.parametrize("value", ["2022-01-01, soon", "2022-01-01 and 2022-02-02", "2022-01-01, 2022-13-45", ["2022-01-01"]])
def test_what_is_not_a_list_of_dates_is_no_list_date(value: object) -> None:
    several = date_list(value)
    assert several is None or several.bad
    if not (isinstance(value, list) and len(value) == 1):
        assert field_date(value, latest=True) is None


def test_a_list_of_dates_is_an_info_saying_which_date_is_read() -> None:
    result = check([EPIC, child(createdAt="2021-02-18, 2021-03-01", updatedAt="2021-05-12, 2021-12-06; 2022-04-19")])
    hits = found(result, "SG404")
    assert [(f.severity, f.message) for f in hits] == [
        (Severity.INFO, "createdAt lists 2 dates; read as the earliest, 2021-02-18"),
        (Severity.INFO, "updatedAt lists 3 dates; read as the latest, 2022-04-19"),
    ]


def test_a_list_with_an_item_that_is_no_date_names_that_item() -> None:
    result = check([EPIC, child(updatedAt="2022-01-01, 2022-13-45")])
    assert [(f.severity, f.message) for f in found(result, "SG404")] == [
        (Severity.WARNING, "updatedAt lists several dates and '2022-13-45' is not one (expected YYYY-MM-DD)")
    ]
    garbage = check([EPIC, child(updatedAt="2022-01-01, soon")])
    assert [f.message for f in found(garbage, "SG404")] == ["updatedAt '2022-01-01, soon' is not a date (expected YYYY-MM-DD)"]


def test_the_order_check_compares_the_latest_update_with_the_creation() -> None:
    # the first update is before the creation, the latest is after it: the field is in order
    fine = check([EPIC, child(createdAt="2022-02-01", updatedAt="2022-01-01, 2022-03-04")])
    assert [f.severity for f in found(fine, "SG404")] == [Severity.INFO]
    backwards = check([EPIC, child(createdAt="2023-01-01", updatedAt="2022-01-01, 2022-03-04")])
    assert "updatedAt 2022-03-04 is before createdAt 2023-01-01" in [f.message for f in found(backwards, "SG404")]
