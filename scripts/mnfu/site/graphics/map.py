"""The map: countries by role and headquarters at their coordinates, projected at build time."""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass

from markupsafe import Markup

from mnfu.data.models import ROLES
from mnfu.pages import format_date
from mnfu.site.graphics.style import (
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
from mnfu.site.page import Page
from mnfu.site.resolve import Record, Site


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


# The map is drawn twice, each laid out for the narrowest screen that shows it, with every text size given
# in CSS px at that width, so no text is drawn under 12 px: the whole frame on wide screens (it scrolls
# sideways below WIDE_PX), and on phones a frame fitted to Ukraine and the headquarters, which fills the
# screen. The stylesheet shows one of the two (mnfu-map-wide, mnfu-map-narrow; Material's 720 px break).
WIDE_PX, NARROW_PX = 600, 320
LABEL_PX, HQ_PX = 12.5, 12.5
# Roles whose countries a drawing never leaves as an unlabelled shape: each is inside the frame with its
# label, or in a box below it. The phone's frame also takes in the lead nations (the force's leaders).
MUST_SHOW = ("lead-nation", "troop-pledge")


@dataclass(frozen=True)
class _Variant:
    cls: str
    frame: tuple[float, float, float, float]  # x0, y0, x1, y1 in map units
    layout_px: float  # the narrowest width the variant is drawn at, in CSS px

    @property
    def k(self) -> float:
        """Map units per CSS px at the narrowest width."""
        return (self.frame[2] - self.frame[0]) / self.layout_px


def map_svg(site: Site, page: Page) -> Markup:
    """Map of the contributors by role and the headquarters by their coordinates.

    Below the frame: the key (a swatch, pattern and name per role, with counts) and a linked box for each
    contributor outside the frame (Canada, the United States, Japan...), so none is left out. Drawn twice:
    the whole frame for wide screens, and a frame fitted to Ukraine and the headquarters for phones.
    """
    data = outlines()
    wide = _Variant("mnfu-map-wide", (0, 0, data["width"], data["height"]), WIDE_PX)
    narrow = _Variant("mnfu-map-narrow", _narrow_frame(site), NARROW_PX)
    out = _map(site, page, wide) + _map(site, page, narrow)
    caption = ("Countries the sources name in relation to the force, by role, and the headquarters (stars). "
               "Select a country, box or star to open its page. Outlines: Natural Earth, public domain.")
    return _figure(out, caption, "mnfu-map", scroll=True)  # the wide map scrolls, rather than shrinks


@functools.cache
def _bounds() -> dict[str, tuple[float, float, float, float]]:
    """Each drawn country's bounding box in map units (its path is M x y, then relative l steps, z)."""
    boxes = {}
    for country in outlines()["countries"]:
        xs, ys = [], []
        x = y = 0.0
        for command, numbers in re.findall(r"([Mlz])([^Mlz]*)", country["d"]):
            values = [float(v) for v in numbers.split()]
            pairs = list(zip(values[0::2], values[1::2], strict=True))
            if command == "M":
                x, y = pairs[0]
                xs.append(x)
                ys.append(y)
                pairs = pairs[1:]
            for dx, dy in pairs if command in "Ml" else ():
                x, y = x + dx, y + dy
                xs.append(x)
                ys.append(y)
        if xs and country["code"]:
            boxes[country["code"]] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def _narrow_frame(site: Site) -> tuple[float, float, float, float]:
    """All of Ukraine, every lead nation on the map and every headquarters marker (with room for a
    label), a margin, then made square."""
    data = outlines()
    width, height = data["width"], data["height"]
    boxes = [_bounds().get("ua", (0, 0, width, height))]
    for record in site.of_kind("contributor"):
        box = _bounds().get(record.id)
        if record.model.role.value == "lead-nation" and box and _inside((0, 0, width, height), box):
            boxes.append(box)
    for _, (x, y) in _hq_positions(site, width, height):
        # room for the star and a short label; not the label's own width, so that no text from the data
        # changes which part of the map is drawn
        boxes.append((x - 12, y - 12, x + 60, y + 12))
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin = 0.04 * (x1 - x0)
    x0, x1 = max(0, x0 - margin), min(width, x1 + margin)
    side = max(x1 - x0, y1 - y0 + 2 * margin)
    cy = (y0 + y1) / 2
    y0 = min(max(0, cy - side / 2), max(0, height - side))
    return x0, y0, x1, min(height, y0 + side)


def _overlaps(box: tuple[float, float, float, float], taken: list[tuple[float, float, float, float]]) -> bool:
    return any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken)


def _map(site: Site, page: Page, variant: _Variant) -> list[str]:
    """One drawing of the map: the frame, its key and the boxes for the countries outside it."""
    data = outlines()
    x0, y0, x1, y1 = variant.frame
    width, height, k = x1 - x0, y1 - y0, variant.k
    contributors = site.of_kind("contributor")
    bounds = _bounds()
    shown = [c for c in data["countries"] if not c["code"] or _overlaps(bounds[c["code"]], [variant.frame])]
    on_map = {c["code"] for c in shown
              if c["code"] and x0 <= c["label"][0] <= x1 and y0 <= c["label"][1] <= y1}
    by_code = {r.id: r for r in contributors}
    roles = [role for role in ROLES if any(r.model.role.value == role for r in contributors)]
    prefix = variant.cls.replace("-map", "")  # ids unique on the page: mnfu-wide-..., mnfu-narrow-...
    fill = functools.partial(role_fill, prefix=f"{prefix}-role")
    hqs, spots, labels, labelled = _labels(site, variant, shown, on_map, by_code)
    # a lead or troop-pledging country the frame cuts, or whose label finds no room, goes in a box too
    outside = [r for r in contributors
               if r.id not in on_map or (r.model.role.value in MUST_SHOW and r.id not in labelled)]

    key, key_height = _map_key(contributors, roles, variant.layout_px, 0, fill)
    boxes, boxes_height = _outside_boxes(outside, page, variant.layout_px, key_height, fill=fill)
    total = height + (key_height + boxes_height) * k

    out = [f'<svg xmlns="{SVG_NS}" class="{variant.cls}" viewBox="{_n(x0)} {_n(y0)} {_n(width)} {_n(total)}" '
           f'width="100%" role="group" aria-labelledby="{prefix}-title {prefix}-desc" '
           f'style="display:block;height:auto;min-width:{_n(variant.layout_px)}px">',
           f'<title id="{prefix}-title">Map of the contributors by role, and the headquarters</title>',
           f'<desc id="{prefix}-desc">{len(contributors)} countries named by the sources, each filled with the '
           "colour and pattern of its role and labelled with its ISO code where there is room; "
           f"{len(outside)} of them lie outside the map area and are shown in boxes below it. Other countries are "
           "grey. Stars mark the headquarters. The same information is listed as text after the map.</desc>",
           "<defs>"]
    out += _patterns(f"{prefix}-role", roles)
    out += [f'<clipPath id="{prefix}-frame"><rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(width)}" '
            f'height="{_n(height)}"/></clipPath>',
            "</defs>",
            f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(width)}" height="{_n(total)}" fill="{PAPER}"/>',
            f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(width)}" height="{_n(height)}" fill="{SEA}"/>',
            f'<g clip-path="url(#{prefix}-frame)" stroke="{BORDER}" stroke-width="{_n(0.6 * k)}" '
            'stroke-linejoin="round" fill-rule="evenodd">']
    for country in shown:
        record = by_code.get(country["code"] or "")
        if record is None:
            out.append(f'<path d="{country["d"]}" fill="{NEUTRAL}"><title>{_t(country["name"])}: '
                       "not named by the sources</title></path>")
        else:
            out.append(f'<a href="{_t(site_href(page, record))}"><title>{_t(_role_text(record))}</title>'
                       f'<path d="{country["d"]}" fill="{fill(record.model.role.value)}"/></a>')
    out.append("</g>")
    size, hq_size, star = LABEL_PX * k, HQ_PX * k, 8 * k
    out.append(f'<g aria-hidden="true" font-size="{_n(size)}" font-weight="700" text-anchor="middle" '
               f'fill="{INK}" stroke="{HALO}" stroke-width="{_n(3 * k)}" stroke-linejoin="round" '
               'paint-order="stroke" pointer-events="none">')
    out += labels
    out.append("</g>")
    for (record, (x, y)), spot in zip(hqs, spots, strict=True):
        place = record.model.place.split(",")[0]
        coords = record.model.coordinates
        text = (f"{record.name}, {record.model.place} "
                f"({_coord(coords.lat, 'N', 'S')}, {_coord(coords.lon, 'E', 'W')})")
        out.append(f'<a href="{_t(site_href(page, record))}" class="mnfu-hq"><title>{_t(text)}</title>'
                   f'<path d="{_star(x, y, star)}" fill="{INK}" stroke="{HALO}" stroke-width="{_n(1.5 * k)}"/>'
                   f'<text x="{_n(spot[0])}" y="{_n(spot[1])}" text-anchor="{spot[2]}" font-size="{_n(hq_size)}" '
                   f'fill="{INK}" stroke="{HALO}" stroke-width="{_n(3 * k)}" stroke-linejoin="round" '
                   f'paint-order="stroke">{_t(place)}</text></a>')
    out.append(f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(width)}" height="{_n(height)}" fill="none" '
               f'stroke="{BORDER}" stroke-width="{_n(k)}"/>')
    # the key and the boxes are laid out in CSS px at the narrowest width, then scaled to map units
    out.append(f'<g transform="translate({_n(x0)} {_n(y1)}) scale({k:.4f})">')
    out += key
    out += boxes
    out.append("</g>")
    out.append("</svg>")
    return out


def _labels(site: Site, variant: _Variant, shown: list[dict], on_map: set[str], by_code: dict[str, Record]):
    """Where the headquarters' names and the countries' codes go in one drawing: the headquarters in the
    frame, the spot of each one's name, the code labels, and the countries that got one."""
    data = outlines()
    x0, y0, x1, y1 = variant.frame
    k = variant.k
    bounds = _bounds()
    hqs = [(r, (x, y)) for r, (x, y) in _hq_positions(site, data["width"], data["height"])
           if x0 <= x <= x1 and y0 <= y <= y1]
    size, hq_size, star = LABEL_PX * k, HQ_PX * k, 8 * k
    # the countries that must be labelled first (or they go in a box), then the largest first
    candidates = [(c["code"], *c["label"], _text_width(c["code"].upper(), size) / 2 + k)
                  for c in sorted(shown, key=lambda c: (by_code[c["code"]].model.role.value not in MUST_SHOW
                                                        if c["code"] in by_code else True,
                                                        -_area(bounds.get(c["code"] or "", (0, 0, 0, 0)))))
                  if c["code"] in by_code and c["code"] in on_map]
    boxes_of = {code: (x - half, y - size / 2 - k, x + half, y + size / 2 + k) for code, x, y, half in candidates}
    inside = functools.partial(_inside, variant.frame)
    taken = [(x - star, y - star, x + star, y + star) for _, (x, y) in hqs]
    spots = []
    for record, (x, y) in hqs:
        # the place name goes right of the star, left, below or above: where it covers the fewest country
        # labels (the largest count most), inside the frame
        text_w = _text_width(record.model.place.split(",")[0], hq_size)
        options = [(x + star + 4 * k, y + hq_size * 0.36, "start"), (x - star - 4 * k, y + hq_size * 0.36, "end"),
                   (x, y + star + hq_size * 1.1, "middle"), (x, y - star - hq_size * 0.4, "middle")]
        def cost(spot, text_w=text_w):
            box = _text_box(spot, text_w, hq_size)
            covered = sum(_area(bounds[code]) for code, b in boxes_of.items() if _overlaps(box, [b]))
            return (not inside(box), _overlaps(box, taken), covered)
        spot = min(options, key=cost)
        taken.append(_text_box(spot, text_w, hq_size))
        spots.append(spot)
    labels, labelled = [], set()
    # the largest countries first, each at its label point or, if that is taken, just below or above it
    # (still within the country's bounds); a label that would overlap another is left out
    for code, x, y, half in candidates:
        for dy in (0, 1.4 * size, -1.4 * size):
            box = (x - half, y + dy - size / 2 - k, x + half, y + dy + size / 2 + k)
            if bounds[code][1] <= y + dy <= bounds[code][3] and inside(box) and not _overlaps(box, taken):
                taken.append(box)
                labelled.add(code)
                labels.append(f'<text x="{_n(x)}" y="{_n(y + dy + size * 0.36)}">{_t(code.upper())}</text>')
                break
    return hqs, spots, labels, labelled


def _inside(frame: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> bool:
    return frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]


def _text_box(spot: tuple[float, float, str], text_w: float, size: float) -> tuple[float, float, float, float]:
    """The box of a text of width text_w drawn at spot (x, baseline y, text-anchor)."""
    x, y, anchor = spot
    left = {"start": x, "end": x - text_w, "middle": x - text_w / 2}[anchor]
    return (left, y - size, left + text_w, y + size * 0.3)


def _area(box: tuple[float, float, float, float]) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


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


def _map_key(contributors: list[Record], roles: list[str], width: float, top: float,
             fill=role_fill) -> tuple[list[str], float]:
    """The key below the frame: a swatch and a name per role, grey, the star, the labels."""
    entries = []
    for role in roles:
        count = sum(1 for r in contributors if r.model.role.value == role)
        entries.append((f'<rect x="0" y="-12" width="26" height="16" fill="{fill(role)}" stroke="{BORDER}" '
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
    out.append(f'<text x="8" y="{_n(y)}" font-size="12">Labels are ISO 3166-1 codes, where there is room.</text>')
    out.append("</g>")
    return out, y - top + 6


def _outside_boxes(outside: list[Record], page: Page, width: float, top: float, per_row: int = 3,
                   fill=role_fill) -> tuple[list[str], float]:
    """A linked box for each contributor outside the frame, up to per_row a row, as many as fit."""
    if not outside:
        return [], 0
    gap, box_h = 8, 44
    widest = max(max(_text_width(r.name, 13), _text_width(ROLES[r.model.role.value], 12)) for r in outside)
    per_row = max(1, min(per_row, int((width - 16 + gap) // (widest + 52 + gap))))
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
                   f'<rect x="{_n(x + 7)}" y="{_n(y + 8)}" width="28" height="28" fill="{fill(role)}" '
                   f'stroke="{BORDER}" stroke-width="0.5"/>'
                   f'<text x="{_n(x + 44)}" y="{_n(y + 19)}" font-size="13" font-weight="700" fill="{INK}">'
                   f"{_t(record.name)}</text>"
                   f'<text x="{_n(x + 44)}" y="{_n(y + 36)}" font-size="12" fill="{INK}">{_t(ROLES[role])}</text></a>')
    rows = math.ceil(len(outside) / per_row)
    return out, 32 + rows * (box_h + gap)
