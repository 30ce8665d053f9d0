"""Downloads: the data in the formats readers use, regenerated on every build. Pure: no disk access.

(Stub: issue 5 fills this in.)
"""

from __future__ import annotations

import datetime as dt

from .render import Output
from .resolve import Site

DOWNLOADS = "ref/downloads"


def exports(site: Site, build_date: dt.date) -> list[Output]:
    """Every download file as an Output under ``ref/downloads/``."""
    return []
