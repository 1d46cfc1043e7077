"""The one escape module: each medium gets text that shows exactly what the user wrote.

Markdown is checked against what GitHub does: CommonMark (markdown-it) renders the text,
then GitHub's mention filter runs on the rendered text. So a backslash before ``@`` is
not enough (Markdown removes it before mentions are found); a zero-width space is.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from speckit_graph.render import escape

MARKDOWN = MarkdownIt("commonmark").enable("table").enable("strikethrough")

# GitHub's user and team mention patterns (html-pipeline's MentionFilter), applied to rendered text.
GITHUB_MENTIONS = (
    re.compile(
        r"(?:^|\W)@((?>[a-z0-9][a-z0-9-]*))(?!/)(?=\.+[ \t\W]|\.+$|[^0-9a-zA-Z_.]|$)",
        re.IGNORECASE | re.ASCII | re.MULTILINE,
    ),
    re.compile(r"(?:^|\W)@([a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9_-]*)", re.IGNORECASE | re.ASCII | re.MULTILINE),
)


class _Text(HTMLParser):
    """The rendered text of an HTML fragment, and its tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def rendered(markdown_text: str) -> _Text:
    page = _Text()
    page.feed(MARKDOWN.render(markdown_text))
    page.close()
    return page


def github_mentions(markdown_text: str) -> list[str]:
    text = "".join(rendered(markdown_text).parts)
    return [name for pattern in GITHUB_MENTIONS for name in pattern.findall(text)]


# -- Markdown -------------------------------------------------------------------------------


def test_a_backslash_does_not_stop_a_github_mention_but_a_zero_width_space_does() -> None:
    assert github_mentions("\\@alice") == ["alice"]  # why the old `\@alice` output pinged
    assert escape.markdown("@alice") == "@\u200balice"
    assert github_mentions(escape.markdown("@alice")) == []
    assert "".join(rendered(escape.markdown("@alice")).parts).strip().replace("\u200b", "") == "@alice"


@pytest.mark.parametrize(
    "value",
    ["@alice", "(@alice)", "cc @org/team", "x.@alice", "*@alice*", "\\@alice", "é@alice", "@alice.", "-@bob"],
)
def test_markdown_never_lets_github_mention_anyone(value: str) -> None:
    assert github_mentions(value)  # each of these pings when left raw...
    assert github_mentions(escape.markdown(value)) == []  # ...and none does once escaped


def test_markdown_leaves_email_addresses_and_word_at_alone() -> None:
    assert escape.markdown("eve@example.com") == "eve@example.com"
    assert escape.markdown("a_@b") == "a\\_@b"


def test_markdown_neutralises_blocks_and_inline_markup() -> None:
    assert escape.markdown("1. not a list") == "1\\. not a list"
    assert escape.markdown("- not a list") == "\\- not a list"
    assert escape.markdown("# no heading") == "\\# no heading"
    assert escape.markdown("line\nbreak\r\nand\ttab") == "line break and tab"
    assert escape.markdown("at 08:00, see https://e.x") == "at 08:00, see https\\://e.x"  # no autolink
    assert escape.markdown("$x$ ~~y~~ [z](http://e.x) ![i](u) `c` &amp;") == (
        "\\$x\\$ \\~\\~y\\~\\~ \\[z\\]\\(http\\://e.x\\) \\!\\[i\\]\\(u\\) \\`c\\` \\&amp;"
    )
    page = rendered(escape.markdown("a | b <script>x</script> *em* [l](u) `c` #1"))
    assert page.tags == ["p"]


@given(st.text(max_size=40))
def test_any_string_renders_as_itself_in_a_table_cell(value: str) -> None:
    cell = escape.markdown(value)
    page = rendered(f"| a |\n| --- |\n| x{cell}x |\n")
    assert page.tags.count("td") == 1
    shown = "".join(page.parts).replace("\u200b", "").strip()
    assert shown.endswith("x" + escape.one_line(value) + "x")


@given(st.text(max_size=40))
def test_any_string_renders_as_itself_at_the_start_of_a_line(value: str) -> None:
    page = rendered(escape.markdown(value) + "\n")
    assert set(page.tags) <= {"p"}
    assert "".join(page.parts).replace("\u200b", "").strip() == escape.one_line(value).strip()


def test_markdown_makes_lone_surrogates_visible() -> None:
    assert escape.markdown("bad\udcffname") == "bad\\\\udcffname"


# -- the other media ------------------------------------------------------------------------


def test_terminal_shows_control_and_bidi_characters_as_escapes() -> None:
    assert escape.terminal("red\x1b[31m\u202eevil\nnext\ttab") == "red\\x1b[31m\\u202eevil\\nnext tab"


def test_html_text_escapes_markup_and_quotes_on_one_line() -> None:
    assert escape.html_text('<b a="1">x</b>\n&') == "&lt;b a=&quot;1&quot;&gt;x&lt;/b&gt; &amp;"


def test_xml_text_is_always_parseable() -> None:
    value = "a\x00b\x1fc\ufffe\udcff<&>"
    element = ET.Element("m")
    element.text = escape.xml_text(value)
    assert ET.fromstring(ET.tostring(element)).text == "a\\x00b\\x1fc\\ufffe\\udcff<&>"


def test_dot_string_keeps_escapes_literal_and_entities_harmless() -> None:
    assert escape.dot_string('a\\nb "R&D;"\nnext') == '"a\\\\nb \\"R&#38;D;\\"\\nnext"'
    with pytest.raises(ValueError):
        escape.dot_plain("a\\b")


def test_mermaid_text_codes_what_the_lexer_reads() -> None:
    assert escape.mermaid_text('say "hi" <b> #1 & `x`\n') == "say #34;hi#34; #60;b#62; #35;1 #38; #96;x#96;"


def test_github_workflow_command_escapes() -> None:
    assert escape.github_data("50%\r\n::error::x") == "50%25%0D%0A::error::x"
    assert escape.github_property("a:b,c") == "a%3Ab%2Cc"


def test_unicode_safe_makes_any_string_encodable() -> None:
    assert escape.unicode_safe("ok\udcff").encode("utf-8") == b"ok\\udcff"


@pytest.mark.parametrize("value", ["    0", "\t\tcode", "     - item", "    1. step", " x"])
def test_leading_blanks_never_start_a_code_block_or_a_list(value: str) -> None:
    page = rendered(escape.markdown(value) + "\n")
    assert set(page.tags) <= {"p"}, page.tags
    assert "".join(page.parts).replace("\u200b", "").strip() == escape.one_line(value).strip()
