"""The bibliography as BibTeX (UTF-8); citation keys are the source ids."""

from __future__ import annotations

import datetime as dt
import re

from mnfu.data.models import SOURCE_KINDS, Person, Source
from mnfu.outputs.shared import GENRES, LICENSE_NOTE, TITLE, _date_parts, _notes, _sources
from mnfu.pages import LANGUAGES
from mnfu.site.escape import latex
from mnfu.site.resolve import Record, Site

BIB_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _bib_name(p: Person) -> str:
    if p.name:
        return "{" + latex(p.name) + "}"  # a body: braces keep BibTeX from splitting it
    family = latex(str(p.family))
    if "," in family or re.search(r"\band\b", family, re.IGNORECASE):
        family = "{" + family + "}"
    return f"{family}, {latex(p.given)}" if p.given else family


def _bib_type(s: Source) -> str:
    if s.kind in ("news", "journal-article", "analysis"):
        return "article" if s.work else "misc"
    return {"report": "techreport", "book": "book", "book-chapter": "incollection", "web-page": "online",
            "reference-work": "online", "press-release": "online", "government-statement": "online",
            "social-media-post": "online"}.get(s.kind, "misc")


def _bib_pages(pages: str) -> str:
    match = re.fullmatch(r"\s*(\w+)\s*[-–—]+\s*(\w+)\s*", pages)
    return f"{match.group(1)}--{match.group(2)}" if match else latex(pages)


def bib_entry(record: Record) -> str:
    """One BibTeX entry, keyed by the source id. Field values are braced and LaTeX-escaped (URLs raw)."""
    s: Source = record.model
    kind = _bib_type(s)
    e = latex
    fields: list[tuple[str, str]] = []
    if s.authors:
        fields.append(("author", " and ".join(_bib_name(p) for p in s.authors)))
    if s.editors:
        fields.append(("editor", " and ".join(_bib_name(p) for p in s.editors)))
    fields.append(("title", "{" + e(s.title) + "}"))  # inner braces keep the title's own capitals
    if kind == "techreport":  # the issuing body is the institution; a series only beside a publisher
        if s.work and s.publisher:
            fields.append(("series", e(s.work)))
        if s.publisher or s.work:
            fields.append(("institution", e(s.publisher or s.work or "")))
    else:
        if s.work:
            container = {"article": "journal", "incollection": "booktitle", "online": "organization",
                         "misc": "howpublished", "book": "series"}[kind]
            fields.append((container, e(s.work)))
        if s.publisher:
            fields.append(("publisher", e(s.publisher)))
    if kind == "misc" and not s.work:
        fields.append(("howpublished", e(SOURCE_KINDS[s.kind])))
    elif s.kind in GENRES:
        fields.append(("type", e(SOURCE_KINDS[s.kind])))
    ids = s.identifiers
    if s.volume:
        fields.append(("volume", e(s.volume)))
    if kind == "techreport" and ids and ids.report_number:
        fields.append(("number", e(ids.report_number)))
    elif s.issue:
        fields.append(("number", e(s.issue)))
    if s.pages:
        fields.append(("pages", _bib_pages(s.pages)))
    if s.published:
        parts = _date_parts(s.published)
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", BIB_MONTHS[parts[1] - 1]))  # a macro, written unbraced
        fields.append(("date", s.published))
    if ids:
        for key, value in (("doi", ids.doi), ("isbn", ids.isbn), ("issn", ids.issn)):
            if value:
                fields.append((key, value))
    if s.url:
        fields.append(("url", s.url))
    if s.retrieved:
        fields.append(("urldate", s.retrieved.isoformat()))
    if s.language != "en":
        fields.append(("language", e(LANGUAGES.get(s.language, s.language))))
    notes = _notes(s)
    if ids and ids.report_number and kind != "techreport":
        notes.append(f"Report {ids.report_number}")
    elif ids and ids.report_number and s.issue:
        notes.append(f"Issue {s.issue}")
    if notes:
        fields.append(("note", e(". ".join(notes))))
    lines = [f"@{kind}{{{record.id},"]
    for key, value in fields:
        lines.append(f"  {key} = {value}," if key == "month" else f"  {key} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def bibtex(site: Site, build_date: dt.date) -> str:
    """``bibliography.bib``: every source as a BibTeX entry, in id order."""
    head = (f"% {TITLE}: bibliography, generated {build_date.isoformat()}.\n"
            f"% UTF-8. Keys are the source ids used on the site. {LICENSE_NOTE}\n")
    return head + "".join("\n" + bib_entry(r) for r in _sources(site))
