"""Every value in data/ is untrusted text: a property test over every string field of the fixture data.

Hypothesis puts strings full of Markdown, HTML, YAML and Jinja metacharacters, snippet markers, control
and bidirectional characters into one string field of an otherwise valid data set, runs the pipeline
and renders the pages with Python-Markdown and the extensions of ``mkdocs.yml``. Either the run fails
with located errors, or every page shows the value as the literal characters typed and has exactly the
elements it has with a harmless value in the same place: no element, attribute or block comes from data.
"""

from __future__ import annotations

import copy
import html
import re
import shutil
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE, ROOT, TODAY
from mnfu.data.load import parse_text
from mnfu.errors import DataError
from mnfu.pages import INCLUDE
from mnfu.pipeline import pipeline

CITE = " [@alpha-2025-07-17]"
PLACEHOLDER = "qqplaceholderqq"

# Pieces of hostile text: each is markup in some context a value can land in.
MARKUP = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "'", '"', "<b>x</b>",
    "{{ 7*7 }}", "{% raw %}", "{#", "*[x]: y", "[^1]: z", "[^1]", "{: .evil }", "{ #id }", "|", "||", "`c`",
    "```", "~~~", "<!--", "-->", "&lt;", "&amp;", "&#60;", "\\", "#", "[x](javascript:y)", "![i](x.png)",
    "<http://e.com>", "[TOC]", "<div markdown>", "</div>", "*em*", "**b**", "_a_", "__u__", "~~c~~", "^d^",
    "==e==", "++f++", "$$", "\\n", "é", "中文", "🙂", "a\nb", "a\n\nb", "a\tb", " x ",
]
# What only counts at the start of a line or block: placed first in half the values.
BLOCK_STARTS = [
    "??? danger \"t\" ", "???+ note ", "!!! note ", "# ", "## h ", "- ", "* ", "+ ", "1. ", "> ", ": ", "=== ",
    "---", "***", "~~~ ", "``` ", "    indented ", "--8<-- \"mkdocs.yml\"", ";--8<-- ", "*[X]: y ", "[^9]: y ",
    "| a | b | ", "<div>", "%", "=", "[TOC]", "{: #x }", "[[", "[@", "]]",
]
CONTROL = ["\r", "\u202e", "\u2066", "\x1b", "\x00", "\u2028", "\x85", "\ufeff"]
_piece = st.one_of(st.sampled_from(MARKUP), st.text(alphabet="abcxyz019 .,;:-()", min_size=1, max_size=6),
                   st.sampled_from(BLOCK_STARTS).map(lambda start: "\n\n" + start))  # a new paragraph
_markup = st.tuples(st.sampled_from(BLOCK_STARTS), st.booleans(), st.lists(_piece, min_size=1, max_size=6)
                    ).map(lambda t: (t[0] if t[1] else "") + "".join(t[2]))
hostile_text = _markup


# Optional fields the fixture leaves out, added here so that every kind of text field is tried.
EXTRA = {
    "data/sources/alpha-2025-07-17.yaml": """
note: First paragraph of a note.

  Second paragraph of a note.
quotes: [{text: A quotation, translation: Its translation, locator: p. 3}]
editors: [{family: Editor, given: Ann}]
publisher: A publisher
volume: "12"
issue: "3"
pages: 1-9
via: An archive
license: CC BY 4.0
url: https://example.org/a?b=c
archive_url: https://web.archive.org/web/2025/https://example.org/a
archived: 2025-11-02
identifiers: {uin: HL123, doi: 10.1234/abc}
""",
    "data/contributors/gb.yaml": """
sections: [{title: A section, body: "Body text [@alpha-2025-07-17]."}]
figures: [{value: "100 troops", given_by: "officials", note: "a note", as_of: 2025-10, sources: [beta-2025]}]
disputes:
  - topic: A disputed point
    note: How they differ
    values: [{value: one, note: first, sources: [beta-2025]}, {value: two, sources: [alpha-2025-07-17]}]
conditions: ["A condition [@beta-2025]."]
""",
    "data/events/2025-03-02-london-summit.yaml": "end_date: 2025-03-03\n",
    "data/precedents/kfor.yaml": 'sections: [{title: Mandate, body: "Its mandate [@gamma-nd]."}]\n',
    "data/headquarters/paris-hq.yaml": """
commander: [{value: A general, note: named later, sources: [beta-2025]}]
established: [{value: September 2025, sources: [beta-2025]}]
""",
}


def _base_data() -> dict[str, object]:
    """The fixture data with the extra fields, as plain data per file."""
    base = {}
    for file in sorted((FIXTURE / "data").rglob("*.yaml")):
        rel = file.relative_to(FIXTURE).as_posix()
        text = file.read_text(encoding="utf-8") + EXTRA.get(rel, "")
        base[rel] = parse_text(text, rel)[0]
    return base


BASE = _base_data()


def _string_fields() -> list[tuple[str, tuple]]:
    """Every (file, path) of a string value in the data."""
    found = []
    for rel, data in BASE.items():
        def walk(value, loc=()):
            if isinstance(value, dict):
                for k, v in value.items():
                    yield from walk(v, (*loc, k))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    yield from walk(v, (*loc, i))
            elif isinstance(value, str):
                yield loc

        found += [(rel, loc) for loc in walk(data) if loc[-1] != "abbr"]  # abbr: letters only, by pattern
    return found


FIELDS = _string_fields()


def _set(data, loc, value):
    target = data
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = value


def _with_value(root: Path, rel: str, loc: tuple, value: str) -> None:
    """Write the data into ``root`` with one value replaced."""
    _with_values(root, {(rel, loc): value})


def _with_values(root: Path, values: dict[tuple[str, tuple], str]) -> None:
    """Write the data into ``root`` with the given values replaced."""
    shutil.rmtree(root / "data", ignore_errors=True)
    for name, data in BASE.items():
        changes = {loc: value for (rel, loc), value in values.items() if rel == name}
        if changes:
            data = copy.deepcopy(data)
            for loc, value in changes.items():
                _set(data, loc, value)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10_000), encoding="utf-8")


@cache
def _markdown_config() -> tuple[list, dict]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, {}))
        if name == "pymdownx.snippets":  # the test appends the two include files itself
            continue
        names.append(name)
        configs[name] = options or {}
    return names, configs


@cache
def _converter() -> markdown.Markdown:
    names, configs = _markdown_config()
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _sources(outputs: dict[str, str]) -> dict[str, str]:
    """Each page's Markdown as the engines see it: the home with its include, the abbreviations appended."""
    abbreviations = outputs.get(f"{INCLUDE}/abbreviations.md", "")
    pages = dict(outputs)
    pages["index.md"] = (ROOT / "docs" / "index.md").read_text(encoding="utf-8").replace(
        '--8<-- "home.md"', outputs.get(f"{INCLUDE}/home.md", ""))
    return {path: text + "\n\n" + abbreviations for path, text in pages.items()
            if path.endswith(".md") and "/.include/" not in path}


def _front_matter(text: str) -> tuple[dict, str]:
    """Split YAML front matter off a page, as the engines do before Markdown sees it."""
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        return yaml.safe_load(head) or {}, body
    return {}, text


def _html(sources: dict[str, str]) -> dict[str, str]:
    """Pages as HTML, rendered as the engines render page content (Python-Markdown, mkdocs.yml's extensions).

    Front matter goes to the theme, which puts ``description`` into an attribute as it is: it must be
    HTML-escaped text."""
    md = _converter()
    pages = {}
    for path, text in sources.items():
        meta, body = _front_matter(text)
        description = str(meta.get("description", ""))
        assert html.escape(html.unescape(description)) == description, f"{path}: description not escaped"
        pages[path] = md.reset().convert(body)
    return pages


class _Shape(HTMLParser):
    """The elements of a page (tag and attribute names, in order) and its text.

    Not counted: paragraphs, which prose may break into (documented markup: a blank line), and inside
    a code block the syntax highlighter's ``<span>`` tokens, which vary with the text highlighted."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.shape: list[str] = []
        self.text: list[str] = []
        self.code = 0

    def handle_starttag(self, tag, attrs):
        if (self.code and tag == "span") or tag == "p":
            return
        self.code += tag == "code"
        self.shape.append(tag + "[" + ",".join(sorted(name for name, _ in attrs)) + "]")

    def handle_endtag(self, tag):
        if (self.code and tag == "span") or tag == "p":
            return
        self.code -= tag == "code"
        self.shape.append("/" + tag)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.shape.append("<!--comment-->")


def _shape(page: str) -> tuple[list[str], str]:
    """The page's elements as a multiset (sorted; lists sorted by name may put the value elsewhere, which
    is not an element made from it), and its text."""
    parser = _Shape()
    parser.feed(page)
    return sorted(parser.shape), " ".join("".join(parser.text).split())


@cache
def _baseline(rel: str, loc: tuple, tmp: Path) -> tuple[str, dict[str, tuple[list[str], str]]] | None:
    """With a harmless value: the suffix prose needs, and the shape and text of every page."""
    for suffix in ("", CITE):
        _with_value(tmp, rel, loc, PLACEHOLDER + suffix)
        try:
            _, outputs = pipeline(tmp, TODAY)
        except DataError:
            continue
        # Only pages that show the value can change: those are compared.
        sources = {p: t for p, t in _sources({o.path: o.text for o in outputs}).items() if PLACEHOLDER in t}
        return suffix, {path: _shape(page) for path, page in _html(sources).items()}
    return None  # the field takes no free text (a date, an id, a number, a fixed list)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A project folder with the real templates. Names in prose do not link here: a hostile name that
    happens to occur in other text would rightly become a link, which is not markup from data."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "templates", root / "templates")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("mnfu.site.resolve.index_names", lambda site: None)
        yield root


@pytest.fixture(scope="module")
def text_fields(workdir: Path) -> list[tuple[str, tuple]]:
    """The fields that take free text (their baseline renders); the others take ids, dates or numbers."""
    return [field for field in FIELDS if _baseline(*field, workdir) is not None]


def test_fields_that_take_no_free_text_refuse_hostile_values(workdir: Path, text_fields):
    others = [field for field in FIELDS if field not in text_fields]
    assert len(text_fields) > 60 and len(others) > 30
    for rel, loc in others:
        for value in ("<script>alert(1)</script>", "2025-01-01 [[x", "--8<-- \"x\"", "a\u202eb"):
            _with_value(workdir, rel, loc, value)
            with pytest.raises(DataError) as info:
                pipeline(workdir, TODAY)
            assert all(d.line >= 1 for d in info.value.diagnostics), (rel, loc, value)


def test_control_and_bidi_characters_are_refused_in_every_text_field(workdir: Path, text_fields):
    for i, (rel, loc) in enumerate(text_fields):
        char = CONTROL[i % len(CONTROL)]
        _with_value(workdir, rel, loc, f"before{char}after")
        with pytest.raises(DataError) as info:
            pipeline(workdir, TODAY)
        [d] = info.value.diagnostics
        assert d.path == rel and d.line >= 1 and "character" in d.message or "carriage" in d.message, d.format()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data(), value=hostile_text)
def test_hostile_values_are_text_or_located_errors(workdir: Path, text_fields, data, value: str):
    rel, loc = data.draw(st.sampled_from(text_fields), label="field")
    suffix, pages = _baseline(rel, loc, workdir)
    _with_value(workdir, rel, loc, value + suffix)
    try:
        _, outputs = pipeline(workdir, TODAY)
    except DataError as exc:
        event("rejected: " + re.sub(r"'.*'", "Q", exc.diagnostics[0].message)[:50])
        for d in exc.diagnostics:
            assert d.path and d.line >= 1, d.format()
            assert not d.path.startswith("templates/"), d.format()  # data never breaks a template
        return
    event("accepted")
    typed = " ".join(value.split())
    nav = yaml.safe_load(next(o.text for o in outputs if o.path.endswith(".nav.yml")))
    _check_nav(nav["nav"])
    _check_downloads({o.path: o.text for o in outputs})
    sources = _sources({o.path: o.text for o in outputs})
    for path, page in _html({p: sources[p] for p in pages}).items():
        shape, text = _shape(page)
        base_shape, base_text = pages[path]
        assert shape == base_shape, f"{path}: the value {value!r} in {rel} {loc} changed the page's elements"
        if PLACEHOLDER in base_text and typed:
            assert typed in text or _truncated(typed, text), f"{path}: {value!r} is not shown as typed"


def _check_downloads(outputs: dict[str, str]) -> None:
    """The downloads still parse, with as many records as before: a value cannot add or end one."""
    import csv
    import io
    import json
    import xml.etree.ElementTree as ET

    import icalendar

    downloads = {path.rsplit("/", 1)[-1]: text for path, text in outputs.items() if "/downloads/" in path}
    json.loads(downloads["mnfu-data.json"])
    json.loads(downloads["bibliography.json"])
    feed = ET.fromstring(downloads["events.atom"].encode("utf-8"))
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 2
    assert len(icalendar.Calendar.from_ical(downloads["events.ics"]).walk("VEVENT")) == 2
    for name, rows in (("contributors.csv", 3), ("events.csv", 2), ("sources.csv", 4)):
        assert len(list(csv.reader(io.StringIO(downloads[name], newline="")))) == rows + 1, name
    assert downloads["bibliography.ris"].count("\r\nER  - ") == 4
    assert downloads["bibliography.bib"].count("\n@") == 4


def _truncated(typed: str, text: str) -> bool:
    """Long titles are cut in headings (``truncate``); the start must still be there as typed."""
    return len(typed) > 40 and typed[:40] in text


def _check_nav(items) -> None:
    """Navigation titles reach the theme as raw HTML: each must be escaped text."""
    for item in items:
        if isinstance(item, dict):
            for title, target in item.items():
                assert html.escape(html.unescape(title)) == title, f"nav title not escaped: {title!r}"
                assert not re.search(r"[<>]", title)
                if isinstance(target, list):
                    _check_nav(target)


LINE_STARTS = [("data/contributors/gb.yaml", ("summary",), CITE), ("data/contributors/gb.yaml", ("name",), ""),
               ("data/sources/alpha-2025-07-17.yaml", ("note",), ""),
               ("data/contributors/gb.yaml", ("figures", 0, "note"), ""),
               ("data/sources/alpha-2025-07-17.yaml", ("authors", 0, "name"), "")]


def _line_start_values(value: str) -> dict[tuple[str, tuple], str]:
    # every paragraph of cited prose needs its citation
    return {(rel, loc): value.replace("\n\n", suffix + "\n\n") + suffix for rel, loc, suffix in LINE_STARTS}


@cache
def _line_start_baseline(tmp: Path, prefix: str, tail: str) -> dict[str, tuple[list[str], str]]:
    _with_values(tmp, _line_start_values(prefix + PLACEHOLDER + tail))
    _, outputs = pipeline(tmp, TODAY)
    sources = {p: t for p, t in _sources({o.path: o.text for o in outputs}).items() if PLACEHOLDER in t}
    return {path: _shape(page) for path, page in _html(sources).items()}


@pytest.mark.parametrize("start", BLOCK_STARTS)
def test_what_starts_a_block_is_text_at_every_line_start(workdir: Path, start: str):
    """Deterministic cases for what random search rarely reaches: a block start at the start of a
    paragraph of prose (cited and uncited), of a name, of an author, of a note's second paragraph."""
    for prefix in ("", "first paragraph\n\n"):
        for tail in ("text", ""):
            pages = _line_start_baseline(workdir, prefix, tail)
            value = prefix + (start + tail if tail else start.strip())
            _with_values(workdir, _line_start_values(value))
            try:
                _, outputs = pipeline(workdir, TODAY)
            except DataError as exc:
                assert all(d.line >= 1 for d in exc.diagnostics)
                continue
            sources = _sources({o.path: o.text for o in outputs})
            for path, page in _html({p: sources[p] for p in pages}).items():
                assert _shape(page)[0] == pages[path][0], f"{path}: {value!r} at a line start made markup"
