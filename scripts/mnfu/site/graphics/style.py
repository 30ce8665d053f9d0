"""What the graphics share: colours, role patterns, links from raw HTML, SVG text and figures."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from markupsafe import Markup

from mnfu.site.escape import html_attr
from mnfu.site.page import Page
from mnfu.site.resolve import Record

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
    "unknown": ("#d9c9a8", "checker"),  # named by the sources, its part in the force not stated
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
    "checker": ("", '<rect width="3" height="3" fill="{ink}"/>'),
}




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


def _text_width(text: str, size: float) -> float:
    """A generous estimate of the width of text in a sans-serif font."""
    return len(text) * size * 0.56
