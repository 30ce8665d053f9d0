"""The timeline as an Atom 1.0 feed."""

from __future__ import annotations

import datetime as dt

from mnfu.data.models import Event
from mnfu.outputs.shared import LICENSE_NOTE, TAG, TITLE, page_path, plain_text, site_url
from mnfu.pages import format_date
from mnfu.site.escape import xml_text
from mnfu.site.resolve import ANCHOR_KINDS, Site


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


def changes_atom(site: Site, build_date: dt.date) -> str:
    """``changes.atom``: the Recent changes page as a feed, newest first (empty without git history)."""
    changes = site.history.changes if site.history else []
    updated = f"{(changes[0].date if changes else build_date.isoformat())}T00:00:00Z"
    page = "../../ref/changes/"  # the feed is at ref/downloads/changes.atom
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"  <id>{TAG}changes</id>",
        f"  <title>{xml_text(TITLE)}: recent changes</title>",
        "  <subtitle>Each reviewed change to the data behind the site, newest first.</subtitle>",
        f"  <updated>{updated}</updated>",
        '  <link rel="self" type="application/atom+xml" href="changes.atom"/>',
        f'  <link rel="alternate" type="text/html" href="{page}"/>',
        "  <author><name>The MNF-U reference editors</name></author>",
        f"  <rights>{xml_text(LICENSE_NOTE)}</rights>",
        "  <generator>mnfu</generator>",
    ]
    for change in changes:
        out += [
            "  <entry>",
            f"    <id>{TAG}change/{xml_text(change.sha)}</id>",
            f'    <title type="text">{xml_text(change.date + ": " + change.summary)}</title>',
            f"    <updated>{xml_text(change.date)}T00:00:00Z</updated>",
            f'    <link rel="alternate" type="text/html" href="{page}"/>',
            f'    <summary type="text">{xml_text(change.summary)}.</summary>',
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
