"""Statements (mnfu.site.statements): the sentences of prose and the sourced values the audit checks,
cut and named the same way every time, since an audit entry holds while its statement's text does."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE, TODAY, edit, fixture_site
from mnfu.data.load import load_all
from mnfu.site.resolve import resolve
from mnfu.site.statements import audit_counts, cited, field_path, plain, split_sentences, statements


@pytest.mark.parametrize("paragraph, sentences", [
    ("One. Two! Three? Four.", ["One.", "Two!", "Three?", "Four."]),
    # abbreviations and initials do not end a sentence
    ("Mr. Smith met Dr. Jones. They agreed.", ["Mr. Smith met Dr. Jones.", "They agreed."]),
    ("J. R. Smith spoke. Then he left.", ["J. R. Smith spoke.", "Then he left."]),
    ("See No. 10 and p. 4, e.g. here. Next.", ["See No. 10 and p. 4, e.g. here.", "Next."]),
    ("The U.S. and the U.K. agreed. Then left.", ["The U.S. and the U.K. agreed.", "Then left."]),
    # a full stop before a lower-case word is no boundary; a digit can start a sentence
    ("Lower. case stays. In 2025. 30,000 came.", ["Lower. case stays.", "In 2025.", "30,000 came."]),
    # closing quotes and brackets stay with their sentence; opening ones go with the next
    ('He said "Go." Then left.', ['He said "Go."', "Then left."]),
    ("(Quoted.) Next. “Open” follows.", ["(Quoted.)", "Next.", "“Open” follows."]),
    # citations go with the sentence they end; markup is never split
    ("It was agreed [@a, p. 3]. Then [[gb|the U.K.]] left [@b].",
     ["It was agreed [@a, p. 3].", "Then [[gb|the U.K.]] left [@b]."]),
    ("It ended [citation needed, 2025-01-01]. Next one.", ["It ended [citation needed, 2025-01-01].", "Next one."]),
    ("Ends.   Spaces go.", ["Ends.", "Spaces go."]),
    # a quoted text's reference markers stay with the sentence they end (a seed line's suggestions)
    ("Set up in 2025.[12][13] The force would deploy.[a] Then left.",
     ["Set up in 2025.[12][13]", "The force would deploy.[a]", "Then left."]),
    ("Mr.[1] Smith spoke.", ["Mr.[1] Smith spoke."]),
    # a sentence may start with an entity link
    ("Poland ruled out troops [@a]. [[de|Germany]] hesitated [@b]. See [[gb]].",
     ["Poland ruled out troops [@a].", "[[de|Germany]] hesitated [@b].", "See [[gb]]."]),
    ("See e.g. [[gb]] here.", ["See e.g. [[gb]] here."]),
    ("", []),
    ("No full stop", ["No full stop"]),
])
def test_split_sentences(paragraph: str, sentences: list[str]):
    assert split_sentences(paragraph) == sentences


def test_cited_lists_each_source_once_in_order():
    assert cited("A [@a; @b, p. 3] and [@a] then [@c,p.2], [[x]] [citation needed, 2025-01-01]") == ["a", "b", "c"]
    assert cited("Nothing cited, not even [[a]] or [@].") == []


def test_plain_is_the_statement_as_read():
    text = "The [[gb|United Kingdom]] and [[nato|NATO]]  agreed [@a] [citation needed, 2025-01-01]."
    shown = plain(text)
    assert re.findall(r"[\w.]+", shown) == ["The", "United", "Kingdom", "and", "NATO", "agreed", "."]
    assert "[" not in shown and "@" not in shown and "  " not in shown


def test_field_paths_count_from_one():
    assert field_path(("figures", 1, "value")) == "figures[2].value"
    assert field_path(("summary",)) == "summary" and field_path(("sections", 0, "body")) == "sections[1].body"


@pytest.fixture(scope="module")
def every():
    return statements(fixture_site())


def test_statements_are_sentences_of_prose_and_sourced_values(every):
    by = {(s.path.rsplit("/", 1)[-1], s.field, s.sentence): s for s in every}
    summary = by[("gb.yaml", "summary", 1)]
    assert summary.text == "The United Kingdom co-leads the coalition with France [@alpha-2025-07-17]."
    assert summary.sources == ("alpha-2025-07-17",) and summary.label == "summary, sentence 1"
    role = by[("gb.yaml", "role.value", 0)]  # a value takes the sources beside it
    assert (role.text, role.sources, role.label) == ("lead-nation", ("alpha-2025-07-17",), "role.value")
    force = [s for s in every if s.path == "data/force/mnf-u.yaml" and s.field == "summary"]
    assert [s.sentence for s in force] == [1, 2] and force[1].sources == ("beta-2025",)
    assert by[("mnf-u.yaml", "size_estimates[1].value", 0)].text == "25,000–30,000 personnel"
    assert not [s for s in every if s.record.kind == "source"]  # sources' own records are not statements
    assert all(s.path.startswith("data/") and s.text for s in every)
    assert len(every) == len({(s.path, s.field, s.sentence) for s in every})  # each named once


def test_a_sentence_without_a_citation_takes_the_next_cited_one_s(tmp_path: Path):
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    gb = tmp_path / "data" / "contributors" / "gb.yaml"
    edit(gb, "summary: The United Kingdom co-leads the coalition with France [@alpha-2025-07-17].",
        "summary: The United Kingdom co-leads. It plans a headquarters [@alpha-2025-07-17]. It also pays [@beta-2025].")
    found = [s for s in statements(resolve(load_all(tmp_path / "data"), TODAY))
             if s.path == "data/contributors/gb.yaml" and s.field == "summary"]
    assert [(s.sentence, s.sources) for s in found] == [(1, ("alpha-2025-07-17",)), (2, ("alpha-2025-07-17",)),
                                                        (3, ("beta-2025",))]


def test_the_digest_follows_the_text_only(every):
    summary = next(s for s in every if s.field == "summary" and s.path.endswith("gb.yaml"))
    moved = type(summary)(summary.record, "sections[3].body", ("sections", 2, "body"), 4, " The United Kingdom  co-leads "
                          "the coalition with France [@alpha-2025-07-17]. ", summary.sources)
    assert moved.digest == summary.digest  # a sentence moved, its spaces aside: the same statement
    edited = type(summary)(summary.record, summary.field, summary.loc, 1, summary.text.replace("co-leads", "leads"),
                           summary.sources)
    assert edited.digest != summary.digest and re.fullmatch(r"[0-9a-f]{12}", edited.digest)
    value = next(s for s in every if s.field == "role.value" and s.path.endswith("gb.yaml"))
    other = type(value)(value.record, "status.value", ("status", "value"), 0, value.text, value.sources)
    assert other.digest != value.digest  # a value is named by its field as well: 'open' is not 'open'


def test_audit_counts_only_entries_with_evidence_of_the_current_text(every):
    from mnfu.checks.audits import parse

    site = fixture_site()
    summary = next(s for s in every if s.field == "summary" and s.path.endswith("gb.yaml"))
    role = next(s for s in every if s.field == "role.value" and s.path.endswith("gb.yaml"))
    record = parse("audits:\n" + "".join(
        f'  - {{"file": "{s.path}", "field": "{s.field}", "sentence": {s.sentence}, "hash": "{digest}", '
        f'"checked": "{day}", "result": "confirmed"{evidence}}}\n'
        for s, digest, day, evidence in [
            (summary, summary.digest, "2026-11-01", ', "evidence": [{"doc": "alpha-2025-07-17", "text": "x"}]'),
            (role, role.digest, "2026-11-03", ""),  # checked, but with no evidence
            (role, "0123456789ab", "2026-11-05", ', "evidence": [{"doc": "a", "text": "x"}]'),  # of an older text
        ]))
    assert not record.problems
    assert audit_counts(site, record) == {"audited": 1, "total": len(every), "latest": "2026-11-03"}
    assert audit_counts(site, None) == {"audited": 0, "total": len(every), "latest": None}
