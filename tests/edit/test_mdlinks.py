"""Body link targets: found in prose, never in code, in linear time."""

from __future__ import annotations

import time

from speckit_graph.edit.mdlinks import body_links, body_start

FRONT = b"---\nid: a\nrelated: ['[x](in-frontmatter.md)']\n---\n"


def targets(body: bytes) -> list[str]:
    data = FRONT + body
    found = list(body_links(data))
    for link in found:
        assert data[link.start : link.end].decode() == link.text
    return [link.text for link in found]


def test_inline_links_images_and_definitions() -> None:
    body = b'See [a](../a.md#x), ![img](p.png "t") and [b](<b c.md> \'t\').\n[ref]: ./r.md "title"\n'
    assert targets(body) == ["../a.md#x", "p.png", "b c.md", "./r.md"]


def test_the_frontmatter_is_not_the_body() -> None:
    assert targets(b"no links\n") == []
    assert body_start(b"no frontmatter [a](a.md)\n") == 0
    assert [link.text for link in body_links(b"no frontmatter [a](a.md)\n")] == ["a.md"]


def test_code_is_never_a_link() -> None:
    body = (
        b"`[a](code.md)` and ``x ` [b](code2.md)`` but [c](prose.md)\n"
        b"```md\n[d](fenced.md)\n```\n"
        b"~~~~\n[e](tilde.md)\n~~~\n~~~~\n"
        b"\n    [f](indented.md)\n\n"
        b"- item\n\n    [g](continued.md)\n"
        b"\\[h](escaped.md)\n"
    )
    assert targets(body) == ["prose.md", "continued.md"]


def test_unclosed_code_span_backticks_are_literal() -> None:
    assert targets(b"a ` b [x](x.md)\n") == ["x.md"]


def test_hostile_lines_stay_linear() -> None:
    for line in (b"`" * 1 + b" " + b"``" * 50_000, b"](" * 100_000, b"[a](" + b"(" * 100_000, b" `" * 20_000 + b"``" * 20_000):
        started = time.perf_counter()
        list(body_links(FRONT + line + b"\n"))
        assert time.perf_counter() - started < 2.0
