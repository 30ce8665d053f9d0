"""The timeline as iCalendar (RFC 5545) all-day events."""

from __future__ import annotations

import datetime as dt

from mnfu.data.models import Event, partial_date_bounds
from mnfu.outputs.atom import event_summary
from mnfu.outputs.shared import PRECISION, PRODID, TAG, TITLE
from mnfu.pages import format_date
from mnfu.site.escape import ical_text
from mnfu.site.resolve import Record, Site


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
