"""Reading a date field stays linear on hostile values (a long run of blanks after a time)."""

from __future__ import annotations

from speckit_graph.core.dates import field_date
from tests.support.timing import assert_grows_linearly


def read(blanks: int) -> None:
    assert field_date("2020-01-01 10:00" + " " * blanks + "y", latest=True) is None
    assert field_date("2020-01-01 10:00," + " " * blanks + "2020-02-02", latest=True) is not None


def test_blanks_after_a_time_are_linear() -> None:
    assert_grows_linearly(lambda: read(50_000), lambda: read(400_000), factor=8, what="blanks after a time")
