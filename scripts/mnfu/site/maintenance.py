"""The editors' maintenance dashboard: what needs looking at, oldest first. Pure: from the resolved site.

Stale values (an ``as_of`` older than its kind's review period), ``[citation needed]`` markers and their
age, disputed points, sources with no web address, sources cited by nothing, entities nothing links to,
and glossary terms no page uses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from mnfu.data.models import Dispute, partial_date_bounds
from mnfu.site.resolve import Record, Site, describe, walk

REVIEW_DAYS = {"force": 90, "contributor": 180, "legal_issue": 180, "headquarters": 180, "organization": 365}
"""How long an ``as_of`` stays current, by kind; events, precedents and sources record the past and are
never due. ``[tool.mnfu] review-days`` overrides any of them."""


@dataclass
class Maintenance:
    """Everything the dashboard lists."""

    stale: list[tuple[Record, str, str, int]] = field(default_factory=list)  # record, field, as_of, days
    needed: list[tuple[Record, str, str, int]] = field(default_factory=list)  # record, field, flagged, days
    disputes: list[tuple[Record, Dispute]] = field(default_factory=list)
    no_url: list[Record] = field(default_factory=list)
    uncited_sources: list[Record] = field(default_factory=list)
    unlinked: list[Record] = field(default_factory=list)
    unused_terms: list[str] = field(default_factory=list)
    evidence: list[tuple[Record, str]] = field(default_factory=list)  # record, what its evidence lacks

    @property
    def counts(self) -> dict[str, int]:
        """How many of each, for the top of the page."""
        return {"Stale values": len(self.stale), "Citation needed": len(self.needed),
                "Disputed points": len(self.disputes), "Sources without a web address": len(self.no_url),
                "Sources cited by nothing": len(self.uncited_sources), "Entities nothing links to": len(self.unlinked),
                "Glossary terms never used": len(self.unused_terms),
                "Statements whose evidence falls short": len(self.evidence)}


def maintenance(site: Site, today: dt.date, review_days: dict[str, int] | None = None) -> Maintenance:
    """Compute the dashboard's lists."""
    periods = {**REVIEW_DAYS, **(review_days or {})}
    result = Maintenance()
    for record in site.records.values():
        period = periods.get(record.kind)
        for loc, value in walk(record.model):
            if period and loc and loc[-1] == "as_of" and isinstance(value, str):
                age = (today - partial_date_bounds(value)[1]).days
                if age > period:
                    result.stale.append((record, describe(loc[:-1]) or "entry", value, age))
            if isinstance(value, Dispute):
                result.disputes.append((record, value))
    result.stale.sort(key=lambda item: (-item[3], item[0].name))
    for record, where, flagged in site.needed:
        result.needed.append((record, where, flagged, (today - dt.date.fromisoformat(flagged)).days))
    result.needed.sort(key=lambda item: -item[3])
    sources = sorted(site.sources.values(), key=lambda r: r.id)
    result.no_url = [r for r in sources if not r.model.url]
    result.uncited_sources = [r for r in sources if r.id not in site.citations and not r.model.seed_document]
    result.unlinked = sorted((r for r in site.entities.values() if r.id not in site.mentions and r.kind != "force"),
                             key=lambda r: (r.kind, r.name))
    by_path = {r.file.path: r for r in site.records.values() if r.file is not None}
    for problem in site.evidence_problems:  # found by the checks (mnfu check), handed in by the pipeline
        if problem.path in by_path:
            result.evidence.append((by_path[problem.path], problem.message))
    if site.glossary and site.glossary.terms:
        texts = " ".join(str(value) for record in site.records.values() for _, value in walk(record.model)
                         if isinstance(value, str))
        abbrs = sorted({t.abbr for t in site.glossary.terms}, key=len, reverse=True)
        anywhere = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in abbrs) + r")(?!\w)")
        used = set(anywhere.findall(texts))  # one pass over the text for all the terms
        result.unused_terms = sorted(a for a in set(abbrs) - used  # a term only inside a longer one: look again
                                     if not re.search(rf"(?<!\w){re.escape(a)}(?!\w)", texts))
    return result
