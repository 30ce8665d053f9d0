"""Escaping for the pull-request comment (mnfu.site.escape's gfm_* functions): text from the data shows
as typed on GitHub, never as markup. The site's own contexts are tested with the pages (test_render,
test_hostile, test_export)."""

from __future__ import annotations

import html
import re

import pytest

from mnfu.site.escape import gfm_block, gfm_code, gfm_inline


def rendered_text(markdown: str) -> str:
    """What a reader sees of a line of Markdown (CommonMark with GitHub's strikethrough and tables, raw
    HTML allowed as GitHub allows it): the text of the rendered HTML, zero-width spaces aside."""
    from markdown_it import MarkdownIt

    out = MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(markdown)
    assert re.fullmatch(r"<p>.*</p>\n", out, re.S), out  # one paragraph: no other block was made
    return html.unescape(re.sub(r"<[^>]+>", "", out)).replace("\u200b", "").strip()


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold** __bold__ *it* _it_ ~~struck~~ ~one~",
    "`code` ``more``",
    "[link](https://example.org) ![image](x.png) [ref][1] <https://example.org>",
    "a | b | c",
    "$x^2$ and $$y$$",
    "AT&T &amp; &#65; &copy;",
    "C# and F#",
    "back\\slash\\*",
    "<!-- hidden -->",
    "[^1] footnote",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_text_renders_as_typed(text: str):
    shown = gfm_inline(text)
    assert rendered_text(f"Before {shown} after") == f"Before {text} after"
    assert rendered_text(f"**{shown}**") == text  # inside our own emphasis too


@pytest.mark.parametrize("text", [*HOSTILE, "# heading", "- item", "+ item", "1. item", "2) item", "> quote",
                                  "=== setext", "    indented code", "---", "* * *", "| a | b |"])
def test_text_at_a_line_start_makes_no_block(text: str):
    assert rendered_text(gfm_block(text)) == text.strip()


def test_mentions_and_emoji_codes_get_a_zero_width_space():
    assert gfm_inline("ask @octocat or @org/team") == "ask @&#8203;octocat or @&#8203;org/team"
    assert gfm_inline(":smile: :+1: :100:") == ":&#8203;smile: :&#8203;+1: :&#8203;100:"
    assert gfm_inline("at 12:30:45, ratio 3:2") == "at 12:30:45, ratio 3:2"  # not emoji codes: untouched
    assert gfm_inline("[@alpha-2025]") == "\\[@&#8203;alpha-2025\\]"
    assert gfm_inline("a_b:c_d:") == "a\\_b:&#8203;c\\_d:"


def test_exact_escapes():
    assert gfm_inline("<b>x</b> & *y*") == "&lt;b&gt;x&lt;/b&gt; &amp; \\*y\\*"
    assert gfm_inline("$x$ ~a~ #1 !") == "\\$x\\$ \\~a\\~ \\#1 \\!"  # math, strikethrough: GitHub's own
    assert gfm_inline("line\nbreak\ttab") == "line break tab"
    assert gfm_block("  - item") == "\\- item"
    assert gfm_block("12. item") == "12\\. item"
    assert gfm_block("48.8714") == "48.8714"  # a number is not a list item


@pytest.mark.parametrize("text, expected", [
    ("summary", "`summary`"),
    ("a`b", "``a`b``"),
    ("``", "``` `` ```"),
    ("`x", "`` `x ``"),
    ("<b>&amp;</b>", "`<b>&amp;</b>`"),
    ("two\nlines", "`two lines`"),
])
def test_code_spans_hold_any_text(text: str, expected: str):
    assert gfm_code(text) == expected
    assert rendered_text(gfm_code(text)) == " ".join(text.split())
