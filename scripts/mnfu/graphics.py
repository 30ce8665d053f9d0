"""SVG graphics drawn at build time: the map, the timeline strip and the statistics charts. Pure.

Templates call these through Jinja globals; each returns inline SVG (Markup) whose links are
relative to the page being rendered. (Stub: issue 5 fills this in.)
"""

from __future__ import annotations

from markupsafe import Markup

from .render import Page
from .resolve import Site


def map_svg(site: Site, page: Page) -> Markup:
    """Map of the contributors by role and the headquarters by their coordinates."""
    return Markup("")


def timeline_svg(site: Site, page: Page) -> Markup:
    """A drawn timeline of every event, each linked to its entry."""
    return Markup("")


def bar_chart(title: str, counts: list[tuple[str, int]]) -> Markup:
    """A simple horizontal bar chart of labelled counts."""
    return Markup("")
