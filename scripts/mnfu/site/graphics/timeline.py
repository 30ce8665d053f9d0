"""The timeline strip: every event on a month axis, gaps of quiet months cut out."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from markupsafe import Markup

from mnfu.data.models import partial_date_bounds
from mnfu.pages import MONTHS, format_date
from mnfu.site.graphics.style import (
    ACCENT,
    ACCENT_LIGHT,
    INK,
    PAPER,
    SVG_NS,
    _figure,
    _n,
    _t,
    _text_width,
    site_href,
)
from mnfu.site.page import Page
from mnfu.site.resolve import Record, Site

TL_PAD, TL_BREAK, TL_MONTH, TL_EVENT, TL_MIN_SEGMENT, TL_MIN_WIDTH = 16, 26, 50, 20, 56, 640
TL_GAP_MONTHS = 3  # a longer stretch without events is cut out of the axis
TL_AXIS, TL_LANE0, TL_LANE = 48, 64, 17
MONTH_ABBR = [m[:3] for m in MONTHS]


@dataclass
class _Item:
    record: Record
    start: dt.date
    end: dt.date
    shape: str  # "point" | "span" | "range" (known only to the month or year)
    approximate: bool
    x0: float = 0.0
    x1: float = 0.0
    lane: int = 0


@dataclass
class _Segment:
    first: int  # month index, year * 12 + month - 1
    last: int
    items: list[_Item]
    x: float = 0.0
    width: float = 0.0

    @property
    def start(self) -> dt.date:
        return _month_date(self.first)

    @property
    def end(self) -> dt.date:
        return _month_date(self.last + 1)

    def position(self, day: dt.date) -> float:
        span = (self.end - self.start).days
        return self.x + (day - self.start).days / span * self.width


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_date(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _timeline_items(site: Site) -> list[_Item]:
    items = []
    for record in site.of_kind("event"):
        event = record.model
        start, end = partial_date_bounds(event.date)
        precise = start == end
        if event.end_date:
            end = max(end, partial_date_bounds(event.end_date)[1])
        shape = "range" if not precise else ("span" if end > start else "point")
        items.append(_Item(record, start, end, shape, event.approximate))
    return sorted(items, key=lambda i: (i.start, i.end, i.record.id))


def _segments(items: list[_Item]) -> list[_Segment]:
    segments: list[_Segment] = []
    for item in items:
        first, last = _month_index(item.start), _month_index(item.end)
        if segments and first <= segments[-1].last + TL_GAP_MONTHS:
            segments[-1].last = max(segments[-1].last, last)
            segments[-1].items.append(item)
        else:
            segments.append(_Segment(first, last, [item]))
    x = TL_PAD
    for seg in segments:
        months = seg.last - seg.first + 1
        seg.width = max(TL_MIN_SEGMENT, min(months * TL_MONTH, len(seg.items) * TL_EVENT))
    inner = sum(s.width for s in segments) + TL_BREAK * (len(segments) - 1)
    if segments and inner < TL_MIN_WIDTH - 2 * TL_PAD:
        grow = (TL_MIN_WIDTH - 2 * TL_PAD - TL_BREAK * (len(segments) - 1)) / sum(s.width for s in segments)
        for seg in segments:
            seg.width *= grow
    for seg in segments:
        seg.x = x
        x += seg.width + TL_BREAK
    return segments


def timeline_svg(site: Site, page: Page) -> Markup:
    """A drawn timeline of every event, each linked to its entry."""
    items = _timeline_items(site)
    if not items:
        return Markup("")
    segments = _segments(items)
    width = segments[-1].x + segments[-1].width + TL_PAD
    lane_ends: list[float] = []
    for seg in segments:
        for item in seg.items:
            item.x0 = seg.position(item.start)
            item.x1 = seg.position(item.end + dt.timedelta(days=1)) if item.shape != "point" else item.x0
            left, right = item.x0 - 6, max(item.x1, item.x0 + (10 if item.shape != "point" else 0)) + 6
            for lane, end in enumerate(lane_ends):
                if end + 2 <= left:
                    item.lane, lane_ends[lane] = lane, right
                    break
            else:
                item.lane = len(lane_ends)
                lane_ends.append(right)
    lanes_bottom = TL_LANE0 + len(lane_ends) * TL_LANE
    legend_y = lanes_bottom + 20
    height = legend_y + 12

    approximate = sum(1 for i in items if i.approximate)
    out = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_n(width)} {_n(height)}" width="100%" role="group" '
           f'aria-labelledby="mnfu-timeline-title mnfu-timeline-desc" '
           f'style="display:block;height:auto;min-width:{math.ceil(width * 12 / 13)}px">',  # 13-px text: >= 12 px
           '<title id="mnfu-timeline-title">Timeline of the events</title>',
           f'<desc id="mnfu-timeline-desc">{len(items)} events from {_t(format_date(items[0].start))} to '
           f"{_t(format_date(max(i.end for i in items)))}, oldest on the left; {approximate} "
           f"{'has an approximate date' if approximate == 1 else 'have approximate dates'}"
           ". Long stretches without events are cut out of the axis. Each marker links to the event's "
           "entry in the list.</desc>",
           f'<rect width="{_n(width)}" height="{_n(height)}" rx="4" fill="{PAPER}"/>',
           f'<g font-size="13" fill="{INK}">']
    for n, seg in enumerate(segments):
        out += _axis(seg)
        if n:
            bx = seg.x - TL_BREAK / 2
            out.append(f'<path d="M{_n(bx - 5)} {TL_AXIS + 6}l4 -12M{_n(bx + 1)} {TL_AXIS + 6}l4 -12" '
                       f'stroke="{INK}" stroke-width="1.2" aria-hidden="true"/>')
    out.append("</g>")
    for seg in segments:
        for item in seg.items:
            out.append(_marker(item, page))
    out += _timeline_legend(legend_y)
    out.append("</svg>")
    caption = ("Every event by date; select a marker to jump to its entry. Hollow, dashed markers are "
               "approximate dates; bars are periods or dates known only to the month or year.")
    return _figure(out, caption, "mnfu-timeline", scroll=True)


def _axis(seg: _Segment) -> list[str]:
    out = [f'<path d="M{_n(seg.x)} {TL_AXIS}H{_n(seg.x + seg.width)}" stroke="{INK}" stroke-width="1.2"/>']
    per_month = seg.width / (seg.last - seg.first + 1)
    ticks = []
    for index in range(seg.first, seg.last + 2):
        x = seg.position(_month_date(index))
        month = index % 12
        if index == seg.last + 1:
            ticks.append(f"M{_n(x)} {TL_AXIS - 4}v8")
            break
        if per_month >= 8 or month == 0 or index == seg.first:
            ticks.append(f"M{_n(x)} {TL_AXIS - 4}v8")
        if index == seg.first or month == 0:
            out.append(f'<text x="{_n(x)}" y="{TL_AXIS - 26}" font-weight="700">{index // 12}</text>')
        if per_month >= 30:
            out.append(f'<text x="{_n(x + per_month / 2)}" y="{TL_AXIS - 8}" text-anchor="middle">'
                       f"{MONTH_ABBR[month]}</text>")
    out.append(f'<path d="{"".join(ticks)}" stroke="{INK}"/>')
    return out


def _marker(item: _Item, page: Page) -> str:
    event = item.record.model
    when = format_date(event.date, event.approximate)
    if event.end_date:
        when += f" – {format_date(event.end_date)}"
    y = TL_LANE0 + item.lane * TL_LANE + TL_LANE / 2 - 4
    dashed = ' stroke-dasharray="2.5 1.5"' if item.approximate else ""
    if item.shape == "point":
        fill = PAPER if item.approximate else ACCENT
        shape = (f'<circle cx="{_n(item.x0)}" cy="{_n(y)}" r="5" fill="{fill}" stroke="{ACCENT}" '
                 f'stroke-width="1.6"{dashed}/>')
    else:
        fill = PAPER if item.approximate else (ACCENT if item.shape == "span" else ACCENT_LIGHT)
        w = max(item.x1 - item.x0, 10)  # a short period still reads as a bar, not a dot
        shape = (f'<rect x="{_n(item.x0)}" y="{_n(y - 4.5)}" width="{_n(w)}" height="9" rx="4.5" fill="{fill}" '
                 f'stroke="{ACCENT}" stroke-width="1.4"{dashed}/>')
    return (f'<a href="{_t(site_href(page, item.record))}"><title>{_t(when)}: {_t(event.title)}</title>'
            f"{shape}</a>")


def _timeline_legend(y: float) -> list[str]:
    out = [f'<g font-size="13" fill="{INK}" aria-hidden="true">']
    x = TL_PAD
    entries = [
        (f'<circle cx="{x + 5}" cy="{_n(y - 4)}" r="5" fill="{ACCENT}" stroke="{ACCENT}" stroke-width="1.6"/>',
         "exact date", 12),
        (f'<circle cx="{x + 5}" cy="{_n(y - 4)}" r="5" fill="{PAPER}" stroke="{ACCENT}" stroke-width="1.6" '
         'stroke-dasharray="2.5 1.5"/>', "approximate date", 12),
        (f'<rect x="{x}" y="{_n(y - 8.5)}" width="22" height="9" rx="4.5" fill="{ACCENT}" stroke="{ACCENT}" '
         'stroke-width="1.4"/>', "period", 26),
        (f'<rect x="{x}" y="{_n(y - 8.5)}" width="22" height="9" rx="4.5" fill="{ACCENT_LIGHT}" stroke="{ACCENT}" '
         'stroke-width="1.4"/>', "known only to the month or year", 26),
    ]
    offset = 0.0
    for glyph, label, glyph_w in entries:
        out.append(f'<g transform="translate({_n(offset)} 0)">{glyph}'
                   f'<text x="{_n(x + glyph_w + 4)}" y="{_n(y)}">{label}</text></g>')
        offset += glyph_w + 20 + _text_width(label, 13)
    out.append("</g>")
    return out
