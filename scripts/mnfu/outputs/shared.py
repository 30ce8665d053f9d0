"""What the download formats share: names, licence, identifiers, and prose as plain text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from mnfu.data.models import KIND_MODELS, Person, Source
from mnfu.pages import format_date
from mnfu.site.escape import csv_cell
from mnfu.site.resolve import Record, Site, paragraphs, parse_prose
from mnfu.site.statements import link_text

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
        for i, token in enumerate(tokens):
            if token.kind == "text":
                parts.append(token.text)
            elif token.kind == "link":
                parts.append(link_text(site, tokens, i))  # 'the United Kingdom', as the page reads
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


def json_array_chunks(items: Iterable[Any], depth: int = 0) -> Iterator[str]:
    """A JSON array one item at a time, the same text as ``json.dumps(items, indent=2)`` written at
    ``depth`` levels of nesting (without the final newline): each item is made and written in turn, so a
    large download is never held whole."""
    pad = "  " * (depth + 1)
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + pad + json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)
        first = False
    yield "[]" if first else "\n" + "  " * depth + "]"


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _dump(model: Any) -> dict[str, Any]:
    # Fields without a value are left out (not null): the schemas, like the YAML files, have no nulls.
    return model.model_dump(mode="json", exclude_none=True)


def _sources(site: Site) -> list[Record]:
    return site.of_kind("source")


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
