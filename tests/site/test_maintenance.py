"""The editors' maintenance dashboard (mnfu.site.maintenance): every list it shows, and the page."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import TODAY, fixture_data
from mnfu.data.load import load_all
from mnfu.site.maintenance import maintenance
from mnfu.site.resolve import resolve


def test_the_dashboard_lists_what_needs_looking_at(site):
    d = maintenance(site, TODAY)
    stale = [(r.id, where, as_of) for r, where, as_of, _ in d.stale]
    assert ("gb", "role", "2025-09-05") in stale  # a contributor's role, older than 180 days
    assert all(r.kind not in ("event", "precedent", "source") for r, *_ in d.stale)
    assert [days for *_, days in d.stale] == sorted((days for *_, days in d.stale), reverse=True)
    assert [(r.id, dispute.topic) for r, dispute in d.disputes] == [("mnf-u", "Number of countries")]
    assert [r.id for r in d.uncited_sources] == ["delta-2024"]
    assert {r.id for r in d.no_url} == set(site.sources)
    assert d.counts["Stale values"] == len(d.stale)


def test_review_periods_can_be_set_per_kind(site):
    assert not [r for r, *_ in maintenance(site, TODAY, {"contributor": 10_000}).stale if r.kind == "contributor"]
    assert not maintenance(site, dt.date(2025, 12, 31), {k: 10_000 for k in ("force", "contributor", "legal_issue",
                                                                          "headquarters", "organization")}).stale


EXTRA = {
    "contributors/dk.yaml": "name: Denmark\nrole: {value: undecided, as_of: 2026-11, sources: [beta-2025]}\n"
                            "summary: Denmark has not decided [citation needed, 2026-10-01]. It may send EUMAM staff "
                            "[citation needed, 2026-01-15].\n",
    "contributors/se.yaml": "name: Sweden\nrole: {value: undecided, as_of: 2026-11, sources: [beta-2025]}\n"
                            "summary: Sweden works with [[dk]] and [[nato]] on SOFA terms [@beta-2025].\n",
}


@pytest.fixture(scope="module")
def wider(tmp_path_factory):
    """The fixture data with two more contributors: flagged gaps, links between them, a used term."""
    root = tmp_path_factory.mktemp("maintenance")
    fixture_data(root, EXTRA)
    with (root / "data" / "glossary.yaml").open("a", encoding="utf-8") as glossary:
        glossary.write("  - {abbr: EU, expansion: European Union}\n")  # written only inside 'EUMAM'
    return resolve(load_all(root / "data"), TODAY)


def test_citation_needed_markers_are_listed_oldest_first_with_their_age(wider):
    d = maintenance(wider, TODAY)
    assert [(r.id, flagged, days) for r, _, flagged, days in d.needed] == [
        ("dk", "2026-01-15", (TODAY - dt.date(2026, 1, 15)).days), ("dk", "2026-10-01", 52)]
    assert d.counts["Citation needed"] == 2


def test_entities_nothing_links_to_and_terms_never_used(site, wider):
    before = {r.id for r in maintenance(site, TODAY).unlinked}
    assert before == {"no", "2025-09-paris-hq", "sofa", "kfor"}  # the force is everywhere: never listed
    after = maintenance(wider, TODAY)
    assert "dk" not in {r.id for r in after.unlinked} and "se" in {r.id for r in after.unlinked}
    ordered = [(r.kind, r.name) for r in after.unlinked]
    assert ordered == sorted(ordered)
    # SOFA is written now (Sweden's summary); EUMAM is not a use of EU
    assert maintenance(site, TODAY).unused_terms == ["SOFA"] and after.unused_terms == ["EU"]


def test_a_seed_is_never_an_uncited_source_and_fresh_values_are_not_stale(wider):
    d = maintenance(wider, TODAY)
    assert "dk" not in {r.id for r, *_ in d.stale} and "se" not in {r.id for r, *_ in d.stale}  # as of this month
    assert [r.id for r in d.uncited_sources] == ["delta-2024"]
    assert set(d.counts) >= {"Stale values", "Citation needed", "Disputed points", "Sources without a web address",
                             "Sources cited by nothing", "Entities nothing links to", "Glossary terms never used"}
    assert d.counts["Entities nothing links to"] == len(d.unlinked)


def test_the_dashboard_page_lists_them(wider):
    from conftest import ROOT
    from mnfu.site.render import render

    page = {o.path: o.text for o in render(wider, ROOT / "templates", TODAY)}["ref/maintenance.md"]
    needed = page.split("## Citation needed", 1)[1].split("\n## ", 1)[0]
    assert needed.strip().splitlines() == [
        "- [Denmark](contributors/dk.md): summary, flagged 15 January 2026 (311 days ago)",
        "- [Denmark](contributors/dk.md): summary, flagged 1 October 2026 (52 days ago)"]
    assert "[Cited by nothing](sources/d.md#delta-2024)" in page
