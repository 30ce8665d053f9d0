"""The map: countries by role and headquarters at their coordinates, projected at build time."""

from __future__ import annotations

import functools
import json
import math

from markupsafe import Markup

from ..models import ROLES
from ..page import Page
from ..pages import format_date
from ..resolve import Record, Site
from .common import (
    BORDER,
    HALO,
    INK,
    NEUTRAL,
    OUTLINES,
    PAPER,
    SEA,
    SVG_NS,
    _figure,
    _n,
    _patterns,
    _t,
    _text_width,
    role_fill,
    site_href,
)


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
