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

import datetime as dt
from collections.abc import Callable, Iterator

from mnfu.data.schemas import schemas
from mnfu.outputs.atom import atom, changes_atom
from mnfu.outputs.bibtex import bibtex
from mnfu.outputs.csl import csl_json_chunks
from mnfu.outputs.dataset import data_json_chunks
from mnfu.outputs.ical import fold, ical
from mnfu.outputs.ris import ris
from mnfu.outputs.shared import DOWNLOADS, plain_text
from mnfu.outputs.tables import contributors_csv, events_csv, sources_csv
from mnfu.pages import Output
from mnfu.site.resolve import Site

__all__ = ["DOWNLOADS", "FILES", "exports", "fold", "plain_text"]

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
    "changes.atom": "Atom",
}


def exports(site: Site, build_date: dt.date) -> list[Output]:
    """Every download file as an Output under ``ref/downloads/``."""
    return list(exports_iter(site, build_date))


def exports_iter(site: Site, build_date: dt.date) -> Iterator[Output]:
    """The download files one at a time, each made when asked for and let go once written."""
    streamed: dict[str, Callable[[], Iterator[str]]] = {  # the large ones, written piece by piece
        "mnfu-data.json": lambda: data_json_chunks(site, build_date),
        "bibliography.json": lambda: csl_json_chunks(site),
    }
    for name, chunks in streamed.items():
        yield Output(f"{DOWNLOADS}/{name}", chunks=chunks)
    makers: dict[str, Callable[[], str]] = {
        "contributors.csv": lambda: contributors_csv(site),
        "events.csv": lambda: events_csv(site),
        "sources.csv": lambda: sources_csv(site),
        "bibliography.bib": lambda: bibtex(site, build_date),
        "bibliography.ris": lambda: ris(site),
        "events.atom": lambda: atom(site, build_date),
        "events.ics": lambda: ical(site, build_date),
        "changes.atom": lambda: changes_atom(site, build_date),
    }
    assert makers.keys() | streamed.keys() == FILES.keys()
    for name, make in makers.items():
        yield Output(f"{DOWNLOADS}/{name}", make())
    for name, text in schemas().items():
        yield Output(f"{DOWNLOADS}/schema/{name}", text)
