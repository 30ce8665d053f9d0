"""The data page's schema.org Dataset (mnfu.site.jsonld), and JSON in a script element (escape.json_script).
The built page is checked in test_site (every download it names exists in the built site)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import markdown
import pytest

from conftest import TODAY, edit, fixture_site
from mnfu.data.load import Settings
from mnfu.site.escape import json_script
from mnfu.site.jsonld import DOWNLOADS, dataset
from mnfu.site.page import Page

HOSTILE = ['</script><script>alert(1)</script>', "<!-- x", "a & b", "<\\/script>", "]]>", "\u2028"]


def _script(html: str) -> list[str]:
    """The text of each script element, as a browser's parser splits it."""
    class Scripts(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=False)
            self.found: list[str] = []
            self.inside = False

        def handle_starttag(self, tag, attrs):
            self.inside = tag == "script"
            if self.inside:
                self.found.append("")

        def handle_endtag(self, tag):
            self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.found[-1] += data

    parser = Scripts()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("text", HOSTILE)
def test_json_in_a_script_element_cannot_close_it(text):
    value = {"name": text, "list": [text, {"deep": text}]}
    out = str(json_script(value))
    assert "<" not in out and ">" not in out and "&" not in out and "\n" not in out and "\u2028" not in out
    assert json.loads(out) == value
    page = f'<p>before</p><script type="application/ld+json">{out}</script><p>after</p>'
    assert [json.loads(s) for s in _script(page)] == [value]


def test_the_dataset_has_what_search_engines_read():
    site = fixture_site()
    data = dataset(site, Page(site, "ref/data.md"), Settings(), TODAY)
    assert data["@type"] == "Dataset" and data["@context"] == "https://schema.org"
    assert data["name"].startswith("Multinational Force – Ukraine") and len(data["description"]) >= 50
    assert data["license"].startswith("https://creativecommons.org/licenses/by-sa/")
    assert data["creator"]["@type"] == "Organization" and data["dateModified"] == TODAY.isoformat()
    assert data["temporalCoverage"] == "2025-03-02/2025-09"  # the first event to the last
    assert "url" not in data  # no site address: relative download addresses, no page address
    assert [d["contentUrl"] for d in data["distribution"]] == [f"../downloads/{n}" for n, _, _ in DOWNLOADS]
    assert all(d["@type"] == "DataDownload" and re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", d["encodingFormat"])
               for d in data["distribution"])


def test_with_the_site_address_every_address_is_absolute():
    site = fixture_site()
    settings = Settings(site_url="https://example.org/mnfu/")
    data = dataset(site, Page(site, "ref/data.md"), settings, TODAY)
    assert data["url"] == "https://example.org/mnfu/ref/data/"
    assert data["distribution"][0]["contentUrl"] == "https://example.org/mnfu/ref/downloads/mnfu-data.json"
    assert data["creator"]["url"] == "https://example.org/mnfu/"


def test_a_hostile_name_stays_inside_the_script_on_the_page(project):
    """A force name that tries to close the script element: the rendered data page keeps one script,
    whose JSON holds the name as typed."""
    from mnfu.data.load import load_all
    from mnfu.site.render import render
    from mnfu.site.resolve import resolve

    force = project / "data" / "force" / "mnf-u.yaml"
    name = HOSTILE[0] + " & <!-- more"
    edit(force, "name: Multinational Force – Ukraine\n", f"name: {json.dumps(name)}\n", 1)
    site = resolve(load_all(project / "data"), TODAY)
    page = next(o.text for o in render(site, project / "templates", TODAY) if o.path == "ref/data.md")
    html = markdown.markdown(page, extensions=["abbr", "attr_list", "footnotes", "md_in_html", "tables"])
    scripts = _script(html)
    assert len(scripts) == 1 and "<script>alert" not in html
    assert json.loads(scripts[0])["name"].startswith(name)
