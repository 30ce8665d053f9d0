"""The whole data set as JSON, with each kind's JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from mnfu.outputs.shared import (
    ENTITY_KINDS,
    LICENSE,
    LICENSE_NOTE,
    LICENSE_URL,
    TITLE,
    _dump,
    _json,
    _sources,
    json_array_chunks,
    page_path,
)
from mnfu.site.resolve import Record, Site


def data_json(site: Site, build_date: dt.date) -> str:
    """``mnfu-data.json``: every entity and source with all its fields, and the glossary."""
    return "".join(data_json_chunks(site, build_date))


def data_json_chunks(site: Site, build_date: dt.date) -> Iterator[str]:
    """``mnfu-data.json`` piece by piece: the same text as ``json.dumps(document, indent=2)``, one item at a
    time, so that at a hundred times the data the whole document is never built in memory."""

    def item(record: Record) -> dict[str, Any]:
        return {"kind": record.kind, "id": record.id, "page": page_path(record),
                "schema": f"schema/{record.kind}.schema.json", "data": _dump(record.model)}

    entities = [r for kind in ENTITY_KINDS for r in site.of_kind(kind)]
    sources = _sources(site)
    counts = {kind: len(site.of_kind(kind)) for kind in ENTITY_KINDS}
    counts["source"] = len(sources)
    counts["glossary_term"] = len(site.glossary.terms) if site.glossary else 0
    marks = {"entities": "\u0000entities", "sources": "\u0000sources"}
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
        "entities": marks["entities"],
        "sources": marks["sources"],
        "glossary": {"schema": "schema/glossary.schema.json",
                     "data": _dump(site.glossary) if site.glossary else {"terms": []}},
    }
    text = _json(document)
    for name, records in (("entities", entities), ("sources", sources)):
        placeholder = json.dumps(marks[name])
        before, _, text = text.partition(placeholder)
        yield before
        yield from json_array_chunks((item(record) for record in records), depth=1)
    yield text
