"""CSV tables of contributors, events and sources (RFC 4180)."""

from __future__ import annotations

from mnfu.data.models import Source
from mnfu.outputs.shared import _csv, _dump, _sources, page_path
from mnfu.site.resolve import Site


def contributors_csv(site: Site) -> str:
    """``contributors.csv``: one row per contributor."""
    header = ["id", "name", "role", "role_as_of", "parliamentary_approval", "parliamentary_approval_as_of",
              "pledges", "conditions", "page"]
    rows = []
    for r in site.of_kind("contributor"):
        m = r.model
        approval = m.parliamentary_approval
        rows.append([r.id, m.name, m.role.value, m.role.as_of, approval.status if approval else None,
                     approval.as_of if approval else None, len(m.pledges), len(m.conditions), page_path(r)])
    return _csv(header, rows)


def events_csv(site: Site) -> str:
    """``events.csv``: one row per event, oldest first."""
    header = ["id", "date", "end_date", "approximate", "title", "place", "participants", "page"]
    rows = [[r.id, r.model.date, r.model.end_date, r.model.approximate, r.model.title, r.model.place,
             "; ".join(r.model.participants), page_path(r)] for r in site.of_kind("event")]
    return _csv(header, rows)


def _identifiers(source: Source) -> list[tuple[str, str]]:
    return list(_dump(source.identifiers).items()) if source.identifiers else []


def sources_csv(site: Site) -> str:
    """``sources.csv``: one row per source (the bibliography)."""
    header = ["id", "kind", "authors", "title", "title_translated", "work", "publisher", "published",
              "retrieved", "language", "identifiers", "seed_refs", "url"]
    rows = []
    for r in _sources(site):
        s: Source = r.model
        seed_refs = "; ".join(f"{ref.ref} ({ref.locator})" if ref.locator else str(ref.ref) for ref in s.seed_refs)
        rows.append([r.id, s.kind, "; ".join(p.display() for p in s.authors), s.title, s.title_translated,
                     s.work, s.publisher, s.published, s.retrieved, s.language,
                     "; ".join(f"{k}={v}" for k, v in _identifiers(s)), seed_refs, s.url])
    return _csv(header, rows)
