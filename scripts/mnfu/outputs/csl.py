"""The bibliography as CSL-JSON, for Zotero, pandoc and any citation processor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mnfu.data.models import SOURCE_KINDS, Source
from mnfu.outputs.shared import GENRES, _csl_names, _date_parts, _notes, _sources, json_array_chunks
from mnfu.site.resolve import Record, Site

CSL_TYPES = {
    "news": "article-newspaper",
    "analysis": "article",
    "government-statement": "document",
    "parliamentary-answer": "document",
    "speech": "speech",
    "report": "report",
    "journal-article": "article-journal",
    "book": "book",
    "book-chapter": "chapter",
    "video": "motion_picture",
    "press-release": "document",
    "reference-work": "entry-encyclopedia",
    "web-page": "webpage",
    "social-media-post": "post",
    "dataset": "dataset",
}
# Kinds whose CSL, BibTeX or RIS type is generic: the kind is said in 'genre' / 'howpublished' / M3.


def csl_item(record: Record) -> dict[str, Any]:
    """One CSL-JSON item (CSL 1.0.2 variables); dates as date-parts with the precision of the data."""
    s: Source = record.model
    item: dict[str, Any] = {"id": record.id, "citation-key": record.id, "type": CSL_TYPES[s.kind], "title": s.title}
    if s.authors:
        item["author"] = _csl_names(s.authors)
    if s.editors:
        item["editor"] = _csl_names(s.editors)
    for key, value in (("container-title", s.work), ("publisher", s.publisher), ("volume", s.volume),
                       ("issue", s.issue), ("page", s.pages)):
        if value:
            item[key] = value
    if s.kind in GENRES:
        item["genre"] = SOURCE_KINDS[s.kind]
    if s.published:
        item["issued"] = {"date-parts": [_date_parts(s.published)]}
    if s.retrieved:
        item["accessed"] = {"date-parts": [_date_parts(s.retrieved)]}
    item["language"] = s.language
    ids = s.identifiers
    if ids:
        for key, value in (("DOI", ids.doi), ("ISBN", ids.isbn), ("ISSN", ids.issn), ("number", ids.report_number)):
            if value:
                item[key] = value
    if s.url:
        item["URL"] = s.url
    if s.format:
        item["medium"] = s.format.upper()
    if s.via:
        item["source"] = s.via
    notes = _notes(s)
    if notes:
        item["note"] = ". ".join(notes)
    return item


def csl_json(site: Site) -> str:
    """``bibliography.json``: the bibliography as a CSL-JSON array, in id order."""
    return "".join(csl_json_chunks(site))


def csl_json_chunks(site: Site) -> Iterator[str]:
    """``bibliography.json`` one item at a time: the same text as ``json.dumps(items, indent=2)``."""
    yield from json_array_chunks(csl_item(record) for record in _sources(site))
    yield "\n"
