"""Integration: the real site builds with ``mkdocs build --strict``, and its pages link up."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run
from mnfu.cli import main

pytestmark = pytest.mark.integration


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_anchor_resolves(real_site: Path, capsys):
    root = real_site.parent
    assert main(["--root", str(root), "check", "--strict", "--site", str(real_site)]) == 0, capsys.readouterr().out


def test_home_shows_the_force_at_a_glance(real_site: Path):
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert "Multinational Force" in home
    assert 'class="footnote-ref"' in home
    assert re.search(r'href="ref/sources/[a-z0-9-]+/#', home)  # notes link to the source's letter page


def test_pages_make_no_requests_to_other_hosts(real_site: Path):
    for page in real_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', text):
            raise AssertionError(f"{page}: external resource {match.group(0)}")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_bibliography_has_an_anchor_per_source(real_site: Path):
    for source in (ROOT / "data" / "sources").glob("*.yaml"):
        letter = source.stem[0] if source.stem[0].isalpha() else "0-9"
        assert source.stem in _parse(real_site / "ref" / "sources" / letter / "index.html").ids, source.stem


def test_contributor_pages_cite_and_link_back(real_site: Path):
    page = (real_site / "ref" / "contributors" / "gb" / "index.html").read_text(encoding="utf-8")
    assert "Mentioned on" in page
    assert 'class="footnote"' in page


def _content_links(site: Path) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per page: the internal links and the ids inside the article body (the theme's chrome aside)."""
    result = {}
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        parsed = _Links()
        parsed.feed(html[start:end] if start >= 0 else html)
        links = frozenset(h for h in parsed.hrefs if not re.match(r"[a-z]+:", h) and "Permanent link" not in h)
        ids = frozenset(i for i in parsed.ids if not i.startswith("__"))  # the theme's own, e.g. __skip
        result[page.relative_to(site).as_posix()] = (links, ids)
    return result


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_every_engine_builds_the_same_site(real_site: Path, tmp_path: Path, capsys, engine: str):
    """The real site builds strictly with `mnfu build --engine` under each successor of MkDocs: the same
    pages, every internal link and anchor working, and the same links and anchors in every page's content
    as under MkDocs (README, "Three engines", lists what still differs in the theme around it)."""
    # seeds: the excerpts in the notes speak through them
    root = copy_project(tmp_path / "project", ROOT / "data", ROOT / "seeds")
    assert main(["--root", str(root), "build", "-q", "--engine", engine]) == 0, capsys.readouterr().err
    built = root / "site"
    assert main(["--root", str(root), "check", "--strict", "--site", str(built)]) == 0, capsys.readouterr().out
    ours, theirs = _content_links(real_site), _content_links(built)
    assert set(ours) == set(theirs), set(ours) ^ set(theirs)
    differ = [page for page in ours if ours[page] != theirs[page]]
    assert not differ, f"links or anchors differ under {engine} on: {differ[:5]}"
    assert 'href="../contributors/gb/"' in (built / "ref" / "map" / "index.html").read_text(encoding="utf-8")


class _Text(HTMLParser):
    """The text a reader sees in the article body (not scripts, not the navigation)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
            self.skip += self.skip > 0 or tag in ("script", "style")
        elif tag == "article":
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if self.skip:
                self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def test_readers_never_see_the_machinery(real_site: Path):
    """'The article' and 'seed' are the project's words for its starting documents: pages cite sources by
    their titles. Only the About page and the coverage report name the seeds."""
    allowed = {"about/index.html", "ref/coverage/index.html", "editing/index.html", "fields/index.html",
               "architecture/index.html"}  # editors' and contributors' pages
    found = []
    for page in sorted(real_site.rglob("index.html")):
        rel = page.relative_to(real_site).as_posix()
        if rel in allowed:
            continue
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        text = " ".join("".join(parser.parts).split())
        for match in re.finditer(r"(?i)\bthe article\b|\bseeds?\b", text):
            found.append(f"{rel}: …{text[max(match.start() - 40, 0):match.end() + 40]}…")
    assert not found, "\n".join(found[:20])
    # nor the project's own files: only pages, assets and the data downloads are published
    assert not [p for p in real_site.glob("*.yaml")], "a project file (the audit record?) is published"


def test_large_sections_list_only_their_index_in_the_sidebar(project: Path, capsys):
    """With more entries than nav-section-limit, a section's entries leave the sidebar of every page
    (which would otherwise grow with the data) but stay built, linked from the section index, and
    checked: the site still builds strictly and every link resolves."""
    (project / "pyproject.toml").write_text("[tool.mnfu]\nnav-section-limit = 2\n", encoding="utf-8")
    assert run(project, "build", "-q") == 0, capsys.readouterr().err
    site = project / "site"
    nav = (project / "docs" / "ref" / ".nav.yml").read_text(encoding="utf-8")
    assert "not_in_nav:" in nav and "/ref/contributors/gb.md" in nav
    page = (site / "ref" / "legal-issues" / "sofa" / "index.html").read_text(encoding="utf-8")
    sidebar = page[page.find('class="md-nav md-nav--primary"'):page.find('class="md-content"')]
    assert "contributors/gb/" not in sidebar and "contributors/" in sidebar  # the index stays, entries go
    assert "organizations/nato/" in sidebar  # a section within the limit keeps its entries
    index = (site / "ref" / "contributors" / "index.html").read_text(encoding="utf-8")
    assert 'href="gb/"' in index and (site / "ref" / "contributors" / "gb" / "index.html").is_file()
    assert run(project, "check", "--site", "site") == 0


@pytest.mark.parametrize("term", ["SOFA", "NATO", "MNF-U", "Kramatorsk", "EU"])
def test_search_finds_every_page_that_contains_a_term(real_site: Path, term: str):
    """Search splits text with the configured separator (mkdocs.yml): a term in brackets, before a
    comma or with a hyphen is a word of its own, and the query splits the same way."""
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    wanted = [t.lower() for t in separator.split(term) if t]
    containing, found = set(), set()
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
        if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text):
            containing.add(page)
        tokens = {t.lower() for t in separator.split(text) if t}
        if all(w in tokens for w in wanted):
            found.add(page)
    assert containing and containing <= found, f"{term}: not found on {sorted(containing - found)}"


class _Head(HTMLParser):
    """A page's meta description and its JSON-LD blocks."""

    def __init__(self):
        super().__init__()
        self.description: str | None = None
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"
        if self._in_jsonld:
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_has_a_description_of_its_own(real_site: Path):
    """Search engines and link previews get a description made from each page's content: no two pages
    share one (the theme's 404 page alone keeps the site's)."""
    seen: dict[str, list[str]] = {}
    for page in sorted(real_site.rglob("*.html")):
        rel = page.relative_to(real_site).as_posix()
        if rel == "404.html":
            continue
        description = _head(page).description
        assert description and len(description) >= 50, (rel, description)
        seen.setdefault(description, []).append(rel)
    shared = {d[:60]: pages for d, pages in seen.items() if len(pages) > 1}
    assert not shared, shared
    assert len(seen) > 90


def test_the_data_page_describes_the_downloads_as_a_dataset(real_site: Path):
    """schema.org Dataset in JSON-LD, with the properties search engines and data portals read, and one
    DataDownload per file, each of which the built site serves."""
    page = real_site / "ref" / "data" / "index.html"
    blocks = _head(page).jsonld
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    for key in ("name", "description", "license", "creator", "temporalCoverage", "dateModified", "distribution"):
        assert data.get(key), key
    assert 50 <= len(data["description"]) <= 5000
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert re.fullmatch(r"\d{4}(-\d\d){0,2}/\d{4}(-\d\d){0,2}", data["temporalCoverage"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", data["dateModified"])
    formats = set()
    for item in data["distribution"]:
        assert item["@type"] == "DataDownload" and "/" in item["encodingFormat"]
        formats.add(item["encodingFormat"])
        target = (page.parent / item["contentUrl"]).resolve()
        assert target.is_file() and target.is_relative_to(real_site.resolve()), item["contentUrl"]
    assert {"application/json", "text/csv", "application/x-bibtex", "text/calendar"} <= formats
    links = {href for href in _parse(page).hrefs if "downloads/" in href and "schema" not in href}
    assert {(page.parent / h).resolve() for h in links} <= {(page.parent / i["contentUrl"]).resolve()
                                                            for i in data["distribution"]}


def test_notes_show_the_excerpts_their_statements_rest_on(real_site: Path):
    """The UK page's notes quote the words the statements rest on, attributed; no file name shows."""
    page = (real_site / "ref" / "contributors" / "gb" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="mnfu-ev"') >= 5 and "data-ev=" in page
    assert "Wikipedia, citing this source: <q>" in page
    for html_page in [real_site / "index.html", *(real_site / "ref").rglob("index.html")]:  # readers' pages
        rel = html_page.relative_to(real_site).as_posix()
        if rel != "ref/coverage/index.html":
            assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", html_page.read_text(encoding="utf-8")), rel
