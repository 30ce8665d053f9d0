"""Evidence as readers see it: the excerpts a statement rests on, attributed, shortened and placed.

The pipeline hands the :class:`~mnfu.site.resolve.Site` each audited statement's excerpts
(``Site.quotes``: ``(file, statement hash) -> Quote``), worked out from the audit record by the checks:
whose words each excerpt is (a source id, never a file name) and which sources it speaks for (a
Wikipedia sentence speaks for the works its reference markers cite). This module finds, for a note on a
page, the excerpts of the statements that note supports, and for a bibliography entry, the statements
its source supports. Pure: nothing is read here.

What a reader sees of an excerpt (:func:`words`) is the document's words with Wikipedia's reference
markers (``[12]``, ``[update]``, ``[a]``) and a reference entry's leading caret taken out; nothing is
escaped here: the page escapes it for where it lands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mnfu.data.models import APPROVAL, LEGAL_STATUS, ROLES, Source
from mnfu.site.resolve import TOKEN_RE, Record, Site, parse_prose
from mnfu.site.statements import Statement, link_text, sentence_digest, split_sentences, statements

SHORT = 200
"""An excerpt longer than this (in characters) is shortened in a note, at a word boundary, with '…'."""


@dataclass(frozen=True)
class Quote:
    """One excerpt a statement rests on: whose words, the words, and the sources they speak for."""

    doc: str  # the id of the source whose words these are (the Wikipedia article's, or a source's own)
    text: str  # verbatim, as recorded in the audit
    speaks_for: frozenset[str]  # the source ids the excerpt speaks for


_MARKER = re.compile(r"\[(?:\d+|[a-z]{1,2}|update|no\. \d+|name \d+|TBD \d+)\]")
_REF_ENTRY = re.compile(r"^\s*(?:-\s*)?\^(?:\s+[a-z]{1,2}(?=\s))*\s*")


def words(text: str) -> str:
    """An excerpt as shown: reference markers and a reference entry's caret out, one line."""
    return " ".join(_MARKER.sub("", _REF_ENTRY.sub("", text)).split())


def shorten(text: str, limit: int = SHORT) -> tuple[str, bool]:
    """The text whole when short, else cut at the last word boundary before ``limit`` with '…'; and
    whether it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…", True


def name_of(source: Source) -> str:
    """How a document is named when its words are quoted for another source: its work or publisher
    ('Wikipedia'), else its title in quotation marks."""
    if source.work:
        return source.work.split(",")[0].strip()
    if source.publisher:
        return source.publisher
    return f"“{source.title}”"


def attribution(site: Site, doc: str, cited: str, text: str = "") -> str:
    """Who says the words of an excerpt, for a note citing ``cited``: 'Wikipedia, citing this source'
    when another document's words speak for it, else the source itself, by its title ('Its title' when
    the words are the title)."""
    record = site.sources.get(doc)
    if record is None:  # the pipeline hands over only excerpts of known sources
        return "The source"
    if doc != cited:
        return f"{name_of(record.model)}, citing this source"
    if text and text in " ".join(record.model.title.split()):
        return "Its title"
    return f"“{record.model.title}”"


@dataclass(frozen=True)
class Shown:
    """An excerpt as a note or a bibliography entry shows it: who says it and the words."""

    by: str  # 'Wikipedia, citing this source', '“Title”'
    text: str  # the words (``words``), whole

    @property
    def short(self) -> str:
        """The words, shortened for a note."""
        return shorten(self.text)[0]

    @property
    def cut(self) -> bool:
        """Whether the note shows only part of the words."""
        return shorten(self.text)[1]


def shown(site: Site, quotes: Iterable[Quote], cited: str) -> list[Shown]:
    """The excerpts among ``quotes`` that speak for ``cited``, as shown in its note, each once."""
    out: dict[tuple[str, str], Shown] = {}
    for q in quotes:
        if cited in q.speaks_for:
            text = words(q.text)
            if text:
                out.setdefault((q.doc, text), Shown(attribution(site, q.doc, cited, text), text))
    return list(out.values())


# ---------------------------------------------------------------- where a page's notes find them


@dataclass
class Evidence:
    """Each statement's excerpts, found the ways a page cites: a prose sentence by its text, a value (or
    a sentence that takes its value's sources) by the ``sources`` list it rests on."""

    by_sentence: dict[str, list[Quote]] = field(default_factory=dict)  # statement hash -> excerpts
    by_cite: dict[int, list[Quote]] = field(default_factory=dict)  # id of a Cite in a sources list -> excerpts
    of_source: dict[str, list[tuple[Statement, list[Quote]]]] = field(default_factory=dict)
    keep: list[Any] = field(default_factory=list)  # the Cite objects whose ids are keys, kept alive

    @classmethod
    def build(cls, site: Site) -> Evidence:
        """Index the site's statements with the excerpts the pipeline handed over (``Site.quotes``)."""
        index = cls()
        for s in statements(site):
            quotes = list(site.quotes.get((s.path, s.digest), ()))
            for source in s.sources:
                index.of_source.setdefault(source, []).append((s, quotes))
            if not quotes:
                continue
            if s.sentence:
                index.by_sentence.setdefault(s.digest, []).extend(quotes)
            if s.owner is not None:
                for cite in getattr(s.owner, "sources", None) or ():
                    index.keep.append(cite)
                    index.by_cite.setdefault(id(cite), []).extend(quotes)
        return index

    def of_cites(self, cites: Iterable[Any]) -> list[Quote]:
        """The excerpts of the statements that rest on this ``sources`` list (a value and its notes)."""
        out: list[Quote] = []
        for cite in cites:
            for q in self.by_cite.get(id(cite), ()):
                if q not in out:
                    out.append(q)
        return out

    def of_paragraph(self, text: str) -> list[list[Quote]]:
        """For each citation group of a paragraph, in order: the excerpts of the sentences it supports
        (the sentence it ends, and the sentences before it that cite nothing of their own)."""
        text = " ".join(text.split())
        groups = [m.start() for m in TOKEN_RE.finditer(text) if m.group(3) is not None]
        if not groups or not self.by_sentence:
            return [[] for _ in groups]
        spans, pos = [], 0
        for sentence in split_sentences(text):
            start = text.find(sentence, pos)
            start = pos if start < 0 else start
            pos = start + len(sentence)
            spans.append((start, pos, sentence))
        cited = [any(a <= g < b for g in groups) for a, b, _ in spans]
        out = []
        for g in groups:
            j = next((i for i, (a, b, _) in enumerate(spans) if a <= g < b), len(spans) - 1)
            first = j
            while first > 0 and not cited[first - 1]:
                first -= 1
            quotes: list[Quote] = []
            for _, _, sentence in spans[first:j + 1]:
                for q in self.by_sentence.get(sentence_digest(sentence), ()):
                    if q not in quotes:
                        quotes.append(q)
            out.append(quotes)
        return out


def evidence(site: Site) -> Evidence:
    """The site's evidence index, built once for the excerpts it holds."""
    cached = site.evidence
    if cached is None or cached[0] is not site.quotes:
        cached = (site.quotes, Evidence.build(site))
        site.evidence = cached
    return cached[1]


# ---------------------------------------------------------------- what a source supports

# Where on an entity's page each top-level field is shown: the heading its anchor is made from.
SECTIONS: dict[str, dict[str, str]] = {
    "force": {"names": "Names", "names_note": "Names", "status": "Status over time", "objectives": "Objectives",
              "tasks": "Tasks", "size_estimates": "Size", "contributor_counts": "Contributor count",
              "command": "Command", "languages": "Languages and time zone", "time_zone": "Languages and time zone",
              "funding": "Funding", "operational_area": "Operational area",
              "peace_plans": "Peace plans the force depends on", "end_state": "End state and exit criteria"},
    "contributor": {"pledges": "Pledges", "conditions": "Conditions", "figures": "Figures"},
    "legal_issue": {"at_stake": "What is at stake", "positions": "Positions"},
    "headquarters": {"role": "Role"},
    "organization": {"relation": "Relation to the force"},
}
FIELD_LABELS = {"size_estimates": "Size", "contributor_counts": "Contributor count", "role": "Role",
                "staff": "Staff", "commander": "Commander", "established": "Established", "time_zone": "Time zone",
                "languages": "Working language", "figures": "Figure", "status": "Status"}


def slug(title: str) -> str:
    """A heading's anchor as the Markdown table of contents makes it (``toc.slugify``)."""
    value = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def section_of(statement: Statement) -> tuple[str | None, str | None]:
    """The heading under which a statement appears on its record's page, and its anchor (None for the
    top of the page, or a record shown at an anchor of a shared page)."""
    record = statement.record
    if record.anchor:
        return None, record.anchor
    top = statement.loc[0]
    if top == "sections" and len(statement.loc) > 1:
        title = record.model.sections[statement.loc[1]].title
        return title, slug(title)
    if top == "parliamentary_approval" and statement.loc[-1] == "text":
        return "Parliamentary approval", "parliamentary-approval"
    if top == "disputes":
        return "Disputed points", "disputed-points"
    title = SECTIONS.get(record.kind, {}).get(str(top))
    return (title, slug(title)) if title else (None, None)


def short_form(site: Site, statement: Statement, limit: int = 140) -> str:
    """A statement as a line of the bibliography: a sentence with names for its links and no notes,
    or a value with what it is ('Role: Lead nation'); shortened at a word boundary."""
    if statement.sentence:
        tokens, _ = parse_prose(statement.text)
        parts = [t.text if t.kind == "text" else link_text(site, tokens, i) if t.kind == "link" else ""
                 for i, t in enumerate(tokens)]
        text = " ".join("".join(parts).replace(" .", ".").replace(" ,", ",").split())
    else:
        top = str(statement.loc[0])
        labels = {"role": ROLES, "status": LEGAL_STATUS, "parliamentary_approval": APPROVAL}.get(top, {})
        value = labels.get(statement.text, statement.text)
        label = FIELD_LABELS.get(top, top.replace("_", " ").capitalize())
        if top == "disputes" and len(statement.loc) > 1:  # a disputed value: the point in dispute
            label = statement.record.model.disputes[statement.loc[1]].topic
        text = f"{label}: {value}"
    return shorten(text, limit)[0]


@dataclass(frozen=True)
class Support:
    """A statement a source supports, as its bibliography entry lists it."""

    record: Record  # whose page it is on
    anchor: str | None  # the section of that page
    where: str  # 'United Kingdom', 'United Kingdom, Pledges'
    text: str  # the statement's short form


@dataclass
class Supports:
    """What a source supports: each excerpt of it with the statements resting on it, then (excerpt None)
    the statements that cite it with no excerpt of it recorded."""

    groups: list[tuple[Shown | None, list[Support]]]
    count: int  # statements, each once
    pages: int  # the records they belong to


def supports(site: Site, source: str) -> Supports:
    """What ``source`` supports, in data order (see :class:`Supports`); its excerpts as its notes show
    them, in full."""
    groups: dict[tuple[str, str] | None, tuple[Shown | None, list[Support]]] = {}
    statements_seen: set[tuple[str, str]] = set()
    placed: set[tuple[str, str, tuple[str, str] | None]] = set()
    for s, quotes in evidence(site).of_source.get(source, []):
        title, anchor = section_of(s)
        item = Support(s.record, anchor, f"{s.record.name}, {title}" if title else s.record.name,
                       short_form(site, s))
        statements_seen.add((s.path, s.digest))
        for excerpt in shown(site, quotes, source) or [None]:
            key = (excerpt.by, excerpt.text) if excerpt else None
            if (s.path, s.digest, key) not in placed:
                placed.add((s.path, s.digest, key))
                groups.setdefault(key, (excerpt, []))[1].append(item)
    ordered = sorted(groups.values(), key=lambda g: g[0] is None)
    return Supports(ordered, len(statements_seen), len({s.path for s, _ in evidence(site).of_source.get(source, [])}))
