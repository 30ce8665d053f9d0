"""Rendering: golden Markdown for the fixture data set, and escaping of text from data."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, TESTDATA, TODAY, edit
from mnfu.data.load import load_all
from mnfu.errors import DataError
from mnfu.pages import format_date
from mnfu.site.page import Page, md_escape
from mnfu.site.render import render
from mnfu.site.resolve import resolve


@pytest.fixture(scope="module")
def outputs(site):
    return {o.path: o.text for o in render(site, ROOT / "templates", TODAY)}


def test_golden_pages(outputs, golden):
    for path, text in sorted(outputs.items()):
        golden(f"golden/{path}", text)
    golden_dir = TESTDATA / "golden"
    on_disk = {p.relative_to(golden_dir).as_posix() for p in golden_dir.rglob("*") if p.is_file()}
    assert on_disk == set(outputs), "golden files and rendered pages differ in number"


@pytest.mark.parametrize("text, expected", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
    ("{{ x }} and {% y %}", "\\{\\{ x \\}\\} and \\{% y %\\}"),
    ("*bold* _it_ `code` [link](x)", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\]\\(x\\)"),
    ("- not a list", "\\- not a list"),
    ("1. not a list", "1\\. not a list"),
    ("12.", "12\\."),
    ("48.8714", "48.8714"),  # a number is not a list item: no backslash that would show
    ("2) not a list", "2\\) not a list"),
    ("# not a heading", "\\# not a heading"),
    ("a | b", "a \\| b"),
    ("AT&T", "AT&amp;T"),
    ("[^1]: fake footnote", "\\[^1\\]: fake footnote"),
])
def test_md_escape(text, expected):
    assert md_escape(text) == expected


def test_data_text_is_never_markup(outputs):
    force = outputs["ref/force.md"]
    assert "<script>" not in force
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in force
    assert "\\{\\{ not a template \\}\\}" in force


def test_notes_are_numbered_per_page_and_reused(site):
    page = Page(site, "ref/force.md")
    cites = site.force.model.status[0].sources
    assert page.cite(cites) == "[^1]"
    assert page.cite(site.force.model.status[1].sources) == "[^2]"
    assert page.cite(cites) == "[^1]"
    assert "(sources/a.md#alpha-2025-07-17)" in page.footnotes()  # the source on its letter's page


def test_links_are_relative_to_the_page(site):
    assert Page(site, "ref/contributors/gb.md").link("paris-hq") == "[Paris headquarters](../headquarters/paris-hq.md)"
    assert Page(site, "index.md").link("gb") == "[United Kingdom](ref/contributors/gb.md)"
    assert Page(site, "ref/force.md").link("2025-03-02-london-summit") == (
        "[London summit](timeline.md#2025-03-02-london-summit)")


def test_every_page_with_citations_ends_with_references(outputs):
    for path, text in outputs.items():
        if "[^1]" in text and path.endswith(".md"):
            assert "## References" in text and "[^1]: " in text, path


def test_entity_pages_show_what_links_here(outputs):
    assert "## Mentioned on" in outputs["ref/contributors/gb.md"]
    assert "[Status of forces agreement](../legal-issues/sofa.md)" in outputs["ref/contributors/gb.md"]


def test_missing_values_show_as_unknown(outputs):
    assert "*Unknown: the sources do not say.*" in outputs["ref/contributors/ua.md"]


def test_bibliography_lists_citing_pages_and_uncited_sources(outputs):
    sources = outputs["ref/sources/b.md"]
    assert "{ #beta-2025 }" in sources
    assert "[Norway](../contributors/no.md)" in sources
    assert "*not cited by any page yet*" in outputs["ref/sources/d.md"]


def test_bibliography_has_a_page_per_initial_and_an_a_to_z(outputs):
    index = outputs["ref/sources/index.md"]
    assert "[A](a.md) · [B](b.md) · [D](d.md) · [G](g.md)" in index
    assert "**B**" in outputs["ref/sources/b.md"] and "[A](a.md)" in outputs["ref/sources/b.md"]
    assert "location.replace" in index  # old links to ref/sources/#id reach the letter's page


def test_navigation_is_built_from_data(outputs):
    nav = outputs["ref/.nav.yml"]
    assert '"Norway": ref/contributors/no.md' in nav
    assert "Timeline: ref/timeline.md" in nav


def test_strict_undefined_reports_template_and_line(site, tmp_path):
    (tmp_path / "glossary.md.j2").write_text("# G\n\n{{ glossary.nothing }}\n")
    for name in (ROOT / "templates").glob("*.j2"):
        if not (tmp_path / name.name).exists():
            (tmp_path / name.name).write_text(name.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        render(site, tmp_path, TODAY)
    [diagnostic] = info.value.diagnostics
    assert (diagnostic.path, diagnostic.line) == ("templates/glossary.md.j2", 3)


@pytest.mark.parametrize("value, approximate, expected", [
    ("2025-03-02", False, "2 March 2025"), ("2025-09", True, "c. September 2025"), ("2025", False, "2025"),
    (None, False, "unknown"),
])
def test_format_date(value, approximate, expected):
    assert format_date(value, approximate) == expected


def test_bibliography_lists_each_citing_page_with_its_claims(outputs):
    """Each source entry names the pages citing it and, for each, the fields (claims) that cite it."""
    sources = outputs["ref/sources/a.md"] + outputs["ref/sources/d.md"]
    cited_on = [line for line in sources.splitlines() if line.startswith("**Cited on:**")]
    assert any("[United Kingdom](../contributors/gb.md) (summary, role, pledges)" in line for line in cited_on)
    assert any("*not cited by any page yet*" in line for line in cited_on)


def test_first_mention_of_each_entity_on_a_page_is_a_link(site):
    """Names and abbreviations in plain prose link once per page, on whole words, longest name first."""
    page = Page(site, "ref/legal-issues/sofa.md")
    text = page.inline("Norway and NATO met; Norway again, NATO-led, UNATO, the Multinational Force – Ukraine.")
    assert text == ("[Norway](../contributors/no.md) and [NATO](../organizations/nato.md) met; Norway again, "
                    "NATO-led, UNATO, the [Multinational Force – Ukraine](../force.md).")


def test_mention_links_skip_the_page_itself_and_entities_already_linked(site):
    own = Page(site, "ref/contributors/no.md")
    assert own.inline("Norway and Ukraine.") == "Norway and [Ukraine](ua.md)."
    page = Page(site, "ref/legal-issues/sofa.md")
    assert page.inline("[[ua|The host]] and Ukraine.") == "[The host](../contributors/ua.md) and Ukraine."
    assert page.link("gb") and page.inline("United Kingdom") == "United Kingdom"  # linked by the template


def test_plain_mentions_count_as_links_here(site, outputs):
    """A name in prose registers the page in the entity's 'Mentioned on', like an explicit link."""
    assert any(m.by == "precedent:kfor" for m in site.mentions["nato"])  # "A NATO-led force in Kosovo"
    assert "[Kosovo Force](../precedents.md#kfor)" in outputs["ref/organizations/nato.md"]


def test_a_name_two_entities_share_links_to_neither(project):
    (project / "data" / "organizations" / "nordic.yaml").write_text(
        "name: Norway\nkind: group\nsummary: A group [@gamma-nd].\n", encoding="utf-8")
    site = resolve(load_all(project / "data"), TODAY)
    assert "Norway" not in site.names
    assert Page(site, "ref/legal-issues/sofa.md").inline("Norway.") == "Norway."


def test_two_citation_groups_side_by_side_read_as_two_notes(site):
    page = Page(site, "ref/force.md")
    text = page.inline("A claim [@alpha-2025-07-17] [@beta-2025].")
    assert text == 'A claim[^1]<sup class="fn-sep">,</sup>[^2].'


def test_stale_facts_are_listed_once_per_page(outputs):
    """One notice near the top lists the facts whose as_of is older than stale-after-days, instead of a
    label on each value."""
    page = outputs["ref/contributors/gb.md"]
    assert page.count('!!! note "Some facts on this page may be out of date"') == 1
    assert ("1 value on this page is dated more than 365 days before this build (22 November 2026): "
            "1 under “Role” (as of 5 September 2025).") in page  # by the page's parts, in the reader's words
    assert "possibly out of date" not in page


def test_mentions_are_grouped_by_kind(outputs):
    page = outputs["ref/contributors/gb.md"]
    assert "## Mentioned on" in page and "**Legal issues:** [Status of forces agreement](../legal-issues/sofa.md)" in page


@pytest.mark.parametrize("path, facts", [("ref/contributors/gb.md", "| At a glance |"),
                                          ("ref/headquarters/paris-hq.md", "| At a glance |"),
                                          ("ref/force.md", "| At a glance |"),
                                          ("ref/legal-issues/sofa.md", "**Status:**")])
def test_each_entity_page_opens_with_its_lead_paragraph_then_its_key_facts(outputs, path, facts):
    page = outputs[path]
    body = page.split("\n# ", 1)[1].split("\n", 1)[1].lstrip("\n")  # after the title
    assert not body.startswith(("|", "**", "!!!")), f"{path} opens with {body[:40]!r}, not its lead"
    lead = body.split("\n\n", 1)[0]
    assert "[^" in lead and body.index(facts) > len(lead), path


def test_note_numbers_follow_the_text_they_support(outputs):
    """No table keeps its notes in a column of their own: each value carries its notes (force page, the
    command table, disputes)."""
    for path in ("ref/force.md", "ref/headquarters/index.md", "ref/contributors/gb.md"):
        page = outputs[path]
        assert "| Sources |" not in page, path
        for line in page.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.lstrip().startswith("|") else []
            assert not any(re.fullmatch(r"(\[\^\d+\](<sup[^>]*>,</sup>)?)+", c) for c in cells), (path, line)


def test_an_entity_link_reads_with_the_article_its_name_takes(project):
    """``article: the`` makes ``[[gb]]`` read 'the United Kingdom' in prose, 'The United Kingdom' at the
    start of a sentence; a link with its own words, lists, tables and titles keep the name alone."""
    from mnfu.outputs.shared import plain_text

    gb = project / "data" / "contributors" / "gb.yaml"
    edit(gb, "name: United Kingdom\n", "name: United Kingdom\narticle: the\n")
    ua = project / "data" / "contributors" / "ua.yaml"
    edit(ua, "summary: Ukraine would host the force [@alpha-2025-07-17].",
        "summary: '[[gb]] leads, with help from [[gb]] [@alpha-2025-07-17]. Ukraine hosts it, e.g. [[gb]] troops "
        "[@alpha-2025-07-17]. [[gb]] agreed [@alpha-2025-07-17]. So did [[gb|Britain]] [@alpha-2025-07-17].'")
    site = resolve(load_all(project / "data"), TODAY)
    pages = {o.path: o.text for o in render(site, project / "templates", TODAY)}
    page = pages["ref/contributors/ua.md"]
    assert page.startswith('---\ndescription: "The United Kingdom leads, with help from the United Kingdom."\n')
    assert "[The United Kingdom](gb.md) leads, with help from [the United Kingdom](gb.md)" in page
    assert "e.g. [the United Kingdom](gb.md) troops" in page  # an abbreviation's full stop ends no sentence
    assert ". [The United Kingdom](gb.md) agreed" in page  # after a citation and a full stop
    assert "So did [Britain](gb.md)" in page
    assert "A planned force led by [the United Kingdom](contributors/gb.md)" in pages["ref/force.md"]
    assert "| [United Kingdom](gb.md) |" in pages["ref/contributors/index.md"]  # a table: the name alone
    assert "# United Kingdom\n" in pages["ref/contributors/gb.md"]
    assert plain_text(site, site.entities["ua"].model.summary).startswith(
        "The United Kingdom leads, with help from the United Kingdom. Ukraine hosts it, e.g. the United Kingdom")


def test_an_article_is_the_only_one_allowed(project, capsys):
    from mnfu.cli import main

    gb = project / "data" / "contributors" / "gb.yaml"
    edit(gb, "name: United Kingdom\n", "name: United Kingdom\narticle: The\n")
    assert main(["--root", str(project), "--today", TODAY.isoformat(), "check", str(gb)]) == 1
    assert "data/contributors/gb.yaml:2:10: error:" in capsys.readouterr().out
