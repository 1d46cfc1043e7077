"""Escaping user strings for each output medium; every renderer goes through here.

One function per medium: :func:`terminal` (plain text and rich output), :func:`markdown`
(GitHub Markdown: reports, job summaries, SARIF messages, diffs), :func:`html_text`,
:func:`xml_text`, :func:`dot_string` / :func:`dot_plain`, :func:`mermaid_text`,
:func:`github_data` / :func:`github_property` (workflow commands) and :func:`unicode_safe`
(JSON and anything else that must encode as UTF-8), :func:`url_path` (links to files).
Diagram labels first go through :func:`visible_text`.

Text a CI log shows (plain text, Markdown, HTML printed to stdout) also cannot hold a GitHub
Actions workflow command: the runner reads ``::command::`` at the start of a line (after
whitespace) and the older ``##[command]`` anywhere in a line, so user text never starts
with ``::`` and never contains ``##[``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

# C0/C1 control characters (ESC starts terminal sequences), DEL, bidi overrides/isolates that
# can make a line read differently from what it contains, and lone surrogates (undecodable
# file names), which no UTF-8 stream can print.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The Actions runner's two command syntaxes: ``::name ...::data`` once leading whitespace is
# trimmed (.NET's whitespace, which str.isspace matches), ``##[name]data`` anywhere in a line.
_LEADING_COMMAND = re.compile(r"^(\s*):(?=:)")
_V1_COMMAND = re.compile(r"#(?=#\[)")


def terminal(text: str) -> str:
    """Make a user string safe to print: control characters and bidi overrides become visible escapes.

    It stays on one line (a newline shows as ``\\n``) and cannot be read as a workflow
    command: a leading ``::`` becomes ``\\x3a:`` and ``##[`` becomes ``\\x23#[``.
    """
    text = text.replace("\r\n", "\n").replace("\n", "\\n").replace("\t", " ")
    return _no_commands(_TERMINAL_UNSAFE.sub(_visible, text), "\\x3a", "\\x23")


def _no_commands(text: str, colon: str, hash_sign: str) -> str:
    """``text`` with a leading ``::`` and every ``##[`` broken by the medium's spelling of ``:`` / ``#``."""
    text = _LEADING_COMMAND.sub(lambda m: m.group(1) + colon, text, count=1)
    return _V1_COMMAND.sub(lambda _: hash_sign, text) if "##[" in text else text


# What a diagram label must not contain: characters XML 1.0 cannot carry (C0 controls except
# tab/newline/CR, surrogates, two non-characters) and, legal but misleading, C1 controls and
# bidi overrides. All become visible escapes.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible_text(text: str) -> str:
    """A user string as one visible line: whitespace runs collapse, control characters show as escapes.

    Every diagram label goes through here first, so a title with a newline, an ESC or a
    right-to-left override draws as what it contains and never breaks the target syntax.
    """
    text = " ".join(text.split())
    return _XML_UNSAFE.sub(_visible, text)


_DOT_MAX_CHARS = 2_000  # escaped, at most 5 bytes a character: still under Graphviz's limit


def dot_string(text: str) -> str:
    """A quoted DOT string whose *escString* value displays exactly ``text``.

    Backslashes are doubled so ``\\n``, ``\\N``, ``\\G`` and friends stay literal, quotes are
    escaped, and ``&`` becomes the numeric entity ``&#38;``: Graphviz copies anything that
    looks like an entity (``&D;`` in "R&D;") into SVG unescaped, which would make the SVG
    invalid XML. Newlines in ``text`` become DOT line breaks (``\\n``, centred); ``##[`` (a
    workflow command in a CI log) is spelt ``&#35;#[``.
    """
    if len(text) > _DOT_MAX_CHARS:  # Graphviz rejects quoted strings over 16,384 bytes
        half = _DOT_MAX_CHARS // 2
        text = text[:half] + "…" + text[-half:]
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&#38;")
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{_no_commands(body, ":", "&#35;")}"'  # a DOT file printed to a CI log holds no ``##[``


def dot_plain(text: str) -> str:
    """A quoted DOT string for values Graphviz does not expand (names, colours, styles)."""
    if "\\" in text or _XML_UNSAFE.search(text) or "\n" in text or "\r" in text:
        raise ValueError(f"not representable as a plain DOT string: {text!r}")
    return '"' + text.replace('"', '\\"') + '"'


# Mermaid reads ``#name;`` / ``#123;`` entity codes inside labels. Inside quotes its lexer
# only stops at ``"``; what follows is HTML (``<``, ``>``, ``&``), entity syntax (``#``) or a
# markdown string (a leading backtick); ``|`` ends an edge label; and ``%%`` starts a comment
# or a ``%%{init: ...}%%`` directive, which Mermaid finds anywhere in the text, labels
# included. Exactly those become numeric codes.
_MERMAID_CODES = {'"': "#34;", "#": "#35;", "%": "#37;", "&": "#38;", "<": "#60;", ">": "#62;", "`": "#96;", "|": "#124;"}
_MERMAID_UNSAFE = re.compile("[" + re.escape("".join(_MERMAID_CODES)) + "]")


def mermaid_text(text: str) -> str:
    """One line of a Mermaid label (node, subgraph, edge, title), safe with HTML labels on or off.

    No ``%`` survives, so no label can hold a directive or a comment.
    """
    return _MERMAID_UNSAFE.sub(lambda m: _MERMAID_CODES[m.group()], visible_text(text))


def url_path(path: str) -> str:
    """A relative path percent-encoded for a link, whatever its characters.

    An undecodable file name (lone surrogates from ``os.fsdecode``) is encoded back to its
    original bytes; any other lone surrogate shows as its ``\\udXXX`` escape.
    """
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "backslashreplace")
    return quote(raw, safe="/")


def unicode_safe(text: str) -> str:
    """Replace lone surrogates (undecodable file names) with visible ``\\udcff`` escapes.

    Such strings cannot be encoded as UTF-8, so JSON, XML and logs would fail on them.
    """
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_values(value: Any) -> Any:
    """A JSON document whose strings all encode as UTF-8 (see :func:`unicode_safe`).

    Documents without lone surrogates, the usual case, come back as they are after one scan.
    """
    if isinstance(value, str):
        return unicode_safe(value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {json_values(key): json_values(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_values(item) for item in value]
    return value


def json_text(document: Any, *, safe_strings: bool = True, fast: bool = True) -> str:
    """``json.dumps(document, indent=2, ensure_ascii=False) + "\\n"``, byte for byte, at orjson's speed.

    With ``safe_strings`` the strings first go through :func:`json_values` (lone surrogates
    become visible escapes). The document must hold no float: orjson writes ``1e16`` where
    json writes ``1e+16`` (the findings documents hold only strings, integers and None).
    orjson refuses what json would write differently or not at all (lone surrogates, integers
    beyond 64 bits, keys that are not strings, types it does not know); those documents take
    the standard library's path, so the bytes never depend on which path ran; ``fast=False``
    takes it always (a document that may hold floats).
    """
    import json  # json and html: imported on use, a text report escapes for the terminal only

    import orjson

    if fast:
        try:
            return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
        except (orjson.JSONEncodeError, TypeError):
            pass
    if safe_strings:
        document = json_values(document)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def github_data(text: str) -> str:
    """Escape a workflow-command message the way the Actions runner unescapes it.

    ``%``, CR and LF are percent-encoded (so a message cannot start a new command);
    other control characters become visible escapes so logs cannot be recoloured.
    """
    text = unicode_safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _TERMINAL_UNSAFE.sub(_visible, text)


def github_property(text: str) -> str:
    """Escape a workflow-command property value (``file=``, ``title=``): data rules plus ``:`` and ``,``."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def one_line(text: str) -> str:
    """Line breaks and tabs become spaces; control and bidi characters become visible escapes.

    Its callers spell a leading ``::`` and ``##[`` their own way (see :func:`markdown`, :func:`html_text`).
    """
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return _TERMINAL_UNSAFE.sub(_visible, text)


# Every ASCII punctuation character CommonMark lets a backslash escape and that can start
# markup inline: emphasis, code, links, images, HTML, tables, strikethrough, math, entities;
# and the colon of ``scheme://``, where GitHub's extended autolinks start (other colons stay).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&$]|:(?=//))")
# Characters that only mean something at the start of a line (lists, thematic breaks).
_MARKDOWN_LEADING = re.compile(r"^-")
_MARKDOWN_ORDERED = re.compile(r"^(\d{1,9})([.)])")
#: Four leading blanks start an indented code block: the first becomes a character reference,
#: which renders as the same blank but does not count as indentation.
_MARKDOWN_INDENT = re.compile(r"^[ \t]")
# Where GitHub sees a mention: "@" after a non-word ASCII character (Ruby's \W) or at the
# start, before a letter or digit ("@alice", "@org/team"; not "eve@example.com").
_MENTION = re.compile(r"(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])")


def markdown(text: str) -> str:
    """Literal text inside one line of GitHub Markdown: a table cell, a list item, a heading.

    Markup characters are backslash-escaped (``|`` included, so cells never split) and line
    breaks become spaces. A backslash does not stop a mention: GitHub finds mentions in
    the rendered text, after Markdown has removed the escape. So an ``@`` before a name is
    followed by a zero-width space: the reader still sees ``@alice`` and nobody is pinged.
    """
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(unicode_safe(text)))
    text = _MARKDOWN_LEADING.sub(r"\\-", text)
    text = _MARKDOWN_ORDERED.sub(r"\1\\\2", text)
    text = _MARKDOWN_INDENT.sub(lambda m: "&#32;" if m.group() == " " else "&#9;", text)
    text = _no_commands(text, "\\:", "\\#")  # "#" and "[" are already escaped: only "::" is left
    return _MENTION.sub("@\u200b", text)


def html_text(text: str) -> str:
    """Text for HTML element content and quoted attribute values, on one line, never a workflow command."""
    import html

    return _no_commands(html.escape(one_line(text), quote=True), "&#58;", "&#35;")


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry: illegal control characters and lone surrogates become visible escapes.

    ElementTree escapes ``&``, ``<``, ``>`` and quotes itself but writes these characters
    raw, which makes the whole report unparseable.
    """
    return _XML_ILLEGAL.sub(_visible, unicode_safe(text))
