"""Downloads: the data in the formats readers use, regenerated on every build. Pure: no disk access.

Every file is built from the resolved :class:`~mnfu.resolve.Site` and the build date only (never the
clock), so the same data gives byte-identical files. They go under ``docs/ref/downloads/``, which MkDocs
copies into the built site as they are:

- ``mnfu-data.json``: every entity and source with all its fields, plus the glossary; the JSON Schemas
  that describe them are copied under ``schema/``.
- ``contributors.csv``, ``events.csv``, ``sources.csv``: flat tables (RFC 4180: UTF-8, CRLF, header row).
- ``bibliography.json`` (CSL-JSON), ``bibliography.bib`` (BibTeX, biblatex-friendly), ``bibliography.ris``.
- ``events.atom`` (Atom 1.0) and ``events.ics`` (iCalendar, RFC 5545): the timeline.

Exports never know the site's address: links are relative to the file where the format allows it
(Atom), page paths are given relative to the site root, and identifiers are ``tag:`` URIs (RFC 4151).
Page paths assume MkDocs' directory URLs (``ref/timeline.md`` is served at ``ref/timeline/``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from .escape import csv_cell, ical_text, latex, ris_value, xml_text
from .models import KIND_MODELS, SOURCE_KINDS, Event, Person, Source, partial_date_bounds
from .pages import LANGUAGES, Output, format_date
from .resolve import ANCHOR_KINDS, Record, Site, paragraphs, parse_prose
from .write import schemas

DOWNLOADS = "ref/downloads"

TITLE = "Multinational Force – Ukraine: an open, cited reference"
LICENSE = "CC BY-SA 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
LICENSE_NOTE = (f"Text and data: {LICENSE} ({LICENSE_URL}). Titles and quotations of the cited works belong "
                "to their authors and are reproduced as quotations, not under that licence.")
TAG = "tag:mnf-u.reference,2026:"  # fixed for ever: identifiers must not change between builds
PRODID = "-//MNF-U reference//mnfu exports//EN"

# Entity kinds in the order the data set lists them (the force first); sources and glossary apart.
ENTITY_KINDS = [kind for kind in KIND_MODELS if kind not in ("source", "glossary")]


# ---------------------------------------------------------------- shared helpers


def site_url(path: str) -> str:
    """The URL path (from the site root) of a page under docs/: ``ref/timeline.md`` -> ``ref/timeline/``."""
    if path == "index.md":
        return ""
    if path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def page_path(record: Record) -> str:
    """Where a record is shown, relative to the site root: ``ref/contributors/gb/``, ``ref/timeline/#id``."""
    return site_url(record.page) + (f"#{record.anchor}" if record.anchor else "")


def plain_text(site: Site, text: str | None) -> str:
    """Prose as plain text: link text for ``[[id]]``, citations dropped, paragraphs split by a blank line."""
    if not text:
        return ""
    out = []
    for paragraph in paragraphs(text):
        tokens, _ = parse_prose(paragraph)
        parts: list[str] = []
        for token in tokens:
            if token.kind == "text":
                parts.append(token.text)
            elif token.kind == "link":
                record = site.entities.get(token.target)
                parts.append(token.text or (record.name if record else token.target))
            elif token.kind == "cite":
                if parts:
                    parts[-1] = parts[-1].rstrip()  # "ceasefire [@x]." -> "ceasefire."
            else:
                parts.append("[citation needed]")
        out.append(" ".join("".join(parts).split()))
    return "\n\n".join(p for p in out if p)


def _date_parts(value: str | dt.date) -> list[int]:
    text = value.isoformat() if isinstance(value, dt.date) else value
    return [int(p) for p in text.split("-")]


PRECISION = {1: "year", 2: "month", 3: "day"}


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _dump(model: Any) -> dict[str, Any]:
    # Fields without a value are left out (not null): the schemas, like the YAML files, have no nulls.
    return model.model_dump(mode="json", exclude_none=True)


def _sources(site: Site) -> list[Record]:
    return site.of_kind("source")


# ---------------------------------------------------------------- the data set


def data_json(site: Site, build_date: dt.date) -> str:
    """``mnfu-data.json``: every entity and source with all its fields, and the glossary."""

    def item(record: Record) -> dict[str, Any]:
        return {"kind": record.kind, "id": record.id, "page": page_path(record),
                "schema": f"schema/{record.kind}.schema.json", "data": _dump(record.model)}

    entities = [item(r) for kind in ENTITY_KINDS for r in site.of_kind(kind)]
    sources = [item(r) for r in _sources(site)]
    counts = {kind: len(site.of_kind(kind)) for kind in ENTITY_KINDS}
    counts["source"] = len(sources)
    counts["glossary_term"] = len(site.glossary.terms) if site.glossary else 0
    document = {
        "title": TITLE,
        "generated": build_date.isoformat(),
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "license_note": LICENSE_NOTE,
        "about": ("Each item has its kind, its id (the file name in data/), the page that shows it (a path "
                  "relative to the site root), the JSON Schema of its data (relative to this file), and its "
                  "data: every field of the data file, with fields that have no value left out. Prose fields "
                  "keep the inline syntax: [@source-id] cites a source, [[entity-id]] links an entity."),
        "counts": counts,
        "entities": entities,
        "sources": sources,
        "glossary": {"schema": "schema/glossary.schema.json",
                     "data": _dump(site.glossary) if site.glossary else {"terms": []}},
    }
    return _json(document)


# ---------------------------------------------------------------- tables


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


# ---------------------------------------------------------------- bibliography: CSL-JSON

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
GENRES = {"analysis", "government-statement", "parliamentary-answer", "speech", "press-release", "video",
          "social-media-post"}


def _csl_names(persons: list[Person]) -> list[dict[str, str]]:
    names = []
    for p in persons:
        if p.name:
            names.append({"literal": p.name})
        else:
            names.append({k: v for k, v in (("family", p.family), ("given", p.given)) if v})
    return names


def _notes(source: Source) -> list[str]:
    """What the standard fields of the bibliographic formats have no place for."""
    notes = []
    if source.title_translated:
        notes.append(f"English title: {source.title_translated}")
    ids = source.identifiers
    if ids and ids.uin:
        notes.append(f"UIN {ids.uin}")
    if ids and ids.wikidata:
        notes.append(f"Wikidata {ids.wikidata}")
    if source.via:
        notes.append(f"Via {source.via}")
    if source.archived:
        notes.append(f"Archived {format_date(source.archived)}" + (f": {source.archive_url}" if source.archive_url else ""))
    return notes


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
    return _json([csl_item(r) for r in _sources(site)])


# ---------------------------------------------------------------- bibliography: BibTeX

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


# ---------------------------------------------------------------- bibliography: RIS

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


# ---------------------------------------------------------------- timeline: Atom

def _when(event: Event) -> str:
    text = format_date(event.date, event.approximate)
    if event.end_date:
        text += f" – {format_date(event.end_date)}"
    return text


def event_summary(site: Site, event: Event) -> str:
    """Plain-text summary of an event: date, place and participants, then its summary without citations."""
    head = _when(event) + (f", {event.place}" if event.place else "") + "."
    names = [site.entities[p].name if p in site.entities else p for p in event.participants]
    if names:
        head += f" Participants: {', '.join(names)}."
    return head + "\n\n" + plain_text(site, event.summary)


def atom(site: Site, build_date: dt.date) -> str:
    """``events.atom``: an Atom 1.0 feed of the timeline, newest event first.

    Atom needs an ``updated`` time for each entry; the data records no modification times, so every
    entry carries the build date, like the feed.
    """
    updated = f"{build_date.isoformat()}T00:00:00Z"
    timeline = "../../" + site_url(ANCHOR_KINDS["event"])  # the feed is at ref/downloads/events.atom
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"  <id>{TAG}events</id>",
        f"  <title>{xml_text(TITLE)}: timeline</title>",
        "  <subtitle>Every dated event in the sources, newest first.</subtitle>",
        f"  <updated>{updated}</updated>",
        '  <link rel="self" type="application/atom+xml" href="events.atom"/>',
        f'  <link rel="alternate" type="text/html" href="{xml_text(timeline)}"/>',
        "  <author><name>The MNF-U reference editors</name></author>",
        f"  <rights>{xml_text(LICENSE_NOTE)}</rights>",
        "  <generator>mnfu</generator>",
    ]
    for r in reversed(site.of_kind("event")):
        out += [
            "  <entry>",
            f"    <id>{TAG}event/{r.id}</id>",
            f"    <title type=\"text\">{xml_text(r.model.title)}</title>",
            f"    <updated>{updated}</updated>",
            f'    <link rel="alternate" type="text/html" href="{xml_text("../../" + page_path(r))}"/>',
            f'    <summary type="text">{xml_text(event_summary(site, r.model))}</summary>',
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- timeline: iCalendar


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, 3.1), never inside a UTF-8 character; CRLF-terminated."""
    chunks, current, size, limit = [], "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with one space
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks) + "\r\n"


def _ical_date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _precision_note(label: str, value: str) -> str | None:
    precision = PRECISION[len(value.split("-"))]
    if precision == "day":
        return None
    return (f"The sources give the {label} only to the {precision} ({format_date(value)}); "
            f"the calendar shows it on the first day of the {precision}.")


def ical_event(site: Site, record: Record, build_date: dt.date) -> list[str]:
    """The content lines (unfolded) of one VEVENT: all-day DATE values, DTEND exclusive."""
    e: Event = record.model
    start = partial_date_bounds(e.date)[0]
    end = max(partial_date_bounds(e.end_date)[0], start) if e.end_date else start
    notes = [n for n in (_precision_note("date", e.date),
                         _precision_note("end date", e.end_date) if e.end_date else None) if n]
    if e.approximate:
        notes.append("The date is approximate.")
    description = "\n\n".join([event_summary(site, e), *notes,
                               f"On the timeline of the {TITLE}: entry {record.id}."])
    lines = [
        "BEGIN:VEVENT",
        f"UID:{TAG}event/{record.id}",
        f"DTSTAMP:{_ical_date(build_date)}T000000Z",
        f"DTSTART;VALUE=DATE:{_ical_date(start)}",
        f"DTEND;VALUE=DATE:{_ical_date(end + dt.timedelta(days=1))}",
        f"SUMMARY:{ical_text(e.title)}",
    ]
    if e.place:
        lines.append(f"LOCATION:{ical_text(e.place)}")
    lines += [f"DESCRIPTION:{ical_text(description)}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def ical(site: Site, build_date: dt.date) -> str:
    """``events.ics``: the timeline as an iCalendar file, one all-day VEVENT per event."""
    name = ical_text(f"{TITLE}: timeline")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"NAME:{name}", f"X-WR-CALNAME:{name}"]
    for r in site.of_kind("event"):
        lines += ical_event(site, r, build_date)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


# ---------------------------------------------------------------- all of them

FILES = {
    "mnfu-data.json": "JSON",
    "contributors.csv": "CSV",
    "events.csv": "CSV",
    "sources.csv": "CSV",
    "bibliography.json": "CSL-JSON",
    "bibliography.bib": "BibTeX",
    "bibliography.ris": "RIS",
    "events.atom": "Atom",
    "events.ics": "iCalendar",
}


def exports(site: Site, build_date: dt.date) -> list[Output]:
    """Every download file as an Output under ``ref/downloads/``."""
    texts = {
        "mnfu-data.json": data_json(site, build_date),
        "contributors.csv": contributors_csv(site),
        "events.csv": events_csv(site),
        "sources.csv": sources_csv(site),
        "bibliography.json": csl_json(site),
        "bibliography.bib": bibtex(site, build_date),
        "bibliography.ris": ris(site),
        "events.atom": atom(site, build_date),
        "events.ics": ical(site, build_date),
    }
    assert texts.keys() == FILES.keys()
    texts.update({f"schema/{name}": text for name, text in schemas().items()})
    return [Output(f"{DOWNLOADS}/{name}", text) for name, text in sorted(texts.items())]
