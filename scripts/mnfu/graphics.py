"""SVG graphics drawn at build time: the map, the timeline strip and the statistics charts. Pure.

Templates call these through Jinja globals; each returns inline SVG wrapped in a ``<figure>`` (Markup),
written on lines with no indentation and no blank line, so Python-Markdown passes it through as one raw
HTML block. Text from data is XML-escaped. Nothing is fetched: the only address in the output is the
SVG namespace.

Links: Markdown links to ``.md`` files are rewritten into the built site's URLs, but links in raw HTML
are not, by MkDocs; Zensical rebases them from the Markdown file's folder to the page's URL. So the
graphics link to the built pages directly (:func:`site_href`): the target of ``page.href(record)`` as a
directory URL (``../contributors/fr/``, as both produce with ``use_directory_urls: true``), and a page
with such links is an ``index.md`` (``ref/map/index.md``), whose folder is its URL, so that both tools
leave the link as written. ``tests/test_site.py`` checks every link of the site built by each.

The map's country outlines (``outlines/europe-110m.json``) are Natural Earth 1:110m Admin 0 – Countries,
version 5.1, public domain, from the *naturalearth_lowres* data set shipped in the GeoPandas 0.14.4 wheel
(BSD-3-Clause), with Crimea assigned to Ukraine. ``scripts/make_outlines.py`` made the file once:
projected (Lambert azimuthal equal-area centred at 52° N 20° E), clipped to a frame from Iceland and the
Canary Islands to Turkey and the Urals, and rounded, so the build needs no GIS package.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .escape import html_attr
from .models import ROLES, partial_date_bounds
from .page import Page
from .pages import MONTHS, format_date
from .resolve import Record, Site

OUTLINES = Path(__file__).resolve().parent / "outlines" / "europe-110m.json"
SVG_NS = "http://www.w3.org/2000/svg"

INK = "#1a1a1a"  # text and markers
HALO = "#ffffff"  # the outline drawn behind text on the map
PAPER = "#ffffff"  # the background of every graphic, so they read the same in dark mode
SEA = "#e6eff7"
NEUTRAL = "#d4d4d4"  # countries the data does not name
BORDER = "#5b6570"
ACCENT = "#3949ab"  # timeline markers and chart bars (indigo, as the theme)
ACCENT_LIGHT = "#c5cae9"

# A fill and a pattern per role: the legend, the boxes and the text list never rely on colour alone.
# Colours after Okabe & Ito (colour-blind safe); each keeps 4.5:1 contrast with INK (tested).
ROLE_STYLES: dict[str, tuple[str, str]] = {
    "lead-nation": ("#e69f00", "cross"),
    "troop-pledge": ("#56b4e9", "diagonal"),
    "support-only": ("#2bb38b", "dots"),
    "undecided": ("#f0e442", "horizontal"),
    "ruled-out-troops": ("#e87b4a", "backslash"),
    "host-nation": ("#cc79a7", "vertical"),
    "non-coalition-partner": ("#b7a6e0", "grid"),
    "participant": ("#a8c66c", "plain"),
}
_PATTERN_MARKS = {
    "cross": ('patternTransform="rotate(45)"', '<path d="M0 0V6M0 0H6" stroke="{ink}"/>'),
    "diagonal": ('patternTransform="rotate(45)"', '<path d="M0 0V6" stroke="{ink}"/>'),
    "backslash": ('patternTransform="rotate(-45)"', '<path d="M0 0V6" stroke="{ink}"/>'),
    "horizontal": ("", '<path d="M0 3H6" stroke="{ink}"/>'),
    "vertical": ("", '<path d="M3 0V6" stroke="{ink}"/>'),
    "grid": ("", '<path d="M3 0V6M0 3H6" stroke="{ink}"/>'),
    "dots": ("", '<circle cx="3" cy="3" r="1.1" fill="{ink}"/>'),
    "plain": ("", ""),
}


# ---------------------------------------------------------------- shared helpers


def site_href(page: Page, record: Record) -> str:
    """The link from ``page`` to ``record`` as the built site serves it (``page.href`` for raw HTML).

    Only within the page, or from a page named ``index.md``: elsewhere MkDocs and Zensical would
    resolve the same raw link to different pages (see the module's docstring).
    """
    href = built_url(page.path, record.page, record.anchor)
    if not href.startswith("#") and posixpath.basename(page.path) != "index.md":
        raise ValueError(f"{page.path} links to other pages in raw HTML: it must be an index.md, e.g. "
                         f"{page.path[:-3]}/index.md, for MkDocs and Zensical to agree on the link")
    return href


def built_url(here: str, target: str, anchor: str | None = None) -> str:
    """Relative URL between two pages (paths under docs/) with directory URLs."""
    a, b = _directory(here), _directory(target)
    rel = "" if a == b else posixpath.relpath(b or ".", a or ".") + "/"
    return rel + (f"#{anchor}" if anchor else "")


def _directory(path: str) -> str:
    head, _, name = path.rpartition("/")
    if name == "index.md":
        return head
    return path[:-3] if path.endswith(".md") else path


def _t(text: object) -> str:
    """Text for SVG/HTML text or attributes: escaped, on one line (a blank line would end the HTML block)."""
    return str(html_attr(text))


def _n(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def _figure(lines: Iterable[str], caption: str | None = None, cls: str = "", scroll: bool = False) -> Markup:
    """Wrap SVG lines in a figure: one raw HTML block, no indentation, no blank line."""
    style = "width:100%;max-width:100%;margin:1em 0;display:block"
    if scroll:
        style += ";overflow-x:auto"
    classes = " ".join(c for c in ("mnfu-graphic", cls) if c)
    out = [f'<figure class="{classes}" style="{style}">']
    out += [line for line in lines if line.strip()]
    if caption:
        out.append(f"<figcaption>{caption}</figcaption>")
    out.append("</figure>")
    return Markup("\n".join(line.strip() for line in out))


def _patterns(prefix: str, roles: Iterable[str]) -> list[str]:
    out = []
    for role in roles:
        fill, mark = ROLE_STYLES[role]
        transform, shape = _PATTERN_MARKS[mark]
        out.append(f'<pattern id="{prefix}-{role}" width="6" height="6" patternUnits="userSpaceOnUse" {transform}>'
                   .replace(" >", ">"))
        out.append(f'<rect width="6" height="6" fill="{fill}"/>')
        if shape:
            out.append(f'<g stroke-width="1" stroke-opacity="0.5" fill-opacity="0.5">{shape.format(ink=INK)}</g>')
        out.append("</pattern>")
    return out


def role_fill(role: str, prefix: str = "mnfu-role") -> str:
    """The fill of a role: its colour under its pattern."""
    return f"url(#{prefix}-{role})"


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# ---------------------------------------------------------------- the map


@functools.cache
def outlines() -> dict:
    """The projected country outlines (made by scripts/make_outlines.py)."""
    return json.loads(OUTLINES.read_text(encoding="utf-8"))


def laea(lat: float, lon: float, lat0: float, lon0: float) -> tuple[float, float]:
    """Spherical Lambert azimuthal equal-area projection on the unit sphere, north up."""
    phi, lam, phi0 = math.radians(lat), math.radians(lon - lon0), math.radians(lat0)
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)))
    return (k * math.cos(phi) * math.sin(lam),
            k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam)))


def project(lat: float, lon: float) -> tuple[float, float]:
    """Map units (the map's viewBox) of a WGS 84 position, on the frame of the outline file."""
    data = outlines()
    proj = data["projection"]
    x0, _, x1, y1 = data["box_km"]
    scale = data["width"] / (x1 - x0)
    x, y = laea(lat, lon, proj["lat0"], proj["lon0"])
    return (x * proj["radius_km"] - x0) * scale, (y1 - y * proj["radius_km"]) * scale


def _star(x: float, y: float, r: float) -> str:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.pi / 5 * i - math.pi / 2
        points.append(f"{_n(x + radius * math.cos(angle))} {_n(y + radius * math.sin(angle))}")
    return "M" + "L".join(points) + "Z"


def map_svg(site: Site, page: Page) -> Markup:
    """Map of the contributors by role and the headquarters by their coordinates.

    Below the frame: the key (a swatch, pattern and name per role, with counts) and a linked box for each
    contributor outside the frame (Canada, the United States, Japan...), so none is left out.
    """
    data = outlines()
    width, height = data["width"], data["height"]
    contributors = site.of_kind("contributor")
    drawn = {c["code"] for c in data["countries"] if c["code"]}
    by_code = {r.id: r for r in contributors}
    outside = [r for r in contributors if r.id not in drawn]
    roles = [role for role in ROLES if any(r.model.role.value == role for r in contributors)]

    key, key_height = _map_key(contributors, roles, width, height)
    boxes, boxes_height = _outside_boxes(outside, page, width, height + key_height)
    total = height + key_height + boxes_height

    out = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_n(width)} {_n(total)}" width="100%" '
           f'role="group" aria-labelledby="mnfu-map-title mnfu-map-desc" style="display:block;height:auto;min-width:600px">',
           '<title id="mnfu-map-title">Map of the contributors by role, and the headquarters</title>',
           f'<desc id="mnfu-map-desc">{len(contributors)} countries named by the sources, each filled with the '
           "colour and pattern of its role and labelled with its ISO code; "
           f"{len(outside)} of them lie outside the map area and are shown in boxes below it. Other countries are "
           "grey. Stars mark the headquarters. The same information is listed as text after the map.</desc>",
           "<defs>"]
    out += _patterns("mnfu-role", roles)
    out += [f'<clipPath id="mnfu-map-frame"><rect width="{_n(width)}" height="{_n(height)}"/></clipPath>',
            "</defs>",
            f'<rect width="{_n(width)}" height="{_n(total)}" fill="{PAPER}"/>',
            f'<rect width="{_n(width)}" height="{_n(height)}" fill="{SEA}"/>',
            f'<g clip-path="url(#mnfu-map-frame)" stroke="{BORDER}" stroke-width="0.5" stroke-linejoin="round" '
            'fill-rule="evenodd">']
    labels = []
    for country in data["countries"]:
        record = by_code.get(country["code"] or "")
        if record is None:
            out.append(f'<path d="{country["d"]}" fill="{NEUTRAL}"><title>{_t(country["name"])}: '
                       "not named by the sources</title></path>")
            continue
        out.append(f'<a href="{_t(site_href(page, record))}"><title>{_t(_role_text(record))}</title>'
                   f'<path d="{country["d"]}" fill="{role_fill(record.model.role.value)}"/></a>')
        x, y = country["label"]
        labels.append(f'<text x="{_n(x)}" y="{_n(y + 4)}">{_t(record.id.upper())}</text>')
    out.append("</g>")
    out.append(f'<g aria-hidden="true" font-size="11" font-weight="700" text-anchor="middle" fill="{INK}" '
               f'stroke="{HALO}" stroke-width="3" stroke-linejoin="round" paint-order="stroke" '
               'pointer-events="none">')
    out += labels
    out.append("</g>")
    for record, (x, y) in _hq_positions(site, width, height):
        coords = record.model.coordinates
        text = (f"{record.name}, {record.model.place} "
                f"({_coord(coords.lat, 'N', 'S')}, {_coord(coords.lon, 'E', 'W')})")
        out.append(f'<a href="{_t(site_href(page, record))}" class="mnfu-hq"><title>{_t(text)}</title>'
                   f'<path d="{_star(x, y, 8)}" fill="{INK}" stroke="{HALO}" stroke-width="1.5"/>'
                   f'<text x="{_n(x + 10)}" y="{_n(y + 4.5)}" font-size="12" fill="{INK}" stroke="{HALO}" '
                   f'stroke-width="3" stroke-linejoin="round" paint-order="stroke">'
                   f"{_t(record.model.place.split(',')[0])}</text></a>")
    out.append(f'<rect width="{_n(width)}" height="{_n(height)}" fill="none" stroke="{BORDER}"/>')
    out += key
    out += boxes
    out.append("</svg>")
    caption = ("Countries the sources name in relation to the force, by role, and the headquarters (stars). "
               "Select a country, box or star to open its page. Outlines: Natural Earth, public domain.")
    return _figure(out, caption, "mnfu-map", scroll=True)  # scrolls, rather than shrinks, on a phone


def _role_text(record: Record) -> str:
    role = record.model.role
    return f"{record.name}: {ROLES[role.value]} (as of {format_date(role.as_of)})"


def _hq_positions(site: Site, width: float, height: float) -> list[tuple[Record, tuple[float, float]]]:
    """Headquarters with coordinates inside the frame, and where they fall on it."""
    out = []
    for record in site.of_kind("headquarters"):
        coords = record.model.coordinates
        if coords is None:
            continue
        x, y = project(coords.lat, coords.lon)
        if 0 <= x <= width and 0 <= y <= height:
            out.append((record, (x, y)))
    return out


def _coord(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.4f}° {positive if value >= 0 else negative}"


def _text_width(text: str, size: float) -> float:
    """A generous estimate of the width of text in a sans-serif font."""
    return len(text) * size * 0.56


def _map_key(contributors: list[Record], roles: list[str], width: float, top: float) -> tuple[list[str], float]:
    """The key below the frame: a swatch and a name per role, grey, the star, the labels."""
    entries = []
    for role in roles:
        count = sum(1 for r in contributors if r.model.role.value == role)
        entries.append((f'<rect x="0" y="-12" width="26" height="16" fill="{role_fill(role)}" stroke="{BORDER}" '
                        'stroke-width="0.5"/>', f"{ROLES[role]} ({count})"))
    entries.append((f'<rect x="0" y="-12" width="26" height="16" fill="{NEUTRAL}" stroke="{BORDER}" '
                    'stroke-width="0.5"/>', "Not named by the sources"))
    entries.append((f'<path d="{_star(13, -4, 8)}" fill="{INK}"/>', "Headquarters"))
    size, row = 13, 24
    column = max(_text_width(label, size) for _, label in entries) + 44
    columns = max(1, min(3, int((width - 16) // column)))
    column = (width - 16) / columns
    rows = math.ceil(len(entries) / columns)
    out = [f'<g font-size="{size}" fill="{INK}">',
           f'<text x="8" y="{_n(top + 24)}" font-weight="700">Key: role (number of countries)</text>']
    for i, (glyph, label) in enumerate(entries):
        x = 8 + (i // rows) * column
        y = top + 50 + (i % rows) * row
        out.append(f'<g transform="translate({_n(x)} {_n(y)})">{glyph}<text x="34" y="0">{_t(label)}</text></g>')
    y = top + 50 + rows * row
    out.append(f'<text x="8" y="{_n(y)}" font-size="12">Country labels are ISO 3166-1 codes.</text>')
    out.append("</g>")
    return out, y - top + 6


def _outside_boxes(outside: list[Record], page: Page, width: float, top: float) -> tuple[list[str], float]:
    """A linked box for each contributor outside the frame."""
    if not outside:
        return [], 0
    per_row, gap, box_h = 3, 8, 44
    box_w = (width - 16 - (per_row - 1) * gap) / per_row
    out = [f'<text x="8" y="{_n(top + 22)}" font-size="13" font-weight="700" fill="{INK}">'
           "Outside the map area</text>"]
    for i, record in enumerate(outside):
        x = 8 + (i % per_row) * (box_w + gap)
        y = top + 32 + (i // per_row) * (box_h + gap)
        role = record.model.role.value
        out.append(f'<a href="{_t(site_href(page, record))}"><title>{_t(_role_text(record))}</title>'
                   f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(box_w)}" height="{box_h}" rx="3" '
                   f'fill="{PAPER}" stroke="{BORDER}"/>'
                   f'<rect x="{_n(x + 7)}" y="{_n(y + 8)}" width="28" height="28" fill="{role_fill(role)}" '
                   f'stroke="{BORDER}" stroke-width="0.5"/>'
                   f'<text x="{_n(x + 44)}" y="{_n(y + 19)}" font-size="13" font-weight="700" fill="{INK}">'
                   f"{_t(record.name)}</text>"
                   f'<text x="{_n(x + 44)}" y="{_n(y + 36)}" font-size="12" fill="{INK}">{_t(ROLES[role])}</text></a>')
    rows = math.ceil(len(outside) / per_row)
    return out, 32 + rows * (box_h + gap)


# ---------------------------------------------------------------- the timeline

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
           f'style="display:block;height:auto;min-width:{round(width * 0.75)}px">',
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


# ---------------------------------------------------------------- charts


def bar_chart(title: str, counts: list[tuple[str, int]]) -> Markup:
    """A simple horizontal bar chart of labelled counts."""
    rows = [(str(label), int(value)) for label, value in counts]
    ident = "mnfu-chart-" + _slug(title)
    label_w = min(320, max(60, round(max((len(label) for label, _ in rows), default=0) * 6.6) + 14))
    bar_w = 300
    width = label_w + bar_w + 48
    row_h = 22
    height = max(1, len(rows)) * row_h + 12
    top = max((v for _, v in rows), default=0) or 1
    described = "; ".join(f"{label}: {value}" for label, value in rows) or "no data"
    out = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-labelledby="{ident}-title {ident}-desc" style="display:block;height:auto;max-width:{width}px">',
           f'<title id="{ident}-title">{_t(title)}</title>',
           f'<desc id="{ident}-desc">Horizontal bar chart, {len(rows)} bars. {_t(described)}.</desc>',
           f'<rect width="{width}" height="{height}" rx="4" fill="{PAPER}"/>',
           f'<g font-size="12" fill="{INK}">']
    if not rows:
        out.append(f'<text x="8" y="{row_h}">No data yet.</text>')
    for i, (label, value) in enumerate(rows):
        y = 6 + i * row_h
        w = value / top * bar_w
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{_t(label)}</text>')
        if value:
            out.append(f'<rect x="{label_w}" y="{y + 4}" width="{_n(max(w, 1))}" height="14" fill="{ACCENT}"/>')
        out.append(f'<text x="{_n(label_w + w + 6)}" y="{y + 15}">{value}</text>')
    out.append(f'<path d="M{label_w} 4V{height - 4}" stroke="{INK}"/>')
    out.append("</g>")
    out.append("</svg>")
    return _figure(out, None, "mnfu-chart")
