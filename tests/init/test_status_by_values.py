"""``init`` finds the status under another key by its values (``ipip: ratified``, ``state: accepted``)."""

from __future__ import annotations

import sys
from pathlib import Path

from speckit_graph.config.parse import parse_config
from speckit_graph.init.lifecycle import is_lifecycle_word, status_key_by_values
from speckit_graph.init.survey import KeyStat
from tests.conftest import assert_no_traceback, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def write_repo(root: Path, key: str, values: list[str], extra: str = "") -> None:
    for n, value in enumerate(values, start=1):
        text = f"---\ntitle: Decision {n}\n{key}: {value}\n{extra}---\n\nBody.\n"
        (root / f"{n:04d}-decision.md").write_text(text, encoding="utf-8")


def init(root: Path) -> tuple[dict, str]:  # type: ignore[type-arg]
    run = run_cli("init", root)
    assert_no_traceback(run)
    assert run.code == 0, run.stderr
    text = (root / ".speckit-graph.toml").read_text(encoding="utf-8")
    return tomllib.loads(text), text


def stat(key: str, values: dict[str, int]) -> KeyStat:
    result = KeyStat(key)
    for value, count in values.items():
        for _ in range(count):
            result.add(value, False)
    return result


def test_lifecycle_words_in_their_usual_spellings() -> None:
    for word in ("Draft", "proposed", "ACCEPTED", "last call", "Last_Call", "ratified", "Withdrawn", "Superseded by ADR-3"):
        assert is_lifecycle_word(word), word
    for word in ("post", "routing", "0054", "Alice", ""):
        assert not is_lifecycle_word(word), word


def test_madr_style_state_key_gives_a_lifecycle_with_accepted_done(tmp_path: Path) -> None:
    values = ["accepted"] * 5 + ["proposed"] * 3 + ["rejected"] * 2 + ["deprecated", "superseded by 0002-decision"]
    write_repo(tmp_path, "state", values)
    config, text = init(tmp_path)
    assert config["aliases"]["status"] == ["state"]
    assert config["lifecycle"]["stages"] == ["proposed", "accepted"]
    assert config["lifecycle"]["done"] == ["accepted"]  # no done word: the furthest stage is done
    assert config["lifecycle"]["abandoned"] == ["rejected", "deprecated"]  # most frequent first
    assert config["lifecycle"]["redirect"] == ["superseded by *"]
    assert "'state' holds lifecycle words" in text
    vocabulary = parse_config(config).vocabulary
    assert vocabulary.is_done("accepted") and vocabulary.is_retired("rejected")
    assert vocabulary.is_redirect("superseded by 0002-decision")
    # check agrees: every value is allowed, and report targets accepted with the three proposed as blockers.
    check = run_cli("check", tmp_path, "--select", "SG402")
    assert check.code == 0, check.stdout
    report = run_cli("report", tmp_path)
    assert_no_traceback(report)
    assert report.code == 1 and "**Target:** accepted" in report.stdout and "3 blockers" in report.stdout


def test_a_done_word_ends_the_order_after_the_working_stages(tmp_path: Path) -> None:
    write_repo(tmp_path, "stage", ["ratified"] * 4 + ["proposal"] * 3 + ["draft", "open"])
    config, _ = init(tmp_path)
    assert config["aliases"]["status"] == ["stage"]
    assert config["vocabulary"]["lifecycle"] == ["draft", "open", "proposal", "ratified"]
    assert config["lifecycle"]["done"] == ["ratified"]


def test_one_repeated_word_is_not_a_lifecycle(tmp_path: Path) -> None:
    # `kind: proposal` on every file is a type of document: one value, no order to propose.
    write_repo(tmp_path, "kind", ["proposal"] * 6)
    config, _ = init(tmp_path)
    assert "status" not in config.get("aliases", {})
    assert config["vocabulary"]["status"] == []  # and so no lifecycle: report says there is no status field


def test_mostly_other_words_is_not_a_status(tmp_path: Path) -> None:
    write_repo(tmp_path, "layout", ["draft", "post", "post", "page", "post", "accepted"])
    config, _ = init(tmp_path)
    assert "status" not in config.get("aliases", {})


def test_a_written_status_key_wins_over_a_lookalike(tmp_path: Path) -> None:
    write_repo(tmp_path, "status", ["draft", "review", "approved", "draft"], extra="phase: proposed\n")
    config, _ = init(tmp_path)
    assert "status" not in config.get("aliases", {})


def test_the_key_with_most_lifecycle_values_is_chosen() -> None:
    stats = {
        "state": stat("state", {"accepted": 6, "proposed": 4}),
        "review": stat("review", {"open": 2, "closed": 1}),
        "title": stat("title", {"A": 10}),
    }
    chosen = status_key_by_values(stats, 10, excluded=set())
    assert chosen is not None and chosen.key == "state"
    second = status_key_by_values(stats, 10, excluded={"state"})
    assert second is not None and second.key == "review"  # in 3 of 10 files: at least a fifth
    assert status_key_by_values(stats, 20, excluded={"state"}) is None  # in 3 of 20: too few to be the status


def test_month_name_dates_switch_the_date_rule_off(tmp_path: Path) -> None:
    # NEAR's NEPs write `Created: 03-Mar-2022`: the repository's convention, not 17 bad dates.
    for n, created in enumerate(["03-Mar-2022", "29-Oct-2019", "15-Jun-2022", "June 23, 2020", "2022-03-03"], start=1):
        text = f"---\nid: S-{n}\ntitle: T{n}\nstatus: draft\ncreated: {created}\n---\n"
        (tmp_path / f"s{n}.md").write_text(text, encoding="utf-8")
    config, text = init(tmp_path)
    assert config["rules"]["invalid-date"] == "off"
    assert "4 like '03-Mar-2022'" in text


def test_capitalised_field_names_are_mapped(tmp_path: Path) -> None:
    for n in range(1, 5):
        text = f"---\nid: S-{n}\nTitle: Spec {n}\nType: epic\nstatus: draft\n---\n"
        (tmp_path / f"s{n}.md").write_text(text, encoding="utf-8")
    config, text = init(tmp_path)
    assert config["aliases"]["title"] == ["Title"] and config["aliases"]["type"] == ["Type"]
    assert "'Title' is title (4 files)" in text
    check = run_cli("check", tmp_path, "--select", "SG401")
    assert check.code == 0, check.stdout  # the title is found under its capitalised key
