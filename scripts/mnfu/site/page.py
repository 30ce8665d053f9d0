"""One page being rendered: links relative to itself, numbered notes, prose with citations and links.

Shared by ``render`` (the Markdown pages) and ``graphics`` (the SVG drawn into them).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from mnfu.data.models import Cite, Person, Source
from mnfu.pages import LANGUAGES, format_date
from mnfu.site.escape import md_block, md_inline
from mnfu.site.excerpts import Shown, evidence, shown
from mnfu.site.resolve import Record, Site, Token, paragraphs, parse_prose
from mnfu.site.statements import link_text


def md_escape(text: Any, line_start: bool = True) -> Markup:
    """Text from data as Markdown: ``md_block`` at the start of a line, ``md_inline`` after other text."""
    return md_block(text) if line_start else md_inline(text)


def people(persons: Iterable[Person]) -> str:
    """'Family, Given; Family, Given'."""
    return "; ".join(p.display() for p in persons)


def citation_text(source: Source) -> Markup:
    """A full bibliography entry in Markdown (escaped)."""
    def e(value: Any) -> str:  # plain str: text joined to Markup would be escaped a second time
        return str(md_inline(value))

    parts: list[str] = []
    head = people(source.authors)
    if source.editors:
        head = (head + "; " if head else "") + people(source.editors) + (" (eds.)" if len(source.editors) > 1 else " (ed.)")
    date = format_date(source.published) if source.published else "n.d."
    title = f"“{e(source.title)}”"
    if source.title_translated:
        title += f" [{e(source.title_translated)}]"
    if head:
        parts += [f"{md_block(head)} ({date}).", title + "."]  # may start a line (the Sources page)
    else:  # no author: the title leads, as in most citation styles
        parts += [title + ".", f"({date})."]
    if source.work:
        parts.append(f"*{e(source.work)}*.")
    if source.volume or source.issue or source.pages:
        vol = e(source.volume or "")
        if source.issue:
            vol += f" ({e(source.issue)})"
        if source.pages:
            vol += (": " if vol else "pp. ") + e(source.pages)
        parts.append(f"{vol}.")
    if source.publisher:
        parts.append(f"{e(source.publisher)}.")
    ids = source.identifiers
    if ids:
        for label, value in (("DOI", ids.doi), ("ISBN", ids.isbn), ("ISSN", ids.issn), ("UIN", ids.uin),
                             ("Wikidata", ids.wikidata), ("Report", ids.report_number)):
            if value:
                parts.append(f"{label} {e(value)}.")
    if source.format:
        parts.append("(PDF)")
    if source.language != "en":
        parts.append(f"In {e(LANGUAGES.get(source.language, source.language))}.")
    if source.via:
        parts.append(f"Via {e(source.via)}.")
    if source.retrieved:
        parts.append(f"Retrieved {format_date(source.retrieved)}.")
    if source.archived:
        parts.append(f"Archived {format_date(source.archived)}.")
    return Markup(" ".join(parts))


_NOTE_SEPARATOR = '<sup class="fn-sep">,</sup>'


@functools.lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    """posixpath.relpath, remembered: pages link to the same few hundred targets thousands of times."""
    return posixpath.relpath(target, start)


@dataclass
class Page:
    """One output page being rendered: resolves links relative to itself and numbers its notes."""

    site: Site
    path: str  # under docs/, e.g. "ref/contributors/fr.md"
    notes: dict[tuple[str, str | None], int] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)  # entities this page has linked to so far
    excerpts: dict[int, dict[tuple[str, str], tuple[int, Shown]]] = field(default_factory=dict)
    """Per note number, the excerpts its references on this page rest on, numbered in order of first use."""

    def url(self, target: str, anchor: str | None = None) -> str:
        """Relative link from this page to ``target`` (a path under docs/)."""
        rel = "" if target == self.path else _relpath(target, posixpath.dirname(self.path) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    @property
    def web_path(self) -> str:
        """The page's address below the site root, as MkDocs publishes it (directory URLs)."""
        stem = self.path[:-3]
        if stem == "index":
            return ""
        return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")

    def href(self, record: Record) -> str:
        """Relative link to a record's page or anchor."""
        return self.url(record.page, record.anchor)

    def link(self, target: str | Record, label: str | None = None) -> Markup:
        """Markdown link to an entity (by id or record), labelled by its name unless told."""
        record = target if isinstance(target, Record) else self.site.entities[target]
        self.linked.add(record.id)
        return Markup(f"[{md_escape(label or record.name)}]({self.href(record)})")

    def cite(self, cites: Iterable[Cite], quotes: list[Any] | None = None) -> Markup:
        """Footnote references for a list of citations, numbered in order of first use.

        A reference whose statement rests on recorded excerpts of its source says which of its note's
        excerpts they are (``data-ev``, numbers within the note): the note's preview shows those.
        ``quotes`` are the excerpts of the statements these citations support; by default, those of the
        statements that take this ``sources`` list (a value, its note)."""
        cites = list(cites)
        if quotes is None:
            quotes = evidence(self.site).of_cites(cites)
        out = []
        for c in cites:
            key = (c.source, c.locator)
            if key not in self.notes:
                self.notes[key] = len(self.notes) + 1
            number = self.notes[key]
            picks = []
            for excerpt in shown(self.site, quotes, c.source) if quotes else ():
                table = self.excerpts.setdefault(number, {})
                picks.append(table.setdefault((excerpt.by, excerpt.text), (len(table) + 1, excerpt))[0])
            ref = f"[^{number}]"
            out.append(f'<span data-ev="{" ".join(map(str, picks))}">{ref}</span>' if picks else ref)
        # Adjacent note numbers are separated by a comma that is in the text, not only in CSS.
        return Markup(_NOTE_SEPARATOR.join(out))

    def inline(self, text: str) -> Markup:
        """One paragraph of prose: escaped text, links and footnote references."""
        tokens, _ = parse_prose(text)
        groups = evidence(self.site).of_paragraph(text) if any(t.kind == "cite" for t in tokens) else []
        parts = []
        for i, token in enumerate(tokens):
            if token.kind == "text" and i + 1 < len(tokens) and tokens[i + 1].kind == "cite":
                if i and tokens[i - 1].kind == "cite" and not token.text.strip():
                    parts.append(Markup(_NOTE_SEPARATOR))  # "[@x] [@y]" reads as two notes: "1,2"
                    continue
                token = Token("text", token.text.rstrip())  # "ceasefire [@x]" -> "ceasefire[^1]"
            elif token.kind == "cite" and i and tokens[i - 1].kind == "cite":
                parts.append(Markup(_NOTE_SEPARATOR))
            if token.kind == "cite":
                parts.append(self.cite(token.cites, groups.pop(0) if groups else []))
            elif token.kind == "link":
                parts.append(self.link(token.target, link_text(self.site, tokens, i)))
            else:
                parts.append(self._token(token, line_start=not parts))
        return Markup("").join(parts)

    def _token(self, token: Token, line_start: bool) -> Markup:
        if token.kind == "text":
            return self._text(token.text, line_start)
        if token.kind == "cite":
            return self.cite(token.cites, [])
        if token.kind == "link":
            return self.link(token.target, token.text or None)
        flagged = format_date(token.target) if token.target else "undated"
        return Markup(f'<sup class="citation-needed" title="flagged {flagged}">[citation needed]</sup>')

    def _text(self, text: str, line_start: bool = True) -> Markup:
        """Plain text in which the first mention on this page of each other page's entity is a link."""
        parts, pos = [], 0
        for match, target in self.site.mentions_in(text):
            record = self.site.entities[target]
            if target in self.linked or record.page == self.path:
                continue
            self.linked.add(target)
            parts += [md_escape(text[pos:match.start()], line_start=line_start and not parts),
                      self.link(record, match.group(0))]
            pos = match.end()
        parts.append(md_escape(text[pos:], line_start=line_start and not parts))
        return Markup("").join(parts)

    def lead(self, text: str | None, limit: int = 160) -> str:
        """The first sentence of prose as plain text (names for links, no note numbers), for the page's
        meta description; escape it for where it goes (``nav_title`` for front matter)."""
        if not text:
            return ""
        tokens, _ = parse_prose(paragraphs(text)[0])
        words = "".join(t.text if t.kind == "text" else link_text(self.site, tokens, i) if t.kind == "link" else ""
                        for i, t in enumerate(tokens))
        words = " ".join(words.replace(" .", ".").replace(" ,", ",").split())
        sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", words, maxsplit=1)[0]
        return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"

    def prose(self, text: str | None, start: int = 0, stop: int | None = None) -> Markup:
        """Prose as Markdown paragraphs separated by blank lines; ``start``/``stop`` pick paragraphs (a page
        shows its lead paragraph, then its key facts, then the rest)."""
        if not text:
            return Markup("")
        return Markup("\n\n").join(self.inline(p) for p in paragraphs(text)[start:stop])

    def footnotes(self) -> Markup:
        """Footnote definitions for every citation used on the page, linking to the bibliography."""
        lines = []
        for (source_id, locator), number in sorted(self.notes.items(), key=lambda kv: kv[1]):
            record = self.site.sources[source_id]
            text = citation_text(record.model)
            if locator:
                text = Markup(f"{text} At {md_escape(locator)}.")
            lines.append(f"[^{number}]: {text} [↗ Bibliography]({self.href(record)})")
            excerpts = [excerpt for _, excerpt in self.excerpts.get(number, {}).values()]
            if excerpts:  # folded: a closed <details> costs a long page no layout (the preview shows them)
                label = "Excerpt" if len(excerpts) == 1 else f"{len(excerpts)} excerpts"
                lines[-1] += f'\n\n    ??? mnfu-excerpts "{label}"'
                for excerpt in excerpts:
                    lines[-1] += "\n\n        " + self._excerpt(excerpt, self.href(record))
        return Markup("\n".join(lines))

    def _excerpt(self, excerpt: Shown, full: str) -> str:
        """One excerpt in a note: who says it, then the words as a quotation (shortened, with the way to
        the bibliography entry that lists it whole)."""
        more = f" [full excerpt]({full})" if excerpt.cut else ""
        return f'<span class="mnfu-ev">{md_inline(excerpt.by)}: <q>{md_inline(excerpt.short)}</q>{more}</span>'

    def backlinks(self, record: Record) -> list[Record]:
        """Records that mention ``record`` (or cite it, for a source), once each, by name."""
        index = self.site.citations if record.kind == "source" else self.site.mentions
        keys = dict.fromkeys(m.by for m in index.get(record.id, []))
        return sorted((self.site.records[k] for k in keys), key=lambda r: (r.kind, r.name.lower()))

    def citing(self, source: Record) -> list[tuple[Record, list[str]]]:
        """The records that cite ``source``, each with the claims (fields) that cite it, in data order.

        A record's own ``sources`` list is not named as a claim: the record itself is the claim.
        """
        claims: dict[str, dict[str, None]] = {}
        for m in self.site.citations.get(source.id, []):
            fields = claims.setdefault(m.by, {})
            if m.claim != "sources":
                fields[m.claim] = None
        return [(r, list(claims[r.key])) for r in self.backlinks(source)]
