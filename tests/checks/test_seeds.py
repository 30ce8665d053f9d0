"""Coverage of the seeds, paragraph by paragraph (mnfu.checks.seeds): how a paragraph is cut, what counts
as found on the site, and each status with the reason for it. The real seeds are checked in
test_coverage.py (editorial)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE, TODAY
from mnfu.checks.seeds import (
    COVERED,
    LEFT_OUT,
    NOT_COVERED,
    PARTLY,
    Paragraph,
    seed_coverage,
    split_paragraphs,
    tokens,
    words,
)
from mnfu.data.load import load_all
from mnfu.site.resolve import resolve

SEED = """Multinational Force – Ukraine
The United Kingdom and France lead the coalition from Paris with 60 planners.
Norway and the Storting discussed the force in London, officials said.[7]
Ukraine would host 47,000 troops near Kosovo and London, reports said.
Zembla and Ruritania signed an accord in Freedonia with Xanadu officials.
Proposals for a Coalition was published by Mills in Westminster today.
planners from nations work at the headquarters in paris these days
The United Kingdom co-leads the coalition with France, it was agreed.[3]
This article has multiple issues.[1] Please help improve it or discuss these issues on the talk page.
| Infobox | row | with | a long enough text to pass forty characters |
References
- ^ An entry of the reference list, long enough to look like a paragraph.
"""
STATUS = {2: COVERED, 3: PARTLY, 4: PARTLY, 5: NOT_COVERED, 6: NOT_COVERED, 7: COVERED, 8: COVERED, 9: LEFT_OUT}


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    root = tmp_path_factory.mktemp("seeds")
    shutil.copytree(FIXTURE / "data", root / "data")
    (root / "seeds").mkdir()
    (root / "seeds" / "x.txt").write_text(SEED, encoding="utf-8")
    (root / "data" / "sources" / "seed-2025.yaml").write_text(
        "kind: reference-work\ntitle: Seed\nseed_document: seeds/x.txt\nreference_count: 7\nuncovered:\n"
        "  - {starts: 'This article has multiple issues.[1] Please …', reason: the maintenance banner}\n",
        encoding="utf-8")
    [found] = seed_coverage(resolve(load_all(root / "data"), TODAY), root)
    return found


def test_paragraphs_are_the_long_lines_before_the_references():
    assert split_paragraphs(SEED) == [(n, line) for n, line in enumerate(SEED.splitlines(), 1) if n in STATUS]
    assert split_paragraphs("- A list item long enough to be taken as a paragraph.\n- ^ and a note\n") == [
        (1, "A list item long enough to be taken as a paragraph.")]
    assert split_paragraphs("short\n| a | b | c | d and enough words to pass forty characters |\n") == []


def test_tokens_are_figures_and_names_each_once():
    assert tokens("In 2025,[12] some 30,000 troops of NATO’s [a] Coalition of the Willing; 30,000 again.") == [
        "2025", "30000", "NATO", "Coalition", "Willing"]
    assert tokens("The US and He said So. In May, Macron’s 1.5 plan.") == ["1.5", "Macron"]  # plain words, short ones out
    assert words("The Coalition’s forces would deploy [12] in Kyiv under the well-known plan.") == [
        "coalition", "forces", "deploy", "kyiv", "well-known", "plan"]


def test_a_paragraph_starts_with_its_first_words_and_lists_what_is_missing():
    p = Paragraph(1, 3, "One [1] two three four five six seven eight nine ten eleven.[2]", [1, 2],
                  tokens=["Paris", "60"], found=["Paris"])
    assert p.start == "One two three four five six seven eight nine ten …" and p.missing == ["60"]
    assert Paragraph(2, 4, "Short one.[3]", [3]).start == "Short one."


def test_each_paragraph_has_its_status(seed):
    assert {p.line: p.status for p in seed.paragraphs} == STATUS
    assert [p.number for p in seed.paragraphs] == list(range(1, len(STATUS) + 1))
    assert (seed.count(COVERED), seed.count(PARTLY), seed.count(NOT_COVERED), seed.count(LEFT_OUT)) == (3, 2, 2, 1)


def test_why_each_status(seed):
    by_line = {p.line: p for p in seed.paragraphs}
    # every name found, but its reference 7 is cited by no page: partly
    assert by_line[3].missing == [] and by_line[3].refs == [7] and by_line[3].cited_refs == []
    # most names found, a figure missing: never covered
    assert by_line[4].missing == ["47000"]
    # words only in a source's own record (a title, an author) are not on the site
    assert by_line[6].found == ["Coalition"] and "Mills" in by_line[6].missing
    # too few figures and names: judged by its words
    assert by_line[7].tokens == []
    # its reference is cited (alpha-2025-07-17 is the seed's reference 3)
    assert by_line[8].cited_refs == [3]
    assert by_line[9].reason == "the maintenance banner"


def test_no_seed_no_coverage_and_an_unreadable_seed_says_so(site, tmp_path: Path):
    assert seed_coverage(site, tmp_path) == []
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    (tmp_path / "data" / "sources" / "seed-2025.yaml").write_text(
        "kind: reference-work\ntitle: Seed\nseed_document: seeds/gone.txt\n", encoding="utf-8")
    [gone] = seed_coverage(resolve(load_all(tmp_path / "data"), TODAY), tmp_path)
    assert gone.paragraphs == [] and gone.error.startswith("cannot read seeds/gone.txt")
