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

from mnfu.site.graphics.charts import bar_chart
from mnfu.site.graphics.map import laea, map_svg, outlines, project
from mnfu.site.graphics.style import (
    ACCENT,
    INK,
    NEUTRAL,
    OUTLINES,
    PAPER,
    ROLE_STYLES,
    built_url,
    contrast,
    luminance,
    role_fill,
    site_href,
)
from mnfu.site.graphics.timeline import timeline_svg

__all__ = ["ACCENT", "INK", "NEUTRAL", "OUTLINES", "PAPER", "ROLE_STYLES", "bar_chart", "built_url", "contrast",
           "laea", "luminance", "map_svg", "outlines", "project", "role_fill", "site_href", "timeline_svg"]
