"""The escapes of issue 14 (items 2, 8, 16), one attack each, as each medium spells them."""

from __future__ import annotations

from markdown_it import MarkdownIt

from speckit_graph.render import escape


def test_terminal_keeps_a_forged_workflow_command_on_the_line_it_came_from() -> None:
    assert escape.terminal("x\n::error file=README.md,line=1::forged\n.md") == "x\\n::error file=README.md,line=1::forged\\n.md"
    assert escape.terminal("::stop-commands::tok") == "\\x3a:stop-commands::tok"
    assert escape.terminal(" \u3000::warning::x") == " \u3000\\x3a:warning::x"  # the runner trims whitespace first
    assert escape.terminal("a ##[add-mask]secret") == "a \\x23#[add-mask]secret"
    assert escape.terminal("a:b ::c #[d]") == "a:b ::c #[d]"  # only what a runner reads changes


def test_terminal_shows_lone_surrogates_so_printing_never_fails() -> None:
    shown = escape.terminal("bad\udcffname\ud800")
    assert shown == "bad\\udcffname\\ud800"
    shown.encode("utf-8")


def test_markdown_and_html_spell_the_same_neutralisation_in_their_own_syntax() -> None:
    assert escape.markdown("::error::x") == "\\::error::x"
    assert MarkdownIt("commonmark").render(escape.markdown("::error::x")) == "<p>::error::x</p>\n"
    assert escape.html_text("::error::x ##[error]") == "&#58;:error::x &#35;#[error]"


def test_mermaid_text_never_holds_a_directive_or_a_comment() -> None:
    assert escape.mermaid_text("%%{init: {'theme': 'dark'}}%%") == "#37;#37;{init: {'theme': 'dark'}}#37;#37;"
    assert "%" not in escape.mermaid_text("%% comment | 50%")


def test_url_path_is_total_and_keeps_the_original_bytes() -> None:
    assert escape.url_path("dir/bad\udcff name.md") == "dir/bad%FF%20name.md"
    assert escape.url_path("lone\ud800.md") == "lone%5Cud800.md"
    assert escape.url_path("spécs/a.md") == "sp%C3%A9cs/a.md"


def test_dot_strings_hold_no_v1_workflow_command() -> None:
    assert escape.dot_string("##[error]x") == '"&#35;#[error]x"'
