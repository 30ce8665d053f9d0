"""The audit record's evidence, made ready for the pages: the pipeline hands the result to the Site.

Each excerpt of a statement's current audit entry becomes a :class:`~mnfu.site.excerpts.Quote`: the
source whose words it is (the source that stands for a seed file, so no file name reaches a page) and
the sources it speaks for (:func:`mnfu.checks.evidence.sources_of_excerpt`: a Wikipedia sentence speaks
for the works its reference markers cite). The site layer cannot import the checks, so this is worked out
here, once per build.
"""

from __future__ import annotations

from pathlib import Path

from mnfu.checks.audits import AuditRecord, documents, load
from mnfu.site.excerpts import Quote
from mnfu.site.resolve import Site


def site_quotes(site: Site, root: Path, record: AuditRecord | None = None) -> dict[tuple[str, str], tuple[Quote, ...]]:
    """``(file, statement hash) -> excerpts`` for every statement with evidence in the current record;
    nothing when the record is missing or has problems of its own (``mnfu check`` reports those)."""
    from mnfu.checks.evidence import sources_of_excerpt

    record = record if record is not None else load(root)
    if record.problems or not record.entries:
        return {}
    docs = documents(root, site)
    made: dict[tuple[str, int | None, str], Quote | None] = {}  # many statements share an excerpt
    out: dict[tuple[str, str], tuple[Quote, ...]] = {}
    for key, entry in record.current().items():
        quotes = []
        for excerpt in entry.evidence:
            at = (excerpt.doc, excerpt.line, excerpt.text)
            if at not in made:
                doc = docs.seeds[excerpt.doc].source if excerpt.doc in docs.seeds else excerpt.doc
                made[at] = None if doc not in site.sources else Quote(  # unknown or unreadable: check reports it
                    doc, excerpt.text, frozenset(sources_of_excerpt(
                        {"doc": excerpt.doc, "line": excerpt.line, "text": excerpt.text}, docs)))
            if made[at] is not None:
                quotes.append(made[at])
        if quotes:
            out[key] = tuple(quotes)
    return out
