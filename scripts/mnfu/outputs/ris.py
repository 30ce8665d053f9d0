"""The bibliography as RIS, for EndNote, Zotero, Mendeley and most reference managers."""

from __future__ import annotations

import datetime as dt
import re

from mnfu.data.models import SOURCE_KINDS, Source
from mnfu.outputs.shared import GENRES, _date_parts, _notes, _sources
from mnfu.site.escape import ris_value
from mnfu.site.resolve import Record, Site

RIS_TYPES = {
    "news": "NEWS",
    "analysis": "GEN",
    "government-statement": "GOVDOC",
    "parliamentary-answer": "GOVDOC",
    "speech": "GEN",
    "report": "RPRT",
    "journal-article": "JOUR",
    "book": "BOOK",
    "book-chapter": "CHAP",
    "video": "VIDEO",
    "press-release": "GEN",
    "reference-work": "ENCYC",
    "web-page": "ELEC",
    "social-media-post": "ICOMM",
    "dataset": "DATA",
}


def _ris_date(value: str | dt.date) -> str:
    parts = [f"{p:02d}" for p in _date_parts(value)]
    parts[0] = parts[0].zfill(4)
    return "/".join(parts + [""] * (3 - len(parts))) + "/"  # YYYY/MM/DD/ with empty unknown parts


def ris_record(record: Record) -> list[tuple[str, str]]:
    """One RIS record as (tag, value) pairs, from TY to ER."""
    s: Source = record.model
    ty = RIS_TYPES[s.kind]
    tags: list[tuple[str, str]] = [("TY", ty), ("ID", record.id)]
    tags += [("AU", p.display()) for p in s.authors]
    tags += [("A3" if ty == "BOOK" else "A2", p.display()) for p in s.editors]
    tags.append(("TI", s.title))
    if s.title_translated:
        tags.append(("TT", s.title_translated))
    if s.work:
        tags.append(("T2", s.work))
    if s.kind in GENRES:
        tags.append(("M3", SOURCE_KINDS[s.kind]))
    if s.publisher:
        tags.append(("PB", s.publisher))
    if s.volume:
        tags.append(("VL", s.volume))
    if s.issue:
        tags.append(("IS", s.issue))
    if s.pages:
        match = re.fullmatch(r"\s*(\w+)\s*[-–—]+\s*(\w+)\s*", s.pages)
        tags += [("SP", match.group(1)), ("EP", match.group(2))] if match else [("SP", s.pages)]
    if s.published:
        tags += [("PY", s.published[:4]), ("DA", _ris_date(s.published))]
    if s.retrieved:
        tags.append(("Y2", _ris_date(s.retrieved)))
    tags.append(("LA", s.language))
    ids = s.identifiers
    if ids:
        number = ids.isbn or ids.issn or (ids.report_number if ty == "RPRT" else None)
        if number:
            tags.append(("SN", number))
        if ids.doi:
            tags.append(("DO", ids.doi))
    if s.url:
        tags.append(("UR", s.url))
    tags += [("N1", note) for note in _notes(s) if not note.startswith("English title")]
    if ids and ids.report_number and ty != "RPRT":
        tags.append(("N1", f"Report {ids.report_number}"))
    tags.append(("ER", ""))
    return tags


def ris(site: Site) -> str:
    """``bibliography.ris``: every source as a RIS record, in id order (UTF-8, CRLF)."""
    lines = []
    for r in _sources(site):
        lines += [f"{tag}  - {ris_value(value).strip()}" for tag, value in ris_record(r)]
        lines.append("")
    return "\r\n".join(lines) + ("\r\n" if lines else "")
