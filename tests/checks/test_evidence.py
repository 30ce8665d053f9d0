"""The mechanical checks of evidence (mnfu.checks.evidence), function by function, on a small seed and
three sources: normalising text, figures, hedges, where an excerpt is and whom it speaks for, every
finding of ``check``, and the excerpts suggested for a statement. The audit command built on them is
tested in test_audit.py, field policies in test_policy.py."""

from __future__ import annotations

import pytest

from mnfu.checks.evidence import (
    Documents,
    candidates,
    check,
    copied,
    hedges,
    normalize,
    numbers,
    sources_of_excerpt,
)
from mnfu.data.models import Source

SEED = """Multinational Force – Ukraine
The United Kingdom would co-lead the coalition with France, officials said.[1]
Paris hosts the headquarters of the coalition.[2]
Some 30,000 troops were proposed.[1][2]
An unrelated line about the weather in Kyiv.
References
- ^ “Defence Secretary statement”. 17 July 2025.
- ^ Mills, Claire. “Proposals for a coalition”.
"""


def source(**fields) -> Source:
    return Source.model_validate({"kind": "report", "title": "A title", **fields})


@pytest.fixture(scope="module")
def docs() -> Documents:
    sources = {
        "wiki": source(title="Wikipedia article", seed_document="seeds/wiki.txt"),
        "alpha": source(title="Defence Secretary statement", seed_refs=[1], published="2025-07-17"),
        "beta": source(title="Proposals for a coalition", seed_refs=[2],
                       quotes=[{"text": "The headquarters currently hosts 60 planners."},
                               {"text": "It “would” be led from Paris."}]),
    }
    return Documents.build(sources, {"wiki.txt": SEED, "other.txt": "A file no source stands for."})


LINE_2 = {"doc": "wiki.txt", "line": 2, "text": "The United Kingdom would co-lead the coalition with France, officials said."}
QUOTE_1 = {"doc": "beta", "line": 1, "text": "hosts 60 planners"}
DATES = {"alpha": "2025-07-17"}


def findings(docs: Documents, text: str, cites: list[str], evidence: list[dict]) -> list[tuple[str, str, str]]:
    return [(f.level, f.code, f.message) for f in check(text, cites, evidence, docs, DATES)]


# ---------------------------------------------------------------- text as compared


@pytest.mark.parametrize("text, expected", [
    ("“Quoted” and ‘single’", "\"Quoted\" and 'single'"),
    ("a – b — c ‑ d − e", "a - b - c - d - e"),
    ("no\u00a0break  and\n line\tbreaks ", "no break and line breaks"),
    ("ﬁne ＡＢＣ", "fine ABC"),  # compatibility forms (NFKC)
])
def test_normalize(text: str, expected: str):
    assert normalize(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("In 2025, 30,000 troops", ["2025", "30000"]),
    ("1.5 and 007 and 0", ["1.5", "7", "0"]),
    ("30,000 and 30000 again", ["30000"]),  # each once
    ("25,000–30,000 personnel", ["25000", "30000"]),
    ("no figures here", []),
])
def test_numbers(text: str, expected: list[str]):
    assert numbers(text) == expected


def test_hedges_are_found_once_each_in_order_and_in_any_case(docs: Documents):
    assert hedges("Officials SAID it would, reportedly; according to Macron it would") == [
        "said", "would", "reportedly", "according to"]
    assert hedges("according to plans") == []  # only when someone follows: test_policy.py
    assert hedges("under current plans it is proposed") == ["under current plans", "proposed"]
    assert hedges("Woulding is not a word; nor is saidst") == []  # whole words only


# ---------------------------------------------------------------- documents


def test_the_reference_list_of_a_seed_is_numbered(docs: Documents):
    seed = docs.seeds["wiki.txt"]
    assert seed.source == "wiki" and seed.reference_at == {7: (1,), 8: (2,)}
    assert docs.by_ref == {("wiki", 1): {"alpha"}, ("wiki", 2): {"beta"}}
    assert "other.txt" not in docs.seeds  # no source stands for it
    assert seed.find("the coalition") == [2, 3] and seed.find("“Defence  Secretary”") == []
    assert docs.source_words("beta") == ["The headquarters currently hosts 60 planners.", "It “would” be led from Paris.",
                                         "Proposals for a coalition"]


@pytest.mark.parametrize("excerpt, speaks_for", [
    (LINE_2, {"wiki", "alpha"}),  # no marker of its own: the one that follows it in its line
    ({"doc": "wiki.txt", "line": 4, "text": "Some 30,000 troops were proposed.[1][2]"}, {"wiki", "alpha", "beta"}),
    ({"doc": "wiki.txt", "line": 8, "text": "Proposals for a coalition"}, {"wiki", "beta"}),  # a reference entry
    ({"doc": "wiki.txt", "line": 5, "text": "the weather in Kyiv"}, {"wiki"}),
    (QUOTE_1, {"beta"}),
])
def test_whom_an_excerpt_speaks_for(docs: Documents, excerpt: dict, speaks_for: set[str]):
    assert sources_of_excerpt(excerpt, docs) == speaks_for


# ---------------------------------------------------------------- check


def test_evidence_that_holds_finds_nothing(docs: Documents):
    assert findings(docs, "The United Kingdom would co-lead with France, officials said [@alpha] [@wiki].",
                    ["alpha", "wiki"], [LINE_2]) == []
    assert findings(docs, "It hosts 60 planners [@beta].", ["beta"], [QUOTE_1]) == []
    # a figure may come from the date of the source an excerpt speaks for
    assert findings(docs, "On 17 July 2025 the secretary spoke [@alpha].", ["alpha"],
                    [{"doc": "wiki.txt", "line": 7, "text": "Defence Secretary statement"}]) == []


def test_no_evidence(docs: Documents):
    assert findings(docs, "x [@beta].", ["beta"], []) == [("error", "no-evidence", "statement has no evidence")]


@pytest.mark.parametrize("excerpt, message", [
    ({**LINE_2, "line": 3}, "excerpt is not at line 3 of wiki.txt"),
    ({**LINE_2, "text": "The United States would"}, 'excerpt not found in wiki.txt: "The United States would"'),
    ({**QUOTE_1, "line": 2}, "excerpt is not in quote 2 of source 'beta'"),
    ({**QUOTE_1, "text": "hosts 70 planners"}, "excerpt not found among the words recorded for source 'beta'"),
    ({"doc": "nope", "text": "hosts"}, "unknown document 'nope'"),
    ({"doc": "beta", "text": "  "}, "an excerpt from 'beta' has no text"),
])
def test_an_excerpt_not_verbatim_at_its_place(docs: Documents, excerpt: dict, message: str):
    found = findings(docs, "x [@alpha; @beta].", ["alpha", "beta"], [excerpt])
    assert found[0] == ("error", "evidence", message)


def test_whitespace_quotes_and_dashes_may_differ_from_the_document(docs: Documents):
    excerpt = {"doc": "beta", "line": 2, "text": 'It "would"  be led\nfrom Paris.'}
    assert findings(docs, "It would be led from Paris [@beta].", ["beta"], [excerpt]) == []


def test_a_cited_source_with_no_excerpt(docs: Documents):
    assert ("error", "evidence-source", "cited source 'beta' has no excerpt") in findings(
        docs, "The United Kingdom would co-lead, officials said [@alpha; @beta].", ["alpha", "beta"], [LINE_2])


def test_an_excerpt_speaking_for_no_cited_source(docs: Documents):
    assert findings(docs, "It hosts 60 planners [@alpha].", ["alpha"], [QUOTE_1]) == [
        ("error", "evidence-source", "excerpt from 'beta' speaks for 'beta', none of which the statement cites"),
        ("error", "evidence-source", "cited source 'alpha' has no excerpt")]


def test_a_figure_in_no_excerpt(docs: Documents):
    assert findings(docs, "It hosts 60 planners from 16 nations [@beta].", ["beta"], [QUOTE_1]) == [
        ("error", "evidence-figure", "figure '16' is in no excerpt")]


def test_a_hedge_the_statement_drops_is_a_warning(docs: Documents):
    assert findings(docs, "The United Kingdom co-leads the coalition [@alpha] [@wiki].", ["alpha", "wiki"], [LINE_2]) == [
        ("warning", "evidence-hedge", "the excerpt says 'would'; the statement keeps no such hedge or attribution"),
        ("warning", "evidence-hedge", "the excerpt says 'said'; the statement keeps no such hedge or attribution")]
    # any counterpart keeps it: 'according to' for 'said', 'planned' for 'would'
    assert findings(docs, "According to officials, a co-lead is planned [@alpha] [@wiki].", ["alpha", "wiki"], [LINE_2]) == []


def test_a_work_known_only_from_a_seeds_sentences_comes_with_the_seed(docs: Documents):
    """The article's sentence citing a work shows what the article says of it: a statement resting on it
    cites the article too; one resting on the work's own words alone (its quotes, its title, a quotation in
    the reference list) need not."""
    said = "The United Kingdom would co-lead with France, officials said [@alpha]."
    warned = [("warning", "evidence-via", "the statement rests on 'wiki''s own sentences (about 'alpha') without citing it")]
    assert findings(docs, said, ["alpha"], [LINE_2]) == warned
    title = {"doc": "wiki.txt", "line": 7, "text": "Defence Secretary statement"}  # the work's own title
    assert findings(docs, said, ["alpha"], [LINE_2, title]) == warned  # the article's sentence still says more
    assert findings(docs, said, ["alpha"], [title]) == []  # the work's own words alone
    assert findings(docs, "It hosts 60 planners [@beta].", ["beta"], [QUOTE_1]) == []  # its own words
    # with the article cited the statement says where it comes from
    assert findings(docs, "The United Kingdom would co-lead with France, officials said [@alpha] [@wiki].",
                    ["alpha", "wiki"], [LINE_2]) == []


def test_a_copy_is_found_across_british_and_american_spellings():
    seed = "a make-up that harmonizes rules of engagement, logistics workflows, reporting discipline and interoperability"
    ours = "Its make-up harmonises rules of engagement, logistics workflows, reporting discipline and interoperability."
    assert copied(ours, seed)[:3] == ["make", "up", "harmonises"]  # as the statement spells it ("that" left out)
    assert copied("the US draft proposed a demilitarised zone on Ukrainian soil under Russian jurisdiction",
                  "proposed a demilitarized zone on Ukrainian soil under Russian jurisdiction (Provision 21)")
    assert copied("this confirms a strategic trend in European defence planning towards flexible formats",
                  "this confirms a strategic trend in European defense planning toward flexible formats")
    # spellings are only made alike: different words stay different
    assert not copied("Its centre of gravity was the defence of the realm and its allies in the north",
                      "The center of gravity is not the same as the defense of the realm at all")


def test_a_copy_with_one_word_changed_added_or_left_out_is_still_a_copy():
    """A statement that follows its excerpt word for word but for one word changed, added or left out
    still reads as a copy (independent auditors flagged such runs): one word aside is no paraphrase."""
    seed = "The Northwood headquarters is expected to remain even if the command centre moves from Paris to London as planned."
    changed = "It would be kept even if the command hub moves from Paris to London as planned."
    added = "It is expected to remain even if the whole command centre moves from Paris to London as planned."
    left_out = "It is expected to remain even if the centre moves from Paris to London as planned."
    assert " ".join(copied(changed, seed)) == "even if the command hub moves from paris to london as planned"
    assert copied(added, seed)[:4] == ["is", "expected", "to", "remain"]  # the run goes past the added word
    assert copied(added, seed)[-3:] == ["london", "as", "planned"]
    assert " ".join(copied(left_out, seed)) == "is expected to remain even if the centre moves from paris to london as planned"
    # one word aside among the first words of the run
    assert " ".join(copied("It is to stay even if the command centre moves from Paris to London.", seed)) == \
        "to stay even if the command centre moves from paris to london"
    # two words aside, or a run shorter than the limit either side of one word, is not a copy
    assert not copied("It should remain in place even if the centre moves from Paris to London.", seed)
    assert not copied("Northwood stays, even if the command centre later moves to London.", seed)
    # a passage in quotation marks is meant to be verbatim
    assert not copied('It is "expected to remain even if the command centre moves from Paris to London".', seed)


def test_a_name_of_several_words_counts_as_one_word_of_a_copy():
    """A name cannot be put in other words: "the Public International Law & Policy Group" is one word of
    a run, so naming it does not make a copy; a one-word name still counts."""
    seed = ("The force would operate outside the EU's Common Security and Defence Policy (CSDP), experts of the "
            "Public International Law & Policy Group noted. Moscow said it would not discuss foreign troops in "
            "Ukraine in any format.")
    assert not copied("It is outside the EU's Common Security and Defence Policy (CSDP).", seed)
    assert not copied("As experts of the Public International Law & Policy Group noted, it operates.", seed)
    assert " ".join(copied("Moscow said it would not discuss foreign troops in Ukraine in any format.", seed)) == \
        "moscow said it would not discuss foreign troops in ukraine in any format"
    # a comma parts two names: "Wikipedia, Belgium" is two words
    assert copied("According to Wikipedia, Belgium has expressed strong political commitment to Ukraine, pledging support.",
                  "Belgium has expressed strong political commitment to Ukraine, pledging support.")
    # the same words in lower case count one by one
    assert copied("it is outside the eu's common security and defence policy (csdp), experts said", seed)


def test_a_date_after_every_cited_work_is_a_warning(docs: Documents):
    """A work cannot report what happened after it was published: the statement credits it with what
    another work (or Wikipedia's own text) says."""
    excerpt = {"doc": "wiki.txt", "line": 7, "text": "Defence Secretary statement"}
    said = "On 17 November 2025 the secretary spoke again [@alpha]."
    assert findings(docs, said, ["alpha"], [excerpt]) == [  # its figures are the work's own date's
        ("warning", "evidence-date", "the statement speaks of 17 November 2025, after every work it cites was "
                                     "published (the latest, 'alpha', is dated 2025-07-17)")]
    warned = [f for f in check("In August 2025 the secretary spoke [@alpha].", ["alpha"], [excerpt], docs, DATES)
              if f.code == "evidence-date"]
    assert [f.message for f in warned] == ["the statement speaks of August 2025, after every work it cites was "
                                           "published (the latest, 'alpha', is dated 2025-07-17)"]


@pytest.mark.parametrize("said, dates", [
    ("In July 2025 the secretary spoke [@alpha].", DATES),  # the month it was published in
    ("On 17 July 2025 the secretary spoke [@alpha].", DATES),  # the day itself
    ("In March 2026 the force would deploy [@alpha].", DATES),  # a plan looks ahead
    ("A review is due in March 2026 [@alpha].", DATES),
    ("In 2026 the secretary spoke [@alpha].", DATES),  # a year alone: plans name years to come
    ("In August 2025 the secretary spoke [@alpha].", {}),  # a work of unknown date could have reported it
    ("In August 2025 the secretary spoke [@alpha].", {"alpha": "2025"}),  # dated to the year: it could too
])
def test_a_date_a_cited_work_could_report_is_no_warning(docs: Documents, said: str, dates: dict):
    excerpt = {"doc": "wiki.txt", "line": 7, "text": "Defence Secretary statement"}
    assert not [f for f in check(said, ["alpha"], [excerpt], docs, dates) if f.code == "evidence-date"]


# ---------------------------------------------------------------- suggestions


def test_candidates_are_the_cited_sources_sentences_and_quotes_best_first(docs: Documents):
    found = list(candidates("Some 30,000 troops were proposed [@alpha].", ["alpha"], docs))
    assert found[0] == {"doc": "wiki.txt", "line": 4, "text": "Some 30,000 troops were proposed.[1][2]"}
    assert {c["line"] for c in found} == {2, 4, 7}  # lines marked [1], and reference entry 1
    quotes = list(candidates("It hosts 60 planners [@beta].", ["beta"], docs))
    assert quotes[0] == {"doc": "beta", "line": 1, "text": "The headquarters currently hosts 60 planners."}
    assert all(c["line"] != 2 or c["doc"] == "beta" for c in quotes)  # line 2 is [1]: alpha's, not beta's
    assert len(list(candidates("x", ["alpha", "beta"], docs, limit=2))) == 2
    assert list(candidates("Nothing cited.", [], docs)) == []
    # a line of several sentences is offered a sentence at a time, each with its own markers
    two = Documents.build(dict(docs.sources), {"wiki.txt": SEED.replace(
        "Paris hosts the headquarters of the coalition.[2]",
        "Paris hosts the headquarters of the coalition.[2] It opened in 2025, officials said.[1]")})
    offered = [c["text"] for c in candidates("Paris hosts the headquarters [@beta].", ["beta"], two)]
    assert "Paris hosts the headquarters of the coalition.[2]" in offered
    assert not [t for t in offered if "opened" in t]  # the next sentence carries [1]: alpha's, not beta's
    # each suggestion passes the place check as it is
    for c in found + quotes:
        assert not [f for f in check("x", ["alpha", "beta"], [c], docs) if f.code == "evidence"], c


def test_a_note_the_articles_editors_wrote_under_a_reference_speaks_for_the_article_alone():
    """Text under a reference that the source records as a reference note ("As of November 2025, aid is
    ...") is the article's, not the work's: an excerpt of it backs a citation of the article only, so a
    statement citing the work for it has no excerpt of the work."""
    seed = SEED + "As of November 2025, total aid is 9 billion.\n"
    sources = {
        "wiki": source(title="Wikipedia article", seed_document="seeds/wiki.txt"),
        "beta": source(title="Proposals for a coalition", seed_refs=[2],
                       reference_notes=[{"text": "As of November 2025, total aid is 9 billion.", "seed_ref": 2}]),
    }
    docs = Documents.build(sources, {"wiki.txt": seed})
    note = {"doc": "wiki.txt", "line": 9, "text": "As of November 2025, total aid is 9 billion."}
    title = {"doc": "wiki.txt", "line": 8, "text": "Mills, Claire. “Proposals for a coalition”."}
    assert sources_of_excerpt(note, docs) == {"wiki"}
    assert sources_of_excerpt(title, docs) == {"wiki", "beta"}  # the reference entry itself names the work
    found = [(f.code, f.message) for f in check("Aid is 9 billion [@beta] [@wiki].", ["beta", "wiki"], [note], docs)]
    assert ("evidence-source", "cited source 'beta' has no excerpt") in found
    assert check("Wikipedia's note puts aid at 9 billion [@wiki].", ["wiki"], [note], docs) == []
