"""How much of the seed documents the data covers. Pure: computed from the resolved site."""

from __future__ import annotations

from dataclasses import dataclass, field

from mnfu.data.models import Cite, ProseText
from mnfu.site.resolve import Record, Site, parse_prose, walk


@dataclass
class Coverage:
    """Coverage figures for the coverage page, the script and the tests."""

    seed: Record | None = None
    total: int = 0
    transcribed: set[int] = field(default_factory=set)
    untranscribed: dict[int, str] = field(default_factory=dict)
    missing: list[int] = field(default_factory=list)
    uncited_sources: list[Record] = field(default_factory=list)
    uncited_entities: list[Record] = field(default_factory=list)
    needed: list[tuple[Record, str, str]] = field(default_factory=list)
    out_of_range: list[tuple[Record, int]] = field(default_factory=list)

    @property
    def percent(self) -> float:
        """Share of the seed's references transcribed, in percent."""
        return 100.0 * len(self.transcribed & set(range(1, self.total + 1))) / self.total if self.total else 0.0


def _cites(record: Record) -> bool:
    for _, value in walk(record.model):
        if isinstance(value, Cite):
            return True
        if isinstance(value, ProseText) and any(t.kind == "cite" for t in parse_prose(value)[0]):
            return True
    return False


def coverage(site: Site) -> Coverage:
    """Compute the coverage of the seed article (the source that declares ``reference_count``)."""
    result = Coverage()
    seeds = [r for r in site.sources.values() if r.model.reference_count]
    if seeds:
        result.seed = seeds[0]
        result.total = seeds[0].model.reference_count
        result.untranscribed = {u.ref: u.reason for u in seeds[0].model.untranscribed}
    for record in sorted(site.sources.values(), key=lambda r: r.id):
        for seed_ref in record.model.seed_refs:
            result.transcribed.add(seed_ref.ref)
            if result.total and seed_ref.ref > result.total:
                result.out_of_range.append((record, seed_ref.ref))
        if record.id not in site.citations and not record.model.seed_document:
            result.uncited_sources.append(record)
    result.missing = [n for n in range(1, result.total + 1)
                      if n not in result.transcribed and n not in result.untranscribed]
    result.uncited_entities = [r for r in site.records.values() if r.kind != "source" and not _cites(r)]
    result.needed = sorted(site.needed, key=lambda item: (item[2], item[0].id))
    return result
