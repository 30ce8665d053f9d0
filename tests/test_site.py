"""Integration: the real site builds with ``mkdocs build --strict``, and its pages link up."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
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
    assert "ref/sources/#" in home


def test_pages_make_no_requests_to_other_hosts(real_site: Path):
    for page in real_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', text):
            raise AssertionError(f"{page}: external resource {match.group(0)}")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_bibliography_has_an_anchor_per_source(real_site: Path):
    ids = _parse(real_site / "ref" / "sources" / "index.html").ids
    for source in (ROOT / "data" / "sources").glob("*.yaml"):
        assert source.stem in ids, source.stem


def test_contributor_pages_cite_and_link_back(real_site: Path):
    page = (real_site / "ref" / "contributors" / "gb" / "index.html").read_text(encoding="utf-8")
    assert "What links here" in page
    assert 'class="footnote"' in page
