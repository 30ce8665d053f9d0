"""Bar charts of counts (the statistics page)."""

from __future__ import annotations

import hashlib

from markupsafe import Markup

from mnfu.site.graphics.style import (
    ACCENT,
    INK,
    PAPER,
    SVG_NS,
    _figure,
    _n,
    _slug,
    _t,
    _text_width,
)

# A chart is drawn at its own size, WIDTH CSS px at most, and only ever shrinks to the narrowest phone
# content column (about 328 px): so its 13-px text is never drawn under 12 px.
WIDTH, SIZE = 320, 13


def bar_chart(title: str, counts: list[tuple[str, int]]) -> Markup:
    """A horizontal bar chart of labelled counts: each label left of its bar, or above it when long."""
    rows = [(str(label), int(value)) for label, value in counts]
    # the title's words, for a reader of the markup, and its hash, so that two titles never share an id
    ident = f"mnfu-chart-{_slug(title)}-{hashlib.sha256(title.encode('utf-8', 'surrogatepass')).hexdigest()[:6]}"
    top = max((v for _, v in rows), default=0) or 1
    value_w = _text_width(str(top), SIZE) + 10
    label_w = max((_text_width(label, SIZE) for label, _ in rows), default=0) + 10
    beside = label_w + value_w + 120 <= WIDTH  # room for a bar of 120 px beside the longest label
    left = label_w if beside else 8
    bar_w = WIDTH - left - value_w
    row_h = 22 if beside else 38
    height = max(1, len(rows)) * row_h + 12
    described = "; ".join(f"{label}: {value}" for label, value in rows) or "no data"
    out = [f'<svg xmlns="{SVG_NS}" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
           f'aria-labelledby="{ident}-title {ident}-desc" style="display:block;height:auto;max-width:{WIDTH}px">',
           f'<title id="{ident}-title">{_t(title)}</title>',
           f'<desc id="{ident}-desc">Horizontal bar chart, {len(rows)} bars. {_t(described)}.</desc>',
           f'<rect width="{WIDTH}" height="{height}" rx="4" fill="{PAPER}"/>',
           f'<g font-size="{SIZE}" fill="{INK}">']
    if not rows:
        out.append(f'<text x="8" y="{row_h}">No data yet.</text>')
    for i, (label, value) in enumerate(rows):
        y = 6 + i * row_h + (0 if beside else 16)  # the top of the bar's row
        w = value / top * bar_w
        if beside:
            out.append(f'<text x="{_n(left - 8)}" y="{y + 15}" text-anchor="end">{_t(label)}</text>')
        else:
            out.append(f'<text x="{left}" y="{y}">{_t(label)}</text>')
        if value:
            out.append(f'<rect x="{_n(left)}" y="{y + 4}" width="{_n(max(w, 1))}" height="14" fill="{ACCENT}"/>')
        out.append(f'<text x="{_n(left + w + 6)}" y="{y + 16}">{value}</text>')
    if beside:  # the axis; stacked bars start at the labels' edge instead
        out.append(f'<path d="M{_n(left)} 4V{height - 4}" stroke="{INK}"/>')
    out.append("</g>")
    out.append("</svg>")
    return _figure(out, None, "mnfu-chart")
