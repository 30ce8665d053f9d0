"""Evidence for readers: each note shows the excerpts its statement rests on, attributed and quoted, and
each bibliography entry lists the statements its source supports (``mnfu.site.excerpts``, handed over by
``mnfu.checks.site_quotes``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest

from conftest import TODAY, copy_project, edit
from mnfu.pipeline import load_site, pipeline
from mnfu.site.excerpts import Quote, Shown, attribution, shorten, words
from mnfu.site.statements import statements

SEED = """Multinational Force – Ukraine
The United Kingdom and France lead the coalition of the willing.[3]
Planning continued through the summer, as the coalition's staff met many times in several capitals and drew up options for the force, its command and its tasks, none of which had been agreed by the end of the year, according to the planners.[3]
References
- ^ A first reference.
- ^ A second reference.
- ^ UK Ministry of Defence (17 July 2025). "Defence Secretary statement".
"""

WIKI = """kind: reference-work
title: The seed article
work: "Wikipedia, the free encyclopedia"
language: en
published: 2025-12
seed_document: seeds/wiki.txt
reference_count: 3
"""

EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "pymdownx.details", "tables"]  # mkdocs.yml's
HOSTILE = '<script>alert(1)</script> *bold* [^9] {: .x } --8<-- "x"'


def _entry(s, evidence, checked="2026-11-01") -> str:
    entry = {"file": s.path, "field": s.field, "sentence": s.sentence, "hash": s.digest, "checked": checked,
             "result": "confirmed", "evidence": evidence}
    return "  - " + json.dumps(entry, ensure_ascii=False)


@pytest.fixture
def evidenced(tmp_path: Path) -> Path:
    """The fixture project with a seed article (its reference 3 is alpha-2025-07-17), a hostile quote in
    beta-2025, and evidence for three statements."""
    root = copy_project(tmp_path)
    (root / "seeds").mkdir()
    (root / "seeds" / "wiki.txt").write_text(SEED, encoding="utf-8")
    (root / "data" / "sources" / "wiki-2025-12.yaml").write_text(WIKI, encoding="utf-8")
    beta = root / "data" / "sources" / "beta-2025.yaml"
    beta.write_text(beta.read_text(encoding="utf-8") + f"  - text: {json.dumps(HOSTILE)}\n", encoding="utf-8")
    gb = root / "data" / "contributors" / "gb.yaml"
    edit(gb, "co-leads the coalition with France [@alpha-2025-07-17].",
        "co-leads the coalition with France [@alpha-2025-07-17]. Planning went on all summer "
        "[@alpha-2025-07-17; @beta-2025].")
    site = load_site(root, TODAY)
    by = {(s.path, s.field, s.sentence): s for s in statements(site)}
    lead = by[("data/contributors/gb.yaml", "summary", 1)]
    summer = by[("data/contributors/gb.yaml", "summary", 2)]
    staff = next(s for s in statements(site) if s.path == "data/headquarters/paris-hq.yaml" and "planners" in s.text)
    lines = [
        _entry(lead, [{"doc": "wiki.txt", "line": 2,
                       "text": "The United Kingdom and France lead the coalition of the willing.[3]"}]),
        _entry(summer, [{"doc": "wiki.txt", "line": 3, "text": SEED.splitlines()[2]},
                        {"doc": "beta-2025", "line": 1, "text": "The headquarters currently hosts 60 planners."}]),
        _entry(staff, [{"doc": "beta-2025", "line": 1, "text": "The headquarters currently hosts 60 planners."},
                       {"doc": "beta-2025", "line": 2, "text": HOSTILE}]),
    ]
    (root / "data" / "audit.yaml").write_text("audits:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture
def pages(evidenced: Path) -> dict[str, str]:
    _, outputs = pipeline(evidenced, TODAY, downloads=False)
    return {o.path: o.text for o in outputs}


def _notes(text: str) -> dict[int, str]:
    """Each footnote definition of a page, with its indented paragraphs."""
    notes = re.split(r"^\[\^(\d+)\]: ", text.split("## References", 1)[1], flags=re.M)
    return {int(n): body for n, body in zip(notes[1::2], notes[2::2], strict=True)}


def test_a_note_shows_the_excerpt_its_statement_rests_on(pages):
    page = pages["ref/contributors/gb.md"]
    notes = _notes(page)
    alpha = next(n for n, body in notes.items() if "Defence Secretary statement" in body)
    # the note lists the Wikipedia sentence that cites the source by its marker, markers taken out
    assert ('<span class="mnfu-ev">Wikipedia, citing this source: <q>The United Kingdom and France lead the '
            "coalition of the willing.</q></span>") in notes[alpha]
    assert '??? mnfu-excerpts "2 excerpts"' in notes[alpha]  # folded under the note at the page's foot
    # each reference names its own excerpt: the first sentence's, then the second's
    refs = re.findall(rf'<span data-ev="([\d ]+)">\[\^{alpha}\]</span>', page)
    assert refs[:2] == ["1", "2"], refs
    # the long one is shortened at a word, with the way to the whole text in the bibliography
    long = notes[alpha].split('<span class="mnfu-ev">')[2]
    shown = re.search(r"<q>(.*)</q>", long).group(1)
    assert shown.endswith("…") and len(shown) <= 200 and "according to the planners" not in shown
    assert "[full excerpt](../sources/a.md#alpha-2025-07-17)" in long
    # a note shows only the excerpts that speak for its own source: beta's its quote, not the article's
    beta = next(body for body in notes.values() if "Proposals for a Coalition" in body)
    assert "60 planners" in beta and "Planning continued" not in beta and "Wikipedia" not in beta
    assert "60 planners" not in notes[alpha]


def test_a_statement_with_no_evidence_shows_only_its_source(pages):
    page = pages["ref/contributors/ua.md"]
    assert "data-ev" not in page and "mnfu-ev" not in page and "[^1]" in page


def test_a_sources_own_words_are_attributed_to_it_by_title_and_shown_as_text(pages):
    page = pages["ref/headquarters/paris-hq.md"]
    note = next(body for body in _notes(page).values() if "At 02:34." in body)  # the staff figure's note
    assert ("<span class=\"mnfu-ev\">“Proposals for a Coalition: the &lt;b&gt;bold&lt;/b&gt; \\[draft\\]”: "
            "<q>The headquarters currently hosts 60 planners.</q></span>") in note
    html = markdown.markdown(page, extensions=EXTENSIONS)
    assert '<details class="mnfu-excerpts">' in html  # folded under the note
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; *bold* [^9] {: .x } --8&lt;--" in html
    assert 'class="x"' not in html and "<strong>bold" not in html


def test_the_bibliography_lists_what_a_source_supports_with_its_excerpts_whole(pages):
    page = pages["ref/sources/a.md"]
    entry = page.split("{ #alpha-2025-07-17 }", 1)[1]
    assert '??? quote "What it supports:' in entry
    # the long excerpt whole here, then the statement it supports, linked to its page
    assert "according to the planners.</q>" in entry
    assert "- [United Kingdom](../contributors/gb.md): Planning went on all summer." in entry
    # a statement cited with no excerpt recorded is listed too, under its section
    assert "Also cited for:" in entry and "[United Kingdom, Pledges](../contributors/gb.md#pledges)" in entry


def test_readers_see_titles_never_file_names(pages):
    """No file name reaches a reader's page (the coverage page, for editors, and the published copies of
    the data files are the exceptions)."""
    readers = {p: t for p, t in pages.items() if p.endswith(".md") and p != "ref/coverage.md"}
    assert "ref/contributors/gb.md" in readers
    for path, text in readers.items():
        assert "wiki.txt" not in text and "seeds/" not in text, path


def test_no_audit_record_or_a_broken_one_shows_no_excerpts_and_builds(evidenced: Path):
    (evidenced / "data" / "audit.yaml").write_text("audits: [\n", encoding="utf-8")
    site, outputs = pipeline(evidenced, TODAY, downloads=False)
    assert site.quotes == {}
    assert not any("mnfu-ev" in o.text for o in outputs)


def test_an_excerpt_of_an_unreadable_seed_is_left_out(evidenced: Path):
    (evidenced / "seeds" / "wiki.txt").unlink()
    site, outputs = pipeline(evidenced, TODAY, downloads=False)
    assert all(q.doc in site.sources for quotes in site.quotes.values() for q in quotes)
    gb = next(o.text for o in outputs if o.path == "ref/contributors/gb.md")
    assert "Wikipedia" not in gb and "wiki.txt" not in gb


@pytest.mark.parametrize("text, expected", [
    ("As of November 2025[update], there were no mention of criteria,[153] or end state.[a][12]",
     "As of November 2025, there were no mention of criteria, or end state."),
    ('- ^ Mills, Claire (28 November 2025). "Proposals"', 'Mills, Claire (28 November 2025). "Proposals"'),
    ("^ a b Pollard (2025).", "Pollard (2025)."),
    ("Kept [the] and [...] as written.", "Kept [the] and [...] as written."),
])
def test_words_drop_reference_markers(text, expected):
    assert words(text) == expected


def test_shorten_at_a_word_with_an_ellipsis():
    assert shorten("short", 200) == ("short", False)
    text = "word " * 60
    cut, was_cut = shorten(text.strip(), 200)
    assert was_cut and cut.endswith("word…") and len(cut) <= 200


def test_attribution_names_the_document_or_the_source_by_title(evidenced: Path):
    site = load_site(evidenced, TODAY)
    assert attribution(site, "wiki-2025-12", "alpha-2025-07-17") == "Wikipedia, citing this source"
    assert attribution(site, "beta-2025", "beta-2025") == "“Proposals for a Coalition: the <b>bold</b> [draft]”"
    assert attribution(site, "beta-2025", "beta-2025", "Proposals for a Coalition") == "Its title"
    assert attribution(site, "delta-2024", "beta-2025") == "“Cited by nothing”, citing this source"
    assert Shown("x", "a " * 150).cut and not Shown("x", "short").cut
    assert Quote("a", "b", frozenset({"a"})) == Quote("a", "b", frozenset({"a"}))


def test_a_note_of_the_articles_editors_under_a_reference_is_shown_as_theirs_never_as_the_works(evidenced: Path):
    """Text under a reference that is not the work's words (an editor's sum: "As of November 2025, aid
    is ...") is the article's: the bibliography shows it as the article's note, and it is no quotation of
    the work that evidence could rest on."""
    from mnfu.checks.audits import documents
    from mnfu.checks.evidence import check

    alpha = evidenced / "data" / "sources" / "alpha-2025-07-17.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8") +
                     f"reference_notes:\n  - text: {json.dumps('As of 2025, aid is 9 billion. ' + HOSTILE)}\n"
                     "    seed_ref: 3\n", encoding="utf-8")
    _, outputs = pipeline(evidenced, TODAY, downloads=False)
    entry = next(o.text for o in outputs if o.path == "ref/sources/a.md").split("{ #alpha-2025-07-17 }", 1)[1]
    entry = entry.split("\n## ", 1)[0]
    assert re.search(r"\*Note in reference 3 of \[The seed article\]\([^)]*\) \(its editors' words, not the work's\):\*",
                     entry)
    html = markdown.markdown(entry, extensions=EXTENSIONS)
    assert "<blockquote>\n<p>“As of 2025, aid is 9 billion. &lt;script&gt;" in html
    assert "<script>" not in html and "as quoted in reference" not in entry
    # the work's own words are its quotes and title: the note is not among them
    site = load_site(evidenced, TODAY)
    docs = documents(evidenced, site)
    found = check("Aid is 9 billion [@alpha-2025-07-17].", ["alpha-2025-07-17"],
                  [{"doc": "alpha-2025-07-17", "line": 1, "text": "As of 2025, aid is 9 billion."}], docs)
    assert any(f.code == "evidence" and "not found among the words recorded" in f.message for f in found)
