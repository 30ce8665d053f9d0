"""Coverage of the seeds: every numbered reference of the seed article is transcribed, or left out with
a recorded reason; the figures on the coverage page come from the same computation."""

from __future__ import annotations

from conftest import FIXTURE, ROOT, TODAY
from mnfu.coverage import coverage
from mnfu.load import load_all
from mnfu.resolve import resolve


def test_every_seed_reference_of_the_real_data_is_transcribed_or_explained():
    c = coverage(resolve(load_all(ROOT / "data")))
    assert c.total == 175
    assert c.missing == [], f"seed references with no source and no recorded reason: {c.missing}"
    assert not c.out_of_range


def test_real_data_has_no_uncited_entity():
    c = coverage(resolve(load_all(ROOT / "data")))
    assert [r.id for r in c.uncited_entities] == []


def test_coverage_counts_on_the_fixture():
    site = resolve(load_all(FIXTURE / "data"), TODAY)
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
