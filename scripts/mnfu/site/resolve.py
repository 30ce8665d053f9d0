"""Resolve ids and inline references, and build the reverse indexes. Pure: no disk access.

Inline syntax in prose fields (documented in docs/editing.md):

- ``[@source-id]`` cites a source; ``[@source-id, p. 7]`` adds a locator; ``[@a; @b, 02:34]`` cites several.
- ``[[entity-id]]`` links an entity by its name; ``[[entity-id|shown text]]`` with other text.
- ``[citation needed, 2026-11-01]`` marks a statement still looking for a source (dated when flagged).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from mnfu.data.load import LoadedFile
from mnfu.data.models import (
    Cite,
    Event,
    Glossary,
    ProseText,
    Source,
)
from mnfu.errors import DataError, Diagnostic, did_you_mean

CITE_RE = re.compile(r"\[(@[^\[\]]*)\]")
LINK_RE = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
NEEDED_RE = re.compile(r"\[citation needed(?:,\s*([^\[\]]*))?\]", re.IGNORECASE)
TOKEN_RE = re.compile(f"{LINK_RE.pattern}|{CITE_RE.pattern}|{NEEDED_RE.pattern}", re.IGNORECASE)

# Prose fields that explain rather than claim, so need no citation of their own.
UNCITED_FIELDS = {"note", "given_by"}

# Where each kind's entities live on the site (paths under docs/), and whether they get a page.
PAGE_KINDS = {
    "force": "ref/force.md",
    "contributor": "ref/contributors/{id}.md",
    "organization": "ref/organizations/{id}.md",
    "headquarters": "ref/headquarters/{id}.md",
    "legal_issue": "ref/legal-issues/{id}.md",
}
ANCHOR_KINDS = {
    "event": "ref/timeline.md",
    "precedent": "ref/precedents.md",
    "source": "ref/sources/{letter}.md",  # the bibliography, one page per initial (ref/sources/index.md: A–Z)
}
SOURCES_INDEX = "ref/sources/index.md"


def source_letter(id_: str) -> str:
    """The bibliography page of a source id: its initial, or '0-9' for ids that start with a digit."""
    first = id_[:1]
    return first if first.isalpha() else "0-9"



@dataclass(frozen=True)
class Token:
    """A piece of parsed prose: plain text, a citation group, an entity link or a gap marker."""

    kind: str  # "text" | "cite" | "link" | "needed"
    text: str = ""
    cites: tuple[Cite, ...] = ()
    target: str = ""


_UNTERMINATED = re.compile(r"\[\[|\[@|\[citation needed", re.IGNORECASE)


def parse_prose(text: str) -> tuple[list[Token], list[tuple[str, str]]]:
    """Split prose into tokens; return them with the syntax problems found.

    Each problem is ``(message, needle)``: the needle is the text of the offending token, which
    ``resolve`` looks for in the file to report its exact line and column.
    """
    tokens: list[Token] = []
    problems: list[tuple[str, str]] = []
    pos = 0

    def text_token(chunk: str) -> None:
        tokens.append(Token("text", chunk))
        for m in _UNTERMINATED.finditer(chunk):
            opening = m.group(0)
            form = {"[[": "[[entity-id]]", "[@": "[@source-id]"}.get(opening, "[citation needed, YYYY-MM-DD]")
            problems.append((f"'{opening}' is not closed: write {form}, or remove the bracket", opening))

    for match in TOKEN_RE.finditer(text):
        if match.start() > pos:
            text_token(text[pos:match.start()])
        pos = match.end()
        link_id, label, cite_body, needed = match.group(1), match.group(2), match.group(3), match.group(4)
        whole = match.group(0)
        if cite_body is not None:
            cites = []
            for part in cite_body.split(";"):
                part = part.strip()
                if not part.startswith("@"):
                    problems.append((f"in '{whole}': each cited source starts with '@'", whole))
                    continue
                source, _, locator = part[1:].partition(",")
                if _is_slug(source.strip()):
                    cites.append(Cite(source=source.strip(), locator=locator.strip() or None))
                else:
                    problems.append((f"in '{whole}': '{source.strip()}' is not a source id", whole))
            tokens.append(Token("cite", whole, cites=tuple(cites)))
        elif whole.lower().startswith("[citation needed"):
            date = (needed or "").strip()
            tokens.append(Token("needed", whole, target=date))
            if not date:
                problems.append((f"'{whole}' needs the date it was flagged: [citation needed, YYYY-MM-DD]", whole))
            else:
                try:
                    dt.date.fromisoformat(date)
                except ValueError:
                    problems.append((f"'{whole}': '{date}' is not a date (write YYYY-MM-DD)", whole))
        else:
            target = link_id.strip()
            if not _is_slug(target):
                problems.append((f"in '{whole}': '{target}' is not an entity id", whole))
            tokens.append(Token("link", (label or "").strip(), target=target))
    if pos < len(text):
        text_token(text[pos:])
    return tokens, problems


def _is_slug(value: str) -> bool:
    from mnfu.data.models import SLUG_RE

    return bool(SLUG_RE.match(value))


def paragraphs(text: str) -> list[str]:
    """Prose paragraphs: each line of the YAML value is one paragraph.

    In a folded block (``>-``), which the editing guide recommends, wrapped lines join and a blank line
    separates paragraphs, so each resulting line is one paragraph.
    """
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@dataclass
class Record:
    """A validated entity or source, with the file it came from."""

    kind: str
    id: str
    file: LoadedFile
    model: Any

    @property
    def name(self) -> str:
        """Display name."""
        model = self.model
        if isinstance(model, Event):
            return model.title
        if isinstance(model, Source):
            return model.title
        return model.name

    def in_sentence(self, start: bool = False) -> str:
        """The name as a sentence needs it: with its article ('the United Kingdom'), capitalised at the
        start of a sentence ('The United Kingdom'); the name alone when it takes none."""
        article = getattr(self.model, "article", None)
        if not article:
            return self.name
        return f"{article.capitalize() if start else article} {self.name}"

    @property
    def key(self) -> str:
        """The key of the record in :attr:`Site.records`."""
        return f"{self.kind}:{self.id}"

    @property
    def page(self) -> str:
        """Path (under docs/) of the page showing this record."""
        if self.kind in PAGE_KINDS:
            return PAGE_KINDS[self.kind].format(id=self.id)
        return ANCHOR_KINDS[self.kind].format(letter=source_letter(self.id))

    @property
    def anchor(self) -> str | None:
        """Anchor on the page, for records shown as part of a shared page."""
        return self.id if self.kind in ANCHOR_KINDS else None


@dataclass(frozen=True)
class Mention:
    """Record ``by`` refers to the target (cites it, links it or lists it) in field ``where``.

    Its line and column are worked out only when asked for (a broken link to report), from the file.
    """

    by: str  # record key "kind:id"
    where: str
    claim: str = ""  # the top-level field, e.g. "size estimates": the claim that makes the reference
    file: LoadedFile | None = field(default=None, compare=False, repr=False)
    loc: tuple = ()
    needle: str | None = None

    @property
    def line(self) -> int:
        """1-based line of the reference in its file (0 when unknown)."""
        return self.file.locate(self.loc, self.needle).line if self.file else 0

    @property
    def col(self) -> int:
        """1-based column of the reference in its file (0 when unknown)."""
        return self.file.locate(self.loc, self.needle).col if self.file else 0


@dataclass
class Site:
    """Everything the templates need: records by kind, indexes and the glossary."""

    records: dict[str, Record] = field(default_factory=dict)  # "kind:id" -> record
    entities: dict[str, Record] = field(default_factory=dict)  # entity id -> record (not sources)
    sources: dict[str, Record] = field(default_factory=dict)
    glossary: Glossary | None = None
    glossary_file: LoadedFile | None = None
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # entity id -> mentions
    citations: dict[str, list[Mention]] = field(default_factory=dict)  # source id -> mentions
    needed: list[tuple[Record, str, str]] = field(default_factory=list)  # record, field, date
    broken: dict[str, str] = field(default_factory=dict)  # id -> kind of files that failed validation
    history: Any = None  # history.History when the data's git history is available, else None
    audit: Any = None  # the content audit's record (audit.load), for the coverage page
    quotes: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)
    """Each audited statement's excerpts, ``(file, statement hash) -> (excerpts.Quote, ...)``: handed over by
    the pipeline from the audit record, shown in the notes and the bibliography (``mnfu.site.excerpts``)."""
    evidence: Any = None  # the index of ``quotes`` the pages use (excerpts.evidence), built when first asked for
    evidence_problems: list[Diagnostic] = field(default_factory=list)  # evidence checks and field policies, for the maintenance page
    seed_paragraphs: list = field(default_factory=list)  # seeds.seed_coverage, for the coverage page
    today: dt.date = field(default_factory=dt.date.today)
    names: dict[str, str] = field(default_factory=dict)  # name or abbreviation in prose -> entity id
    name_pattern: re.Pattern | None = None  # matches any of ``names`` as a whole word

    def mentions_in(self, text: str) -> Iterator[tuple[re.Match, str]]:
        """Plain-text mentions of entities by name or abbreviation: ``(match, entity id)``, in order."""
        if self.name_pattern is not None:
            for m in self.name_pattern.finditer(text):
                yield m, self.names[m.group(0)]

    def of_kind(self, kind: str) -> list[Record]:
        """Records of one kind as readers look for them: events by date, sources by id (author and
        date), everything else by name (Spain before Sweden, whatever their codes)."""
        items = [r for r in self.records.values() if r.kind == kind]
        if kind == "event":
            return sorted(items, key=lambda r: (r.model.date, r.id))
        if kind == "source":
            return sorted(items, key=lambda r: r.id)
        return sorted(items, key=lambda r: (_sort_key(r.name), r.id))

    @property
    def force(self) -> Record | None:
        """The force record (there is at most one)."""
        items = self.of_kind("force")
        return items[0] if items else None


def _sort_key(name: str) -> str:
    """Alphabetical, ignoring case and accents ('Türkiye' with the Ts)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def walk(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Yield ``(loc, value)`` for every value inside a model, depth first."""
    yield loc, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), (*loc, name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from walk(item, (*loc, i))


ENTITY_REF_FIELDS = {"participants", "see_also", "nation", "based_at", "country", "holder", "entity"}


def describe(loc: tuple) -> str:
    """A short human label for a field path, e.g. ``pledges 2`` or ``summary``."""
    parts = [str(p + 1) if isinstance(p, int) else str(p).replace("_", " ") for p in loc]
    return " ".join(parts) if parts else "entry"


def resolve(files: Iterable[LoadedFile], today: dt.date | None = None, load_problems: list[Diagnostic] | None = None,
            unreadable: dict[str, str] | None = None) -> Site:
    """Take the loaded, validated files (``mnfu.data.load``), resolve every reference and build the
    indexes. Loads and validates nothing itself.

    ``files`` may be a generator that loads each file as it is asked for (``load.iter_files``), whose
    problems arrive in ``load_problems`` and whose unreadable files in ``unreadable``. Raises
    :class:`DataError` with every problem found, across all files.
    """
    site, problems = register(files, today)
    problems = (load_problems or []) + problems
    site.broken.update(unreadable or {})
    problems += link(site)
    if problems:
        raise DataError(problems)
    return site


def resolve_files(files: list[LoadedFile], known: dict[str, list[tuple[str, str]]],
                  today: dt.date | None = None) -> list[Diagnostic]:
    """Check some files and their references, taking the other data files' ids from their names.

    ``known`` maps every id in the data to its kinds and paths (``load.known_ids``). The other files are
    not read, so what only a full run sees (mentions by name, citations across the data) is not checked.
    """
    site, problems = register(files, today)
    named = {file.path for file in files}
    for id_, places in known.items():
        entity_places = [(kind, path) for kind, path in places if kind not in ("source", "glossary")]
        for kind, path in places:
            if path in named:
                continue
            stub = Record(kind, id_, None, None)  # type: ignore[arg-type]  # only kind and id are read
            if kind == "source":
                site.sources.setdefault(id_, stub)
            elif kind != "glossary":
                site.entities.setdefault(id_, stub)
        paths = [path for _, path in entity_places]
        for path in set(paths) & named:
            others = [p for p in paths if p != path]
            if others and not any(d.message.startswith("duplicate id") for d in problems if d.path == path):
                problems.append(Diagnostic(path, 1, 1, f"duplicate id '{id_}': {others[0]} has it too",
                                           "entity ids are shared by all kinds: rename one file"))
    for key, record in site.records.items():
        problems.extend(_resolve_record(site, key, record))
    if site.glossary and site.glossary_file:
        problems.extend(_resolve_glossary(site))
    return problems


def register(files: Iterable[LoadedFile], today: dt.date | None = None) -> tuple[Site, list[Diagnostic]]:
    """Register the loaded, validated files as the site's records; their validation problems, duplicate
    ids and a second force file are the problems."""
    site = Site(today=today or dt.date.today())
    problems: list[Diagnostic] = []
    for file in files:
        problems.extend(file.problems)
        item = file.model
        if item is None:  # reported once, here: references to it elsewhere are not errors of their own
            site.broken[file.id] = file.kind
            continue
        if file.kind == "glossary":
            site.glossary, site.glossary_file = item, file
            continue
        record = Record(file.kind, file.id, file, item)
        if file.kind == "source":
            site.sources[file.id] = record
        else:
            other = site.entities.get(file.id)
            if other is not None:
                problems.append(Diagnostic(file.path, 1, 1, f"duplicate id '{file.id}': {other.file.path} has it too",
                                           "entity ids are shared by all kinds: rename one file"))
                continue
            site.entities[file.id] = record
        site.records[record.key] = record
    for extra in site.of_kind("force")[1:]:
        problems.append(Diagnostic(extra.file.path, 1, 1, "only one force file is allowed"))
    return site, problems


NAMED_KINDS = ("force", "contributor", "organization", "headquarters", "legal_issue", "precedent")
"""Kinds whose name (or abbreviation) written in prose is a mention and becomes a link."""


def index_names(site: Site) -> None:
    """Fill ``site.names``: the names, abbreviations and glossary terms that identify one entity.

    A name shared by two entities identifies neither and is left out. Matching is case-sensitive and
    on whole words (``EU`` does not match in ``EUMAM``, but does in ``EU-funded``); the longest name
    wins (``European Union Military Assistance Mission`` before ``European Union``).
    """
    claims: dict[str, set[str]] = {}
    for record in site.entities.values():
        if record.kind in NAMED_KINDS:
            for name in (record.name, getattr(record.model, "abbreviation", None)):
                if name:
                    claims.setdefault(name, set()).add(record.id)
    if site.glossary:
        for term in site.glossary.terms:
            if term.entity in site.entities and site.entities[term.entity].kind in NAMED_KINDS:
                claims.setdefault(term.abbr, set()).add(term.entity)
    site.names = {name: next(iter(ids)) for name, ids in claims.items() if len(ids) == 1}
    if site.names:
        alternatives = "|".join(re.escape(n) for n in sorted(site.names, key=len, reverse=True))
        site.name_pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def link(site: Site) -> list[Diagnostic]:
    """Resolve every citation and entity reference; fill the reverse indexes. Returns the problems."""
    problems: list[Diagnostic] = []
    index_names(site)
    for key, record in site.records.items():
        problems.extend(_resolve_record(site, key, record))
    if site.glossary and site.glossary_file:
        problems.extend(_resolve_glossary(site))
    return problems


def _resolve_glossary(site: Site) -> list[Diagnostic]:
    problems = []
    assert site.glossary is not None and site.glossary_file is not None
    for i, term in enumerate(site.glossary.terms):
        if term.entity and term.entity not in site.entities and term.entity not in site.broken:
            pos = site.glossary_file.pos(("terms", i, "entity"))
            problems.append(Diagnostic(site.glossary_file.path, pos.line, pos.col,
                                       f"unknown entity '{term.entity}'", did_you_mean(term.entity, site.entities)))
    return problems


FIELD_KINDS = {"nation": "contributor", "country": "contributor", "based_at": "headquarters"}
"""Fields that name an entity of one kind; any other entity reference may name any kind."""


def _resolve_record(site: Site, key: str, record: Record) -> list[Diagnostic]:
    file = record.file
    problems: list[Diagnostic] = []

    def report(loc: tuple, message: str, hint: str | None = None, needle: str | None = None) -> None:
        pos = file.locate(loc, needle)
        problems.append(Diagnostic(file.path, pos.line, pos.col, message, hint))

    def cite(loc: tuple, source: str, needle: str | None = None) -> None:
        if source in site.sources:
            site.citations.setdefault(source, []).append(
                Mention(key, describe(loc), describe(loc[:1]), file, loc, needle))
        elif site.broken.get(source) == "source":
            return  # its own file's errors say why it is missing
        elif source in site.entities:
            report(loc, f"'{source}' is not a source but {_kind_label(site.entities[source].kind)}",
                   f"to link it, write [[{source}]]", needle)
        else:
            report(loc, f"unknown source '{source}'", did_you_mean(source, site.sources), needle)

    def mention(loc: tuple, target: str, needle: str | None = None) -> None:
        field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        expected = FIELD_KINDS.get(field_name)
        found = site.entities.get(target)
        if found is not None and expected and found.kind != expected:
            report(loc, f"'{target}' is {_kind_label(found.kind)}, not {_kind_label(expected)}",
                   did_you_mean(target, [r.id for r in site.entities.values() if r.kind == expected]), needle)
        elif found is not None:
            if target != record.id:
                site.mentions.setdefault(target, []).append(Mention(key, describe(loc), "", file, loc, needle))
        elif target in site.broken and site.broken[target] != "source":
            return  # its own file's errors say why it is missing
        elif target in site.sources:
            report(loc, f"'{target}' is a source, not an entity", f"to cite it, write [@{target}]", needle)
        else:
            candidates = [r.id for r in site.entities.values() if not expected or r.kind == expected]
            report(loc, f"unknown {expected.replace('_', ' ') if expected else 'entity'} '{target}'",
                   did_you_mean(target, candidates), needle)

    for loc, value in walk(record.model):
        if isinstance(value, Cite):
            cite(loc, value.source)
        elif isinstance(value, ProseText):
            tokens, syntax = parse_prose(value)
            for message, needle in syntax:
                report(loc, message, "see 'Citations and links' in docs/editing.md", needle)
            for token in tokens:
                if token.kind == "cite":
                    for c in token.cites:
                        cite(loc, c.source, "@" + c.source)
                elif token.kind == "link":
                    mention(loc, token.target, "[[" + token.target)
                elif token.kind == "needed" and token.target:
                    site.needed.append((record, describe(loc), token.target))
                elif token.kind == "text" and record.kind != "source":
                    for _, target in site.mentions_in(token.text):
                        mention(loc, target)
            field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
            if field_name not in UNCITED_FIELDS and record.kind != "source":
                for paragraph in paragraphs(value):
                    ptokens, pproblems = parse_prose(paragraph)
                    if not pproblems and not any(t.kind in ("cite", "needed") for t in ptokens):
                        snippet = paragraph[:50] + ("…" if len(paragraph) > 50 else "")
                        report(loc, f"statement without a source: '{snippet}'",
                               "cite it with [@source-id], or mark it [citation needed, YYYY-MM-DD]",
                               paragraph[:30].split("\n")[0] or None)
        elif isinstance(value, str) and loc and loc[-1] in ENTITY_REF_FIELDS or (
            isinstance(value, str) and len(loc) >= 2 and loc[-2] in ENTITY_REF_FIELDS and isinstance(loc[-1], int)
        ):
            mention(loc, value)
    return problems


def _kind_label(kind: str) -> str:
    """'an organization', 'a legal issue': the kind with its article, for messages."""
    label = kind.replace("_", " ")
    return ("an " if label[0] in "aeiou" else "a ") + label
