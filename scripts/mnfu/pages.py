"""What every stage shares about pages: where generated pages go, the rendered-file record, and how
dates, people and languages are written on the site. Imports nothing heavy, so a no-op run stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

OUT = "ref"  # the generator's folder under docs/
INCLUDE = f"{OUT}/.include"
"""The only folder pymdownx.snippets may include from (mkdocs.yml): the home infobox and the abbreviations."""

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def format_date(value: str | dt.date | None, approximate: bool = False) -> str:
    """'6 January 2026', 'January 2026' or '2026', as precise as the data."""
    if value is None:
        return "unknown"
    text = value.isoformat() if isinstance(value, dt.date) else value
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        out = f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    elif len(parts) == 2:
        out = f"{MONTHS[parts[1] - 1]} {parts[0]}"
    else:
        out = str(parts[0])
    return f"c. {out}" if approximate else out


LANGUAGES = {"en": "English", "fr": "French", "uk": "Ukrainian", "ru": "Russian", "de": "German",
             "fi": "Finnish", "no": "Norwegian", "nb": "Norwegian Bokmål", "it": "Italian", "pl": "Polish",
             "es": "Spanish", "sr": "Serbian", "tr": "Turkish", "cs": "Czech", "sv": "Swedish",
             "da": "Danish", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian", "nl": "Dutch"}


@dataclass(frozen=True)
class Output:
    """A rendered file: path under docs/ and its text.

    A large download gives ``chunks`` instead (a function returning the text piece by piece), which the
    writer streams to disk so the whole text is never held at once; ``text`` is then worked out on demand.
    """

    path: str
    text_: str = ""
    chunks: Callable[[], Iterable[str]] | None = None

    @property
    def text(self) -> str:
        """The whole text (joined from the chunks for a streamed output)."""
        return "".join(self.chunks()) if self.chunks is not None else self.text_
