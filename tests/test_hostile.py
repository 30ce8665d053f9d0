"""Every value in data/ is untrusted text: a property test over every string field of the fixture data.

Hypothesis puts strings full of Markdown, HTML, YAML and Jinja metacharacters, snippet markers, control
and bidirectional characters into one string field of an otherwise valid data set, runs the pipeline
(names in prose becoming links, as on the real site) and renders the pages with Python-Markdown and the
extensions of ``mkdocs.yml``. Either the run fails with located errors, or every page shows the value as
the literal characters typed and has exactly the elements it has with a harmless value in the same
place, with the same attribute values (an attribute that held the harmless value holds what was typed,
or its slug in an id or address), and every download holds the same strings with the harmless value
replaced by what was typed (spaces aside): no element, attribute, record or field comes from data.

A share of the examples must be accepted (a validator that refused everything would pass vacuously).
Examples that once failed are pinned with ``@example`` (conftest.py: CI tries a new seed every run).
"""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE, ROOT, TODAY
from mnfu.data.load import parse_text
from mnfu.errors import DataError
from mnfu.pages import INCLUDE
from mnfu.pipeline import pipeline
from mnfu.site.page import Page

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
# Names of the fixture's entities: text around them is split by their links. Only entities some page links
# to already, and abbreviations already written: a first mention of another would rightly change the
# editors' dashboard (entities nothing links to, glossary terms never used), which is not markup from data.
NAMES = ["NATO", "MNF-U", "United Kingdom", "Ukraine", "Paris headquarters"]
_piece = st.one_of(st.sampled_from(MARKUP), st.text(alphabet="abcxyz019 .,;:-()", min_size=1, max_size=6),
                   st.sampled_from(NAMES),
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
reference_notes: [{text: A note under the reference, seed_ref: 3}]
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


def _mention_links(site, path: str) -> frozenset[tuple[str, str]]:
    """The links a page makes to entities by name: (address, name) of every entity's name, abbreviation
    or glossary term. Such a link is the site's, not markup from data (names in prose become links)."""
    page = Page(site, path)
    names = {(record.id, name) for record in site.entities.values()
             for name in (record.name, getattr(record.model, "abbreviation", None)) if name}
    names |= {(id_, name) for name, id_ in site.names.items()}
    return frozenset((page.href(site.entities[id_]), " ".join(name.split())) for id_, name in names)


@dataclass
class Shape:
    """What a page is made of: its elements (tags with their attributes and values, in order), the text a
    reader sees, and the strings of its JSON-LD blocks."""

    elements: list[tuple[str, tuple[tuple[str, str], ...]]]
    text: str
    jsonld: list[str]
    items: list[tuple[str, list]]  # each list item: its text, and its elements

    @property
    def names(self) -> list[str]:
        """The elements as tag and attribute names, sorted: a value sorted into another place in a list
        moves an element, which is not an element made from it."""
        return sorted(_names(self.elements))

    def with_statements(self, more: int) -> Shape:
        """This shape, had the value been ``more`` statements more: a source's page lists each statement it
        supports as an item (paragraphs and sentences of prose are documented markup)."""
        if not more:
            return self
        # the innermost item that shows the value (a list of statements may sit in an item of its own)
        item = min((elements for text, elements in self.items if PLACEHOLDER in text), key=len, default=[])
        found = Counter(self.elements)
        for _ in range(abs(more)):
            found = found + Counter(item) if more > 0 else found - Counter(item)
        return Shape(list(found.elements()), self.text, self.jsonld, self.items)


def _names(elements) -> list[str]:
    return [f"{tag}[{','.join(name for name, _ in attrs)}]" for tag, attrs in elements]


class _Parser(HTMLParser):
    """Collects a page's Shape. Not counted: paragraphs, which prose may break into (documented markup: a
    blank line), inside a code block the syntax highlighter's ``<span>`` tokens, which vary with the text
    highlighted, links the site makes of names (``mentions``) and the glossary's ``<abbr>`` around an
    abbreviation wherever it is written (``abbreviations``: abbreviation -> its expansion)."""

    def __init__(self, mentions: frozenset[tuple[str, str]], abbreviations: dict[str, str]):
        super().__init__(convert_charrefs=True)
        self.mentions = mentions
        self.abbreviations = abbreviations
        self.abbr: tuple[int, str, list[str]] | None = None  # an open <abbr>: where, its title, its text
        self.open_items: list[tuple[int, int]] = []  # open <li>: where, and where its text starts
        self.items: list[tuple[str, list[str]]] = []
        self.elements: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.text: list[str] = []
        self.jsonld: list[str] = []
        self.code = 0
        self.script: str | None = None  # inside a script or style: its type
        self.link: tuple[int, str, list[str]] | None = None  # an open <a>: where, its href, its text

    def handle_starttag(self, tag, attrs):
        if (self.code and tag == "span") or tag == "p":
            return
        self.code += tag == "code"
        if tag in ("script", "style"):
            self.script = dict(attrs).get("type") or tag
        if tag == "a":
            self.link = (len(self.elements), dict(attrs).get("href") or "", [])
        if tag == "abbr":
            self.abbr = (len(self.elements), dict(attrs).get("title") or "", [])
        if tag == "li":
            self.open_items.append((len(self.elements), len(self.text)))
        self.elements.append((tag, tuple(sorted((name, value or "") for name, value in attrs))))

    def handle_endtag(self, tag):
        if (self.code and tag == "span") or tag == "p":
            return
        self.code -= tag == "code"
        if tag in ("script", "style"):
            self.script = None
        if tag == "abbr" and self.abbr:
            start, title, text = self.abbr
            self.abbr = None
            if len(self.elements) == start + 1 and self.abbreviations.get("".join(text)) == title:
                self.elements.pop()  # the glossary's: every written abbreviation gets one
                return
        if tag == "a" and self.link:
            start, href, text = self.link
            self.link = None
            if len(self.elements) == start + 1 and (href, " ".join("".join(text).split())) in self.mentions:
                self.elements.pop()  # a name in prose made a link: the site's own
                return
        self.elements.append(("/" + tag, ()))
        if tag == "li" and self.open_items:
            start, text = self.open_items.pop()
            self.items.append(("".join(self.text[text:]), self.elements[start:]))

    def handle_data(self, data):
        if self.script == "application/ld+json":
            self.jsonld += _strings(json.loads(data))
        elif self.script is None:
            self.text.append(data)
            if self.link:
                self.link[2].append(data)
            if self.abbr:
                self.abbr[2].append(data)

    def handle_comment(self, data):
        self.elements.append(("<!--comment-->", ()))


def _shapes(site, sources: dict[str, str]) -> dict[str, Shape]:
    """The Shape of each page (``sources``: path -> its Markdown as the engines see it)."""
    shapes = {}
    terms = {term.abbr: " ".join(term.expansion.split()) for term in (site.glossary.terms if site.glossary else [])}
    for path, page in _html(sources).items():
        parser = _Parser(_mention_links(site, path), terms)
        parser.feed(page)
        parser.close()
        shapes[path] = Shape(parser.elements, " ".join("".join(parser.text).split()), parser.jsonld, parser.items)
    return shapes


def _strings(value) -> list[str]:
    """Every string in parsed JSON, depth first."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


# ------------------------------------------------------------------ downloads, read back by real parsers


def _unlatex(value: str) -> str:
    """What a BibTeX value says, as a reader of it gets it: ``escape.latex``'s commands undone, and the
    bare braces that only group (a name BibTeX must not split, ``{Smith, Jones}``) left out."""
    from mnfu.site.escape import _LATEX

    inverse = {v: k for k, v in _LATEX.items()}
    pattern = "|".join(re.escape(k) for k in sorted(inverse, key=len, reverse=True)) + r"|[{}]"
    return re.sub(pattern, lambda m: inverse.get(m.group(0), ""), value)


def _spreadsheet(cell: str) -> str:
    """A CSV cell as a spreadsheet shows it: the apostrophe that keeps a formula from running is hidden."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def _read_downloads(outputs: dict[str, str]) -> dict[str, list[str]]:
    """Each download as the strings a reader of it gets back, in order, parsed with a real parser."""
    import csv
    import io
    import xml.etree.ElementTree as ET

    import bibtexparser
    import icalendar

    files = {path.rsplit("/", 1)[-1]: text for path, text in outputs.items() if "/downloads/" in path}
    read: dict[str, list[str]] = {}
    for name in ("mnfu-data.json", "bibliography.json"):
        read[name] = _strings(json.loads(files[name]))
    feed = ET.fromstring(files["events.atom"].encode("utf-8"))
    read["events.atom"] = [s for e in feed.iter() for s in (e.text or "", *e.attrib.values()) if s.strip()]
    calendar = icalendar.Calendar.from_ical(files["events.ics"])
    read["events.ics"] = [str(value) for c in calendar.walk() for key, value in c.items() if key != "DTSTAMP"]
    for name in ("contributors.csv", "events.csv", "sources.csv"):
        read[name] = [_spreadsheet(cell) for row in csv.reader(io.StringIO(files[name], newline="")) for cell in row]
    read["bibliography.ris"] = [line for line in files["bibliography.ris"].split("\r\n") if line]
    library = bibtexparser.parse_string(files["bibliography.bib"])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    read["bibliography.bib"] = []
    for entry in library.entries:
        read["bibliography.bib"].append(f"@{entry.entry_type}{{{entry.key}}}")
        read["bibliography.bib"] += [f"{f.key} = {_unlatex(str(f.value))}" for f in entry.fields]
    return read


# A structured value each format writes in its own form: a page range becomes 1--9 in BibTeX, SP and EP
# in RIS. Only the record counts are compared for it there.
OWN_FORM = {("data/sources/alpha-2025-07-17.yaml", ("pages",)): ("bibliography.bib", "bibliography.ris")}


def _check_downloads(outputs: dict[str, str], base: dict[str, list[str]], value: str, field: tuple) -> None:
    """The downloads still parse, with as many records as before (a value cannot add or end one), and each
    holds the strings it held with the harmless value, that value replaced by what was typed."""
    import csv
    import io
    import xml.etree.ElementTree as ET

    import icalendar

    downloads = {path.rsplit("/", 1)[-1]: text for path, text in outputs.items() if "/downloads/" in path}
    feed = ET.fromstring(downloads["events.atom"].encode("utf-8"))
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 2
    assert len(icalendar.Calendar.from_ical(downloads["events.ics"]).walk("VEVENT")) == 2
    for name, rows in (("contributors.csv", 3), ("events.csv", 2), ("sources.csv", 4)):
        assert len(list(csv.reader(io.StringIO(downloads[name], newline="")))) == rows + 1, name
    assert downloads["bibliography.ris"].count("\r\nER  - ") == 4
    assert downloads["bibliography.bib"].count("\n@") == 4
    for name, strings in _read_downloads(outputs).items():
        if name in OWN_FORM.get(field, ()):
            continue
        expected = Counter(_typed(s, value, spreadsheet=name.endswith(".csv")) for s in base[name])
        found = Counter(_unspaced(s) for s in strings)
        assert found == expected, (f"{name}: {value!r} in {field} is not held as typed: "
                                   f"missing {list((expected - found).elements())[:3]}, "
                                   f"unexpected {list((found - expected).elements())[:3]}")


def _typed(text: str, value: str, spreadsheet: bool = False) -> str:
    """A string that held the harmless value, with what was typed in its place; in a CSV cell, as a
    spreadsheet shows it. Spaces aside: values are trimmed and put on one line where they land."""
    if PLACEHOLDER in text:
        text = text.replace(PLACEHOLDER, value)
        text = _spreadsheet(text) if spreadsheet else text
    return _unspaced(text)


def _unspaced(text: str) -> str:
    return "".join(text.split())


# ------------------------------------------------------------------ attributes


_SLUG = r"[\w-]*"  # what an id made from text keeps (toc's slugify)
_ADDRESS = r"[^\s\"'<>]*"  # text made part of an address: encoded, so nothing that ends it
_SHOWN = ("title", "alt", "aria-label", "content")  # attributes whose value a reader is shown


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _fixed(text: str) -> str:
    """A pattern for text the site wrote: as it is, but any number for a number (where a label is placed
    depends on its length, a note's number on the notes before it)."""
    return r"-?\d+(?:\.\d+)?".join(re.escape(part) for part in _NUMBER.split(text))


# Where a graphic places a label depends on its length: a long one is anchored at its other end.
_LAYOUT = {"text-anchor": "start|middle|end"}


def _attribute_pattern(tag: str, name: str, value: str, typed: str) -> str:
    """What an attribute that held the harmless value may hold now: the typed text where it is shown,
    else a slug (id) or an encoded part of an address (href, src); elsewhere the same value."""
    if name in _LAYOUT:
        return _LAYOUT[name]
    if PLACEHOLDER not in value:
        return _fixed(value)
    if name in _SHOWN:
        return re.escape(" ".join(value.replace(PLACEHOLDER, typed).split()))
    assert name in ("id", "href", "src"), f"data reached the attribute {name} of <{tag}>: {value!r}"
    if name == "id" or value.startswith("#"):  # an id made from the text: any slug (a heading whose text
        return "#?" + _SLUG  # slugs to nothing, such as a lone quote, takes the entity's id instead)
    return _ADDRESS.join(_fixed(part) for part in value.split(PLACEHOLDER))


def _same_elements(base: Shape, shape: Shape, typed: str) -> list[str]:
    """The elements of ``shape`` that match none of ``base`` (with what was typed where the harmless value
    was), after pairing every element with one of the same tag and attribute names."""
    left = Counter(base.elements)
    left.subtract(shape.elements)
    wanted = [e for e, n in left.items() for _ in range(n) if n > 0]  # base elements not found as they were
    spare = Counter(shape.elements)
    spare.subtract(base.elements)
    got = [e for e, n in spare.items() for _ in range(n) if n > 0]
    patterns = [(tag, tuple(name for name, _ in attrs),
                 [re.compile(_attribute_pattern(tag, name, value, typed)) for name, value in attrs])
                for tag, attrs in wanted]
    # pair each element left over with a pattern (a small bipartite matching: augmenting paths)
    match: dict[int, int] = {}

    def fits(i: int, j: int) -> bool:
        tag, attrs = got[i]
        ptag, names, regexes = patterns[j]
        return (tag == ptag and tuple(n for n, _ in attrs) == names
                and all(r.fullmatch(" ".join(v.split()) if n in _SHOWN else v) for r, (n, v) in zip(regexes, attrs, strict=True)))

    def assign(i: int, seen: set[int]) -> bool:
        for j in range(len(patterns)):
            if j not in seen and fits(i, j):
                seen.add(j)
                if j not in match or assign(match[j], seen):
                    match[j] = i
                    return True
        return False

    return [f"<{got[i][0]} {dict(got[i][1])}>" for i in range(len(got)) if not assign(i, set())]


# ------------------------------------------------------------------ the baseline and the property


@dataclass
class Baseline:
    """With a harmless value in the field: the suffix prose needs, each page showing the value, the downloads."""

    suffix: str
    pages: dict[str, Shape]
    downloads: dict[str, list[str]]
    statements: int  # how many statements (different texts) the field is


def _statements(site, rel: str, loc: tuple) -> list[str]:
    """The statements of the field, as read, each once (a source's page lists each text once)."""
    from mnfu.site.statements import plain, statements

    return list(dict.fromkeys(plain(s.text) for s in statements(site) if s.path == rel and tuple(s.loc) == tuple(loc)))


@cache
def _baseline(rel: str, loc: tuple, tmp: Path) -> Baseline | None:
    """With a harmless value: the suffix prose needs, and the shape of every page and download."""
    for suffix in ("", CITE):
        _with_value(tmp, rel, loc, PLACEHOLDER + suffix)
        try:
            site, outputs = _run(tmp, PLACEHOLDER + suffix)
        except DataError:
            continue
        texts = {o.path: o.text for o in outputs}
        # Only pages that show the value can change: those are compared.
        sources = {p: t for p, t in _sources(texts).items() if PLACEHOLDER in t}
        return Baseline(suffix, _shapes(site, sources), _read_downloads(texts), len(_statements(site, rel, loc)))
    return None  # the field takes no free text (a date, an id, a number, a fixed list)


# The value in the fuzzed field, while a run lasts: not a name to find in other text. Names in prose become
# links (on, as on the real site: hostile text with names in it is split around their links), but a value
# that is a common word ('a') would rightly link every 'a' on the site to its entity: other pages, not
# markup from data.
_FUZZED = [PLACEHOLDER]


def _run(root: Path, value: str):
    """The pipeline on ``root``, whose fuzzed field holds ``value``."""
    _FUZZED[0] = value
    return pipeline(root, TODAY)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A project folder with the real templates."""
    from mnfu.site import resolve

    real = resolve.index_names

    def index_names(site) -> None:
        real(site)
        own = " ".join(_FUZZED[0].split())
        if any(" ".join(name.split()) == own for name in site.names):
            site.names = {n: i for n, i in site.names.items() if " ".join(n.split()) != own}
            alternatives = "|".join(re.escape(n) for n in sorted(site.names, key=len, reverse=True))
            site.name_pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if site.names else None

    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "templates", root / "templates")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(resolve, "index_names", index_names)
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
        assert d.path == rel and d.line >= 1 and ("character" in d.message or "carriage" in d.message), d.format()


TAKEN_NAMES = {*NAMES, "North Atlantic Treaty Organization", "Multinational Force – Ukraine", "Norway", "SOFA",
               "Status of forces agreement", "Kosovo Force"}
SOURCE_PAGES = "ref/sources/"  # a source's page lists each statement it supports, each text once
# The editors' dashboard lists what links to what: a value naming an entity links it and so changes its
# lists (one item fewer under "Entities nothing links to"), as it should. Its text is still checked.
LISTS_OF_LINKS = {"ref/maintenance.md"}
ACCEPTED_SHARE = 0.7  # of the examples tried, at least this share must be accepted (about 0.9 are)


def test_hostile_values_are_text_or_located_errors(workdir: Path, text_fields):
    outcomes: Counter[str] = Counter()

    @settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow])
    @given(field=st.sampled_from(text_fields), value=hostile_text)
    @example(field=("data/force/mnf-u.yaml", ("name",)), value="<script>alert(1)</script>")
    @example(field=("data/force/mnf-u.yaml", ("abbreviation",)), value="a")  # a name that is a common word
    @example(field=("data/contributors/gb.yaml", ("name",)), value="'=1+2")  # a spreadsheet formula
    @example(field=("data/organizations/nato.yaml", ("name",)), value="'")  # a heading that slugs to nothing
    @example(field=("data/sources/beta-2025.yaml", ("authors", 0, "family")), value=",")  # braced in BibTeX
    @example(field=("data/glossary.yaml", ("terms", 0, "expansion")), value="&lt;")  # a reference in a title
    @example(field=("data/contributors/gb.yaml", ("disputes", 0, "topic")), value="NATO")  # links an entity
    def check(field: tuple[str, tuple], value: str) -> None:
        # A name another entity has identifies neither (resolve.index_names): fewer links, not markup
        assume(not (field[1] in (("name",), ("abbreviation",)) and " ".join(value.split()) in TAKEN_NAMES))
        outcomes[_check_value(workdir, *field, value)] += 1

    check()
    tried = sum(outcomes.values())
    assert outcomes["accepted"] >= ACCEPTED_SHARE * tried, f"only {outcomes['accepted']} of {tried} values accepted"


def _check_value(workdir: Path, rel: str, loc: tuple, value: str) -> str:
    """Run the pipeline with ``value`` in the field; check the result; say whether it was accepted."""
    base = _baseline(rel, loc, workdir)
    _with_value(workdir, rel, loc, value + base.suffix)
    try:
        site, outputs = _run(workdir, value + base.suffix)
    except DataError as exc:
        event("rejected: " + re.sub(r"'.*'", "Q", exc.diagnostics[0].message)[:50])
        for d in exc.diagnostics:
            assert d.path and d.line >= 1, d.format()
            assert not d.path.startswith("templates/"), d.format()  # data never breaks a template
        return "rejected"
    event("accepted")
    typed = " ".join(value.split())
    texts = {o.path: o.text for o in outputs}
    nav = yaml.safe_load(next(text for path, text in texts.items() if path.endswith(".nav.yml")))
    _check_nav(nav["nav"])
    _check_downloads(texts, base.downloads, value, (rel, loc))
    sources = _sources(texts)
    said = _statements(site, rel, loc)
    more = len(said) - base.statements
    for path, shape in _shapes(site, {p: sources[p] for p in base.pages}).items():
        before = base.pages[path].with_statements(more if path.startswith(SOURCE_PAGES) else 0)
        where = f"{path}: the value {value!r} in {rel} {loc}"
        if path not in LISTS_OF_LINKS:
            assert shape.names == before.names, f"{where} changed the page's elements"
            odd = _same_elements(before, shape, typed)
            assert not odd, f"{where} changed attribute values: {odd[:3]}"
        if PLACEHOLDER in before.text and typed:  # spaces aside: ' .' is written '.' where a sentence is quoted
            shown = _unspaced(shape.text)
            assert (_unspaced(typed) in shown or _truncated(typed, shape.text)  # whole, or statement by statement
                    or (said and all(_unspaced(s) in shown for s in said))), f"{where} is not shown as typed"
        assert Counter(_typed(s, value) for s in before.jsonld) == Counter(_unspaced(s) for s in shape.jsonld), (
            f"{where} is not held as typed in the page's structured data")
    return "accepted"


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
def _line_start_baseline(tmp: Path, prefix: str, tail: str) -> dict[str, Shape]:
    _with_values(tmp, _line_start_values(prefix + PLACEHOLDER + tail))
    site, outputs = _run(tmp, prefix + PLACEHOLDER + tail)
    sources = {p: t for p, t in _sources({o.path: o.text for o in outputs}).items() if PLACEHOLDER in t}
    return _shapes(site, sources)


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
                site, outputs = _run(workdir, value)
            except DataError as exc:
                assert all(d.line >= 1 for d in exc.diagnostics)
                continue
            sources = _sources({o.path: o.text for o in outputs})
            for path, shape in _shapes(site, {p: sources[p] for p in pages}).items():
                assert shape.names == pages[path].names, f"{path}: {value!r} at a line start made markup"
