"""The project's model in the configuration: validated at load time, every error at once, with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from speckit_graph.config import expr
from speckit_graph.config.discover import load_config
from speckit_graph.config.model import Config
from speckit_graph.config.parse import parse_config
from speckit_graph.core.errors import ConfigError
from tests.conftest import EPIC, good_fields, run_cli, spec_text, write_repo


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / ".speckit-graph.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, explicit=path)
    return caught.value.errors


def test_a_bad_expression_is_an_error_with_its_line_and_column(tmp_path: Path) -> None:
    text = (
        'preset = "speckit"\n'
        "\n"
        "[[rules]]\n"
        'code = "X001"\n'
        'message = "m"\n'
        "when = \"type == 'api_spec' and statsu in ['approved']\"\n"
    )
    [error] = errors_of(tmp_path, text)
    # `statsu` is character 24 of the expression, whose first character is in column 9.
    assert error.startswith("line 6, column 32: rules[1].when: unknown field 'statsu'; did you mean 'status'?"), error


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        "[[rules]]\n"
        'code = "X001"\n'
        'message = "m"\n'
        "when = \"type == 'apispec'\"\n"
        "require = 'any(dependants, true)'\n"
        "\n"
        "[[rules]]\n"
        'code = "SG999"\n'
        'message = "m"\n'
        "when = '''\n"
        "status == 'draft' and\n"
        "   (priority == ]'''\n"
        "\n"
        "[types.userstory]\n"
        'parents = ["epik"]\n'
        'requires = ["parnet"]\n'
        "[hierarchy]\n"
        "max-depth = 0\n"
    )
    errors = errors_of(tmp_path, text)
    assert any(e.startswith("line 4, column 17: rules[1].when: 'apispec' is not a type of the vocabulary") for e in errors), (
        errors
    )
    assert any(
        e.startswith("line 5, column 16: rules[1].require: unknown link kind 'dependants'; did you mean 'dependents'?")
        for e in errors
    )
    assert any(e.startswith("rules[2].code: expected a code like 'X001'") for e in errors)
    assert any(e.startswith("line 12, column 17: rules[2].when: expected a value") for e in errors), errors
    assert any(e.startswith("types.userstory: 'userstory' is not a type") for e in errors)
    assert any(e.startswith("types.userstory.parents: 'epik' is not a type") for e in errors)
    assert any(e.startswith("types.userstory.requires: unknown link kind 'parnet'") for e in errors)
    assert any(e.startswith("hierarchy.max-depth: expected an integer from 1") for e in errors)
    assert len(errors) == 8, errors


def test_the_command_exits_2_with_the_position(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {"epic.md": spec_text(**EPIC), "a.md": spec_text(**good_fields("spec-story-a-001"))})
    (root / ".speckit-graph.toml").write_text(
        "[[rules]]\ncode = 'X001'\nmessage = 'm'\nwhen = 'count(parent) >'\n", encoding="utf-8"
    )
    run = run_cli("check", root, "--no-cache")
    assert run.code == 2
    assert "line 4, column 24: rules[1].when: expected a value" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("type == ", "expected a value"),
        ("type = 'x'", "unexpected character '='"),
        ("(" * 40 + "true" + ")" * 40, "nests deeper than 32"),
        ("not " * 40 + "true", "more than 32 'not'"),
        ("any(dependencies)", "expected ','"),
        ("type == 'a' 'b'", "after a complete expression"),
        ("", "empty expression"),
        ("x" * (expr.MAX_LENGTH + 1), "characters long"),
    ],
)
def test_the_parser_rejects_malformed_text(text: str, message: str) -> None:
    with pytest.raises(expr.ExprError) as caught:
        expr.parse(text)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dependencies.type == 'epic'", "'dependencies' links to many specs"),
        ("estimatedEffort > 'a'", "'>' compares numbers, got a str"),
        ("type == 3", "'==' compares a str with a num"),
        ("type in 'epic'", "needs a list on its right"),
        ("priority in ['urgent']", "'urgent' is not a priority"),
        ("parent", "a link kind: use count(...) > 0"),
    ],
)
def test_the_type_checker_knows_the_configuration(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"rules": [{"code": "X001", "message": "m", "when": text}]})
    assert message in str(caught.value)


def test_hostile_expressions_are_linear() -> None:
    """Long flat inputs parse in one pass; nesting is bounded before Python's stack is."""
    flat = " or ".join(["type == 'epic'"] * 200)
    assert isinstance(expr.parse(flat), expr.BoolOp)
    with pytest.raises(expr.ExprError):
        expr.parse("any(parent, " * 100 + "true" + ")" * 100)


def test_custom_fields_named_links_and_codes() -> None:
    config = parse_config(
        {
            "fields": ["owner"],
            "links": {"implements": {"fields": ["implements"], "like": "related"}},
            "rules": [{"code": "ACME12", "name": "owned", "message": "m", "when": "count(implements) > 0", "require": "owner"}],
        }
    )
    [rule] = config.project.rules
    assert (rule.code, rule.name, rule.severity.value) == ("ACME12", "owned", "warning")
    with pytest.raises(ConfigError, match="used by another rule"):
        parse_config({"rules": [{"code": "X1", "message": "m", "when": "true"}, {"code": "X1", "message": "m", "when": "true"}]})


def test_the_built_in_model_is_the_speckit_preset_and_types_replace_it() -> None:
    assert parse_config({}).project == Config().project
    assert set(Config().project.types) == {
        "functional_requirement",
        "user_story",
        "api_spec",
        "ui_spec",
        "service_spec",
        "data_model",
    }
    own = parse_config({"types": {"epic": {"parents": []}}})
    assert set(own.project.types) == {"epic"} and own.project.types["epic"].parents == ()
    assert parse_config({"types": {}}).project.types == {}
    assert parse_config({"preset": "requiem"}).project.types == {}


def test_a_narrower_vocabulary_narrows_the_preset_hierarchy_instead_of_failing() -> None:
    config = parse_config({"vocabulary": {"type": ["epic", "functional_requirement", "user_story", "initiative"]}})
    assert set(config.project.types) == {"functional_requirement", "user_story"}
    assert config.project.types["user_story"].parents == ("functional_requirement", "epic")
    gone = parse_config({"vocabulary": {"type": ["user_story", "requirement"]}})
    assert gone.project.types == {}  # user_story's allowed parents are gone: not a root type now


def test_type_from_id_needs_a_type_group() -> None:
    with pytest.raises(ConfigError, match=r"hierarchy.type-from-id: expected a regular expression with a \(\?P<type>"):
        parse_config({"hierarchy": {"type-from-id": r"^(\w+)-\d+$"}})
    with pytest.raises(ConfigError, match="hierarchy.type-from-id: not a valid regular expression"):
        parse_config({"hierarchy": {"type-from-id": "(?P<type>"}})


def test_rules_in_pyproject_and_preset_settings_survive_declared_rules(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\n\n[tool.speckit-graph]\npreset = "speckit-authors"\n\n'
        "[[tool.speckit-graph.rules]]\ncode = 'X001'\nmessage = 'm'\nwhen = 'statsu == 1'\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, explicit=pyproject)
    assert caught.value.errors[0].startswith("line 10, column 9: rules[1].when: unknown field 'statsu'")
    config = parse_config({"preset": "requiem", "rules": [{"code": "X001", "message": "m", "when": "true"}]})
    assert config.rules == {"missing-approval": "off"}  # the preset's [rules] settings are kept
    assert [rule.code for rule in config.project.rules] == ["X001"]


def test_many_bad_rules_are_located_in_linear_time(tmp_path: Path) -> None:
    """Each error's position is a lookup in one scan of the file, not a new scan per error."""
    import time

    def timed(count: int) -> float:
        text = "".join(f"[[rules]]\ncode = 'X{i}'\nmessage = 'm'\nwhen = 'statsu == 1'\n\n" for i in range(count))
        started = time.process_time()
        errors = errors_of(tmp_path, text)
        elapsed = time.process_time() - started
        assert len(errors) == count and errors[-1].startswith(f"line {5 * count - 1}, column 9: rules[{count}].when")
        return elapsed

    small, large = min(timed(500) for _ in range(2)), min(timed(2000) for _ in range(2))
    assert large < small * 10, (small, large)
