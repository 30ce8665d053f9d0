"""Bar charts of counts (the statistics page)."""

from __future__ import annotations

from markupsafe import Markup

from .common import (
    ACCENT,
    INK,
    PAPER,
    SVG_NS,
    _figure,
    _n,
    _slug,
    _t,
)


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
