"""init's survey counts ISO dates right when one key mixes YAML dates and dates left as text.

``created: 2021-01-02`` is a date object after YAML; ``created: "Jan 2 2021"`` and
``created: 2021-1-2`` stay text. The survey used to subtract the text dates from the "date"
shape count, which never held "Jan 2 2021" in the first place, so a repository with mostly ISO
dates could be told its dates were "mostly not written YYYY-MM-DD" and lose its date rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from speckit_graph.init.survey import KeyStat, date_kind
from tests.conftest import write_repo
from tests.init.test_adapt import check_json, init


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (dt.date(2021, 1, 2), "iso"),
        (dt.datetime(2021, 1, 2, 10, 30), "iso"),
        ("2021-01-02", "iso"),
        ("2021-01-02T10:00:00Z", "iso"),
        ("2022-01-01, 2022-03-04; 2023-05-06", "iso"),
        ("Jan 2 2021", "other"),
        ("June 23, 2020", "other"),
        ("2021-1-2", "other"),
        ("10/11/2022", "other"),
        ("29.10.2019", "other"),
        ("soon", None),
        ("2022-01-01, soon", None),
        (20210102, None),
        (None, None),
    ],
)
def test_each_value_is_classified_on_its_own(value: object, kind: str | None) -> None:
    assert date_kind(value) == kind


def test_a_key_mixing_yaml_dates_and_text_dates_counts_each_once() -> None:
    stat = KeyStat("created")
    for value in (dt.date(2021, 1, 2), dt.date(2021, 1, 3), "2021-01-04", "Jan 2 2021", "2021-1-2", "TBD"):
        stat.add(value, False)
    assert (stat.iso_dates, stat.other_dates) == (3, 2)
    assert stat.other_date_example == "Jan 2 2021"


def test_mostly_iso_dates_with_a_few_written_otherwise_keep_the_date_rule(tmp_path: Path) -> None:
    files = {f"p{n}.md": f"---\nid: P-{n}\ntitle: P{n}\nstatus: draft\ncreated: 2022-0{n}-01\n---\n" for n in range(1, 5)}
    files["q1.md"] = '---\nid: Q-1\ntitle: Q1\nstatus: draft\ncreated: "Jan 2 2021"\n---\n'
    files["q2.md"] = "---\nid: Q-2\ntitle: Q2\nstatus: draft\ncreated: 2021-1-2\n---\n"
    files["q3.md"] = "---\nid: Q-3\ntitle: Q3\nstatus: draft\ncreated: June 3, 2021\n---\n"
    root = write_repo(tmp_path / "repo", files)
    out, config = init(root)
    # 4 ISO against 3 written otherwise: before, the 3 were subtracted from the 5 "date" shapes (4 + '2021-1-2')
    assert "invalid-date" not in config.get("rules", {}), out
    flagged = sorted(f["spec"] for f in check_json(root)["findings"] if f["code"] == "SG404")
    assert flagged == ["Q-1", "Q-2", "Q-3"]  # the repository's few odd dates are what the rule is for


def test_mostly_dates_written_otherwise_switch_the_rule_off_and_count_right(tmp_path: Path) -> None:
    files = {f"p{n}.md": f'---\nid: P-{n}\ntitle: P{n}\nstatus: draft\ncreated: "Jan {n} 2021"\n---\n' for n in range(1, 5)}
    files["i1.md"] = "---\nid: I-1\ntitle: I1\nstatus: draft\ncreated: 2021-01-05\n---\n"
    files["i2.md"] = "---\nid: I-2\ntitle: I2\nstatus: draft\ncreated: 2021-01-06\n---\n"
    out, config = init(write_repo(tmp_path / "repo", files))
    assert config["rules"]["invalid-date"] == "off"
    assert "(4 like 'Jan 1 2021', 2 ISO)" in out  # before: 0 ISO, as 4 were subtracted from 2
