"""mnfu.site.escape, function by function: text from the data lands in each context as the characters
typed, never as markup. Each is read back by a real parser of its context (Python-Markdown with the
site's extensions, an HTML, XML, YAML, CSV, BibTeX, RIS and iCalendar parser, a CommonMark parser for
the pull-request comment). The pages as a whole are tested by test_render, test_hostile and test_export.
"""

from __future__ import annotations

import csv
import functools
import html
import inspect
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from mnfu.site import escape
from mnfu.site.escape import (
    FILTERS,
    abbr_title,
    code_line,
    csv_cell,
    gfm_block,
    gfm_code,
    gfm_inline,
    html_attr,
    html_text,
    ical_text,
    json_script,
    latex,
    md_block,
    md_cell,
    md_inline,
    md_url,
    nav_title,
    one_line,
    ris_value,
    xml_text,
)


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


# ---------------------------------------------------------------- the site's contexts


HOSTILE_SITE = [
    *HOSTILE, "{{ 7*7 }} {% raw %} {#", "*[HTML]: Hyper", "[TOC]", "{: .evil }", "{ #id }", "<div markdown>x</div>",
    "==mark== ^sup^ ++ins++", "\\n and \\", "é 中文 🙂", "a\nb", "a\n\nb", "a\tb", " x ", "1.5 and 2) and 3.",
]
BLOCK_STARTS = ["??? danger \"t\"", "???+ note", "!!! note", "# h", "## h", "- a", "* a", "+ a", "1. a", "2) a", "> q",
                ": d", "=== t", "---", "***", "~~~ x", "``` x", "    indented", "--8<-- \"mkdocs.yml\"", ";--8<--",
                "*[X]: y", "[^9]: y", "| a | b |", "<div>", "%", "=", "[TOC]", "{: #x }", "-", "12.", "-5"]


def site_markdown(text: str) -> str:
    """Markdown rendered as the site renders page content (Python-Markdown, mkdocs.yml's extensions)."""
    return _site_converter().reset().convert(text)


@functools.cache
def _site_converter():
    import markdown
    import yaml

    root = ROOT
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name != "pymdownx.snippets":  # an include would read files: a snippet line must not survive anyway
            names.append(name)
            options[name] = settings or {}
    return markdown.Markdown(extensions=names, extension_configs=options)


class Elements(HTMLParser):
    """The tags of an HTML fragment and its text."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[dict[str, str | None]] = []
        self.parts: list[str] = []
        self.feed(fragment)
        self.close()
        self.text = "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append(dict(attrs))

    def handle_data(self, data):
        self.parts.append(data)


def test_one_line_makes_every_run_of_whitespace_one_space_and_keeps_the_ends():
    assert one_line(" a\n\tb  c\r\n") == " a b c "
    assert one_line(12) == "12"


@pytest.mark.parametrize("text", HOSTILE_SITE)
def test_md_inline_text_is_literal_after_other_text(text: str):
    page = Elements(site_markdown(f"Before {md_inline(text)} after"))
    assert page.tags == ["p"]
    assert page.text == f"Before {one_line(text)} after"
    assert md_inline(escape.Markup("<b>ours</b>")) == "<b>ours</b>"  # the templates' own markup passes


@pytest.mark.parametrize("text", [*HOSTILE_SITE, *BLOCK_STARTS])
def test_md_block_text_starts_no_block(text: str):
    page = Elements(site_markdown(str(md_block(text))))
    assert page.tags in (["p"], []), (text, page.tags)  # one paragraph, or nothing for blank text
    assert page.text == one_line(text).lstrip()
    assert md_block("48.8714") == "48.8714"  # a number is not a list item: no backslash that would show


@pytest.mark.parametrize("text", ["a | b", "a\nb | c", "x \\| y", "`|`", "||", *BLOCK_STARTS[:6]])
def test_md_cell_stays_in_its_cell(text: str):
    table = site_markdown(f"| one | two |\n|---|---|\n| {md_cell(text)} | last |\n")
    cells = [Elements(cell).text for cell in re.findall(r"<td>(.*?)</td>", table, re.S)]
    assert cells == [one_line(text).strip(), "last"], table


@pytest.mark.parametrize("url", ["https://example.org/a b)(x\"<y>", "http://e.org/ä?q=1&r=2#f", "HTTPS://E.ORG/a_(b)",
                                 "https://e.org/x) [y](javascript:alert(1)"])
def test_md_url_keeps_the_link_whole(url: str):
    from urllib.parse import unquote

    page = Elements(site_markdown(f"[text]({md_url(url)})"))
    assert page.tags == ["p", "a"] and page.text == "text"
    assert unquote(page.attrs[1]["href"]) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//e.org", "ftp://e.org", " https://e.org"])
def test_md_url_of_anything_but_http_is_a_dead_link(url: str):
    assert md_url(url) == "#"


@pytest.mark.parametrize("text", HOSTILE_SITE)
def test_html_text_is_text_in_raw_html(text: str):
    page = Elements(site_markdown(f'<div class="x">{html_text(text)}</div>'))
    assert page.tags == ["div"] and page.text == one_line(text)


@pytest.mark.parametrize("text", [*HOSTILE_SITE, '"><script>alert(1)</script>', "' onmouseover='x"])
def test_html_attr_stays_inside_its_quotes(text: str):
    page = Elements(f'<span title="{html_attr(text)}" class="c">x</span>')
    assert page.tags == ["span"] and page.attrs[0] == {"title": one_line(text), "class": "c"}


@pytest.mark.parametrize("text", [*HOSTILE_SITE, 'a: b', "- x", "? y", "&amp;", "\\u00e9"])
def test_nav_title_is_a_yaml_string_of_escaped_html(text: str):
    import yaml

    loaded = yaml.safe_load(f"nav:\n  - {nav_title(text)}: page.md\n")["nav"][0]
    [(title, target)] = loaded.items()
    assert target == "page.md" and "<" not in title and ">" not in title
    assert html.unescape(title) == one_line(text)  # the theme inserts it as HTML: it shows as typed


@pytest.mark.parametrize("text", ["--8<-- \"mkdocs.yml\"", "a\n--8<--\nb", "```", "~~~", "a\n```\n# h", ";--8<--",
                                  "-8<-", "<b>x</b> &amp;"])
def test_code_line_neither_includes_a_file_nor_closes_the_fence(text: str):
    line = code_line(text)
    assert "\n" not in line and not re.search(r"-+8<-+", line) and "```" not in line and "~~~" not in line
    page = Elements(site_markdown(f"```text\n{line}\n```\n\nAfter."))
    assert page.tags.count("pre") == 1 and page.tags[-1] == "p"  # the block ends where it should
    assert page.text.replace("\u200b", "").strip().startswith(one_line(text).strip())


def _unlatex(value: str) -> str:
    inverse = {v: k for k, v in escape._LATEX.items()}
    return re.sub("|".join(re.escape(k) for k in sorted(inverse, key=len, reverse=True)), lambda m: inverse[m.group(0)],
                  value)


@pytest.mark.parametrize("text", [*HOSTILE_SITE, "}", "{", "\\", "\\end{document}", "50% of $5 & #1 ~ ^ _ | < >"])
def test_latex_keeps_braces_balanced_and_commands_out(text: str):
    import bibtexparser

    value = latex(text)
    library = bibtexparser.parse_string(f"@misc{{key,\n  title = {{{value}}},\n  note = {{after}}\n}}\n")
    assert not library.failed_blocks and len(library.entries) == 1
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert fields["note"] == "after" and _unlatex(fields["title"]) == one_line(text)
    assert not re.search(r"\\(?!textbackslash\{\}|textasciicircum\{\}|textasciitilde\{\}|textless\{\}|"
                         r"textgreater\{\}|textbar\{\}|[{}&%$#_])", value)  # no command of the data's own


@pytest.mark.parametrize("text", ["a\r\nER  - \r\nTY  - BOOK", "two\nlines", "TI  - x", " spaced "])
def test_ris_value_cannot_start_a_tag(text: str):
    import rispy

    value = ris_value(text)
    assert "\n" not in value and "\r" not in value
    [entry] = rispy.loads(f"TY  - GEN\r\nTI  - {value.strip()}\r\nER  - \r\n")
    assert entry["title"] == value.strip() == " ".join(text.split())


@pytest.mark.parametrize("text", ["a,b;c\\d", "line\nbreak", "cr\r\nlf\rcr", "SUMMARY:x\nEND:VEVENT", "\\n", "é 🙂"])
def test_ical_text_reads_back_as_typed(text: str):
    import icalendar

    value = ical_text(text)
    assert "\n" not in value and "\r" not in value
    event = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\nSUMMARY:{value}\r\nUID:u\r\nEND:VEVENT\r\n")
    assert str(event["SUMMARY"]) == text.replace("\r\n", "\n").replace("\r", "\n")
    assert str(event["UID"]) == "u"


@pytest.mark.parametrize("text", [*HOSTILE_SITE, "a\x00b\x0bc\ufffed", "]]> <![CDATA[", "&#0;", "cr\r\nlf"])
def test_xml_text_is_well_formed_in_content_and_attributes(text: str):
    value = xml_text(text)
    root = ET.fromstring(f'<entry title="{value}"><title>{value}</title></entry>')
    allowed = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)  # what XML cannot hold goes
    content = allowed.replace("\r\n", "\n").replace("\r", "\n")  # XML reads every line break as \n
    assert (root.find("title").text or "") == content
    assert root.get("title") == re.sub("[\n\t]", " ", content)  # and as a space in an attribute


@pytest.mark.parametrize("value, cell", [
    ("=1+2", "'=1+2"), ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-1e5", "'-1e5"),
    # numbers are left as they are; so is text with a formula character later on
    ("-5", "-5"), ("+5", "+5"), ("-1.5", "-1.5"), ("12", "12"), ("a=b", "a=b"), ("x-1", "x-1"),
    (None, ""), (True, "true"), (False, "false"), (0, "0"), (-5, "-5"), (3.5, "3.5"),
])
def test_csv_cell_defuses_formulas(value, cell: str):
    assert csv_cell(value) == cell


def test_csv_cells_read_back_one_per_column():
    rows = [["=1+2", "a,b", 'say "hi"', "two\nlines", None, -3]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([[csv_cell(v) for v in row] for row in rows])
    assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""))) == [
        ["'=1+2", "a,b", 'say "hi"', "two\nlines", "", "-3"]]


@pytest.mark.parametrize("value", [
    {"name": "</script><script>alert(1)</script>", "n": 3}, ["<!--", "-->", "&amp;", "\u2028\u2029"],
    "a\n\nb", {"nested": {"é 🙂": [None, True, 1.5]}},
])
def test_json_script_holds_any_value_in_one_script_element(value):
    text = json_script(value)
    assert "\n" not in text and "<" not in text and ">" not in text and "&" not in text
    page = Elements(site_markdown(f'<script type="application/ld+json">{text}</script>\n\nAfter.'))
    assert page.tags == ["script", "p"]
    assert json.loads(page.parts[0]) == value


@pytest.mark.parametrize("text", ["North\nAtlantic", "&lt;", "R&D", "AT&amp;T", "<b>x</b>", '"q"', "&#60;", " x "])
def test_the_abbreviation_title_shows_as_typed(text: str):
    assert FILTERS["abbr_title"] is abbr_title
    page = Elements(site_markdown(f"The MNFU.\n\n*[MNFU]: {abbr_title(text)}\n"))
    assert page.tags == ["p", "abbr"] and page.attrs[1] == {"title": " ".join(text.split())}


def test_the_filters():
    assert FILTERS["e"] is md_block and FILTERS["inline"] is md_inline and FILTERS["code"] is code_line
    assert FILTERS["nav_title"] is nav_title and FILTERS["attr"] is html_attr and FILTERS["cell"] is md_cell


def test_every_function_of_the_module_has_a_test_here():
    """A new escaping function comes with its test: each public function of mnfu.site.escape is called
    by name in this file."""
    functions = [name for name, f in inspect.getmembers(escape, inspect.isfunction)
                 if f.__module__ == escape.__name__ and not name.startswith("_")]
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [name for name in functions if not re.search(rf"\b{name}\(", source.split("def test_", 1)[1])]
    assert len(functions) >= 14 and not untested, untested
