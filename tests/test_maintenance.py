"""The editors' maintenance dashboard."""

from __future__ import annotations

import datetime as dt

from conftest import TODAY
from mnfu.site.maintenance import maintenance


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
