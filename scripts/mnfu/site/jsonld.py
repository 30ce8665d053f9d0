"""The data page's description of the downloads for search engines and data portals: a schema.org
``Dataset`` with one ``DataDownload`` per file, rendered as JSON-LD (``escape.json_script``).

Pure: built from the resolved site, the settings and the build date. Addresses are absolute when the
site's address is set (``site_url``), else relative to the data page as the built site serves it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import Any

from mnfu.pages import OUT
from mnfu.site.page import Page
from mnfu.site.resolve import Site

LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"

DOWNLOADS: list[tuple[str, str, str]] = [
    ("mnfu-data.json", "application/json", "Every entity and source with all its fields, and the glossary"),
    ("contributors.csv", "text/csv", "One row per contributor: role, parliamentary approval, pledges, conditions"),
    ("events.csv", "text/csv", "One row per dated event"),
    ("sources.csv", "text/csv", "One row per source of the bibliography"),
    ("bibliography.json", "application/vnd.citationstyles.csl+json", "The bibliography as CSL-JSON"),
    ("bibliography.bib", "application/x-bibtex", "The bibliography as BibTeX"),
    ("bibliography.ris", "application/x-research-info-systems", "The bibliography as RIS"),
    ("events.atom", "application/atom+xml", "The events as an Atom feed"),
    ("events.ics", "text/calendar", "The events as an iCalendar file"),
    ("changes.atom", "application/atom+xml", "The reviewed changes to the data as an Atom feed"),
]
"""The files under docs/ref/downloads/ the data page offers: name, media type, what it holds."""


def _address(page: Page, target: str, site_url: str) -> str:
    """The address of ``target`` (a file under docs/): absolute under ``site_url``, else relative to
    ``page`` as the built site serves it (directory URLs: ref/data.md is served at ref/data/)."""
    if site_url:
        return site_url + target
    return posixpath.relpath(target, page.web_path.rstrip("/") or ".")


def dataset(site: Site, page: Page, settings: Any, build_date: dt.date) -> dict[str, Any]:
    """The schema.org Dataset of the downloads, as a JSON-LD object."""
    force = site.force.name if site.force else settings.title
    dates = sorted(str(r.model.date) for r in site.of_kind("event"))
    ends = sorted(str(r.model.end_date or r.model.date) for r in site.of_kind("event"))
    description = (f"Structured, cited data on the {force}: {len(site.entities)} entities (among them "
                   f"{len(site.of_kind('contributor'))} countries named in relation to the force and "
                   f"{len(site.of_kind('event'))} dated events) and {len(site.sources)} sources, each fact with "
                   "its sources, as JSON with JSON Schemas, CSV tables, bibliographies (CSL-JSON, BibTeX, RIS), "
                   "Atom feeds and an iCalendar file. Regenerated with the site on every build.")
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{force}: open reference data",
        "description": description,
        "license": LICENSE,
        "isAccessibleForFree": True,
        "inLanguage": "en",
        "keywords": [force, "Coalition of the Willing", "Ukraine", "peacekeeping", "bibliography"],
        "creator": {"@type": "Organization", "name": f"The editors of {settings.title}",
                    **({"url": settings.site_url} if settings.site_url else {})},
        "dateModified": build_date.isoformat(),
    }
    if dates:
        out["temporalCoverage"] = f"{dates[0]}/{max(ends)}"
    if settings.site_url:
        out["url"] = settings.site_url + page.web_path
    out["distribution"] = [
        {"@type": "DataDownload", "name": name, "description": what, "encodingFormat": media,
         "contentUrl": _address(page, f"{OUT}/downloads/{name}", settings.site_url)}
        for name, media, what in DOWNLOADS
    ]
    return out
