"""The record of the content audit: which statements were checked against their sources, and when.

``data/audit.yaml`` lists audited statements by file, field and a hash of the statement's text, so an
audit stays valid only while the text is the one that was checked: an edit makes the statement
unaudited again. ``mnfu check`` reports unaudited statements (a notice by default), ``mnfu audit`` lists
them and records new audits, and the coverage page counts them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .models import ProseText
from .resolve import Record, Site, walk

AUDIT_FILE = "data/audit.yaml"
RESULTS = ("confirmed", "corrected")


@dataclass(frozen=True)
class Statement:
    """A prose value of an entity: what an audit checks against the sources it cites."""

    record: Record
    field: str  # e.g. "summary", "sections[3].body"
    loc: tuple
    text: str

    @property
    def path(self) -> str:
        """The data file."""
        return self.record.file.path

    @property
    def digest(self) -> str:
        """A short hash of the text as it stands."""
        return hashlib.sha256(" ".join(self.text.split()).encode("utf-8")).hexdigest()[:12]


def _field(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def statements(site: Site) -> list[Statement]:
    """Every prose value of every entity (sources' own notes aside), in data order."""
    found = []
    for record in site.records.values():
        if record.kind == "source":
            continue
        for loc, value in walk(record.model):
            if isinstance(value, ProseText):
                found.append(Statement(record, _field(loc), loc, str(value)))
    return found


def load(root: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The audit record: (file, field) -> its entry (hash, date, result, note). Empty when there is none."""
    from .errors import DataError
    from .load import parse_text

    path = root / AUDIT_FILE
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    entries = _entries_as_written(text)
    if entries is None:  # edited by hand into another YAML form: the general loader reads it
        try:
            data, _, _ = parse_text(text, AUDIT_FILE, positions=False)
        except DataError:
            return {}
        entries = (data or {}).get("audits") or [] if isinstance(data, dict) else []
    return {(str(e.get("file")), str(e.get("field"))): e for e in entries if isinstance(e, dict)}


def _entries_as_written(text: str) -> list[Any] | None:
    """The entries of a record in the form ``mark`` writes (comments, ``audits:``, one JSON object per
    ``  - `` line), read line by line; None when the text has any other form."""
    import json

    entries: list[Any] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line == "audits:":
            continue
        if not line.startswith("  - {"):
            return None
        try:
            entries.append(json.loads(line[4:]))
        except ValueError:
            return None
    return entries


def unaudited(site: Site, record: dict[tuple[str, str], dict[str, Any]]) -> list[Statement]:
    """The statements with no audit of their current text."""
    found = _audits(record)
    return [s for s in statements(site) if (s.path, s.digest) not in found]


def _audits(record: dict[tuple[str, str], dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The audits by (file, hash of the text): a statement that moves within its file (a section
    removed above it) keeps its audit while its text is the one checked."""
    return {(file, str(entry.get("hash"))): entry for (file, _), entry in sorted(record.items())}


def counts(site: Site, record: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    """Audited and total statements, and the date of the latest audit (for the coverage page)."""
    every = statements(site)
    found = _audits(record)
    current = [found[(s.path, s.digest)] for s in every if (s.path, s.digest) in found]
    dates = sorted(str(entry.get("checked", "")) for entry in current)
    return {"audited": len(current), "total": len(every), "latest": dates[-1] if dates else None}


def mark(root: Path, site: Site, marks: list[tuple[str, str]], result: str, today: dt.date,
         note: str | None = None) -> list[str]:
    """Record audits of (file, field) statements as they stand now; returns the problems (unknown ones)."""
    import json

    from .write import atomic_write

    by_key = {(s.path, s.field): s for s in statements(site)}
    record = load(root)
    problems = []
    for key in marks:
        statement = by_key.get(key)
        if statement is None:
            problems.append(f"{key[0]}: no statement '{key[1]}' (see `mnfu audit` for the fields)")
            continue
        entry: dict[str, Any] = {"file": key[0], "field": key[1], "hash": statement.digest,
                                 "checked": today.isoformat(), "result": result}
        if note:
            entry["note"] = note
        record[key] = entry
    if problems:
        return problems
    lines = ["# The content audit: statements checked against the text of the sources they cite.",
             "# Written by `mnfu audit --mark`; an entry holds while the statement's text is unchanged.",
             "audits:"]
    for key in sorted(record):
        lines.append("  - " + json.dumps(record[key], ensure_ascii=False))
    atomic_write(root / AUDIT_FILE, "\n".join(lines) + "\n")
    return []
