"""Coverage of the seeds: every numbered reference of the seed article is transcribed, or left out with
a recorded reason; the figures on the coverage page come from the same computation."""

from __future__ import annotations

import pytest

from conftest import FIXTURE, ROOT, TODAY
from mnfu.data.load import load_all
from mnfu.site.coverage import coverage
from mnfu.site.resolve import resolve


@pytest.mark.editorial
def test_every_seed_reference_of_the_real_data_is_transcribed_or_explained():
    c = coverage(resolve(load_all(ROOT / "data")))
    assert c.total == 175
    assert c.missing == [], (f"the seed's references {c.missing} have no source in data/sources/ and no recorded "
                             "reason: add a source with `seed_refs: [N]`, or list N under `untranscribed` with the "
                             "reason in the seed's source file; see docs/editing.md#covering-the-seeds")
    assert not c.out_of_range, f"seed_refs past the seed's reference list: {c.out_of_range}"


@pytest.mark.editorial
def test_real_data_has_no_uncited_entity():
    c = coverage(resolve(load_all(ROOT / "data")))
    assert [r.id for r in c.uncited_entities] == [], (
        "these entities cite no source: cite one for each statement ([@source-id]); see docs/editing.md#sources")


def test_coverage_counts_on_the_fixture(site):
    c = coverage(site)
    assert c.total == 0 and c.percent == 0.0  # the fixture declares no seed document
    assert [r.id for r in c.uncited_sources] == ["delta-2024"]
    assert c.transcribed == {1, 3, 90}


def test_missing_references_are_listed(tmp_path):
    import shutil

    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    seed = tmp_path / "data" / "sources" / "seed-2025.yaml"
    seed.write_text("kind: reference-work\ntitle: Seed\nseed_document: seeds/x.txt\nreference_count: 5\n"
                    "untranscribed:\n  - {ref: 2, reason: a duplicate of 1}\n")
    c = coverage(resolve(load_all(tmp_path / "data"), TODAY))
    assert c.total == 5 and c.missing == [4, 5] and c.untranscribed == {2: "a duplicate of 1"}
    assert round(c.percent) == 40


SEED_TEXT = """A title line
| Infobox | row |
Ukraine would host the force, and the United Kingdom co-leads the coalition with France.[3]
The Eiffel Tower in Paris was finished in 1889 by Gustave Eiffel and his engineers.[2]
Ukraine would host 47,123 troops from Zembla, Kingdom of the United Kingdom.[3]
This article has multiple issues. Please help improve it or discuss them on the talk page.
Heading
References
- ^ Everything after this line is the reference list, not paragraphs of the article itself.
"""


def test_each_paragraph_of_a_seed_is_covered_partly_covered_not_covered_or_left_out(tmp_path):
    import shutil

    from mnfu.checks.seeds import COVERED, LEFT_OUT, NOT_COVERED, PARTLY, seed_coverage, split_paragraphs, tokens

    assert [line for line, _ in split_paragraphs(SEED_TEXT)] == [3, 4, 5, 6]  # no table, heading or references
    assert tokens("In 2025,[12] some 30,000 troops of NATO’s [a] Coalition of the Willing.") == [
        "2025", "30000", "NATO", "Coalition", "Willing"]
    shutil.copytree(FIXTURE / "data", tmp_path / "data")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "x.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "data" / "sources" / "seed-2025.yaml").write_text(
        "kind: reference-work\ntitle: Seed\nseed_document: seeds/x.txt\nreference_count: 3\n"
        "uncovered:\n  - {starts: This article has multiple issues., reason: the maintenance banner}\n")
    [seed] = seed_coverage(resolve(load_all(tmp_path / "data"), TODAY), tmp_path)
    status = {p.line: p.status for p in seed.paragraphs}
    assert status == {3: COVERED, 4: NOT_COVERED, 5: PARTLY, 6: LEFT_OUT}, status
    partly = seed.paragraphs[2]
    assert partly.missing == ["47123", "Zembla"]  # a figure missing: never covered
    assert partly.cited_refs == [3] and seed.paragraphs[1].cited_refs == []  # no source is reference 2
    assert seed.paragraphs[3].reason == "the maintenance banner"
    (tmp_path / "seeds" / "x.txt").unlink()
    [seed] = seed_coverage(resolve(load_all(tmp_path / "data"), TODAY), tmp_path)
    assert seed.error.startswith("cannot read seeds/x.txt")


@pytest.mark.editorial
def test_the_real_seeds_are_covered_paragraph_by_paragraph():
    from mnfu.checks.seeds import COVERED, LEFT_OUT, seed_coverage

    seeds = seed_coverage(resolve(load_all(ROOT / "data")), ROOT)
    assert len(seeds) == 2
    for seed in seeds:
        gaps = [f"{seed.path}:{p.line}: {p.status}: {p.start} (missing {p.missing})"
                for p in seed.paragraphs if p.status not in (COVERED, LEFT_OUT)]
        assert not gaps, ("these paragraphs of a seed are not (fully) on the site: carry their figures and names "
                          "in the data, or list the paragraph under `uncovered` with the reason in the seed's source "
                          "file; see docs/editing.md#covering-the-seeds\n" + "\n".join(gaps))
