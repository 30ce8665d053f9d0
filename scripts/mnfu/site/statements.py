"""Statements: what the content audit checks and the evidence backs, as the site holds them.

A *statement* is one sentence of a prose value of an entity, or one sourced structured value
(``figures[2].value``, ``role.value``). Pure: computed from the resolved :class:`Site`; the checks
(``mnfu.checks.audits``, ``mnfu.checks.evidence``) and the coverage page use it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from mnfu.data.models import ProseText
from mnfu.site.resolve import Record, Site, Token, paragraphs

# ---------------------------------------------------------------- sentences

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "nos", "vol", "pp", "p", "ed", "eds", "eg", "ie",
                  "vs", "cf", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                  "dec", "gen", "lt", "col", "maj", "capt", "adm", "prof", "etc", "u.s", "u.k", "e.g", "i.e"}
# A sentence's end: its stop, then closing quotes and brackets and the reference markers a quoted text
# may carry ("... in 2025.[12][a] The next"), then space and a capital or digit, or an entity link (its
# id is lower case, its text is what the sentence starts with: "... troops. [[de|Germany]] hesitated").
_BOUNDARY = re.compile(r"(?<=[.!?])((?:[\"'”’)\]]|\[(?:\d{1,4}|[a-z]{1,2})\])*)\s+(?=\[\[|[\"“'‘(\[]?[A-Z0-9À-ÖØ-Þ])")
# Each form stops at the next bracket, as the prose parser's does: a search that ran on past it would go
# back over the rest of the text from every opening (quadratic time; tests/test_limits.py).
_MARKUP = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]|\[@[^\[\]]*\]|\[citation needed[^\[\]]*\]", re.I)
_CITE = re.compile(r"\[@([^\[\]]*)\]")


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph of prose, citations kept with the sentence they end.

    A full stop ends a sentence when a capital letter or digit follows, unless the word before it is a
    common abbreviation or a single capital (an initial); inline markup is never split.
    """
    out: list[str] = []
    start = 0
    protected = [(m.start(), m.end()) for m in _MARKUP.finditer(paragraph)]  # in order, never overlapping
    inside = 0  # the first markup not ending before the cut: cuts only move forward
    for match in _BOUNDARY.finditer(paragraph):
        cut = match.start()
        while inside < len(protected) and protected[inside][1] <= cut:
            inside += 1
        if inside < len(protected) and protected[inside][0] < cut:
            continue
        # the word before the full stop, read backwards from it (never the whole text since the last cut)
        end = cut
        while end > start and paragraph[end - 1] in ".!?":
            end -= 1
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        begin = end
        while begin > start and not paragraph[begin - 1].isspace():
            begin -= 1
        last = paragraph[begin:end]
        word = last.strip("(\"'“‘").lower()
        if paragraph[cut - 1] == "." and (word in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", last.strip("(\"'“‘"))):
            continue
        end = match.end(1)
        out.append(paragraph[start:end].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


_TRAILING_CITES = re.compile(r"(?:\s*\[@[^\[\]]*\])+\s*$")
_END = re.compile(r"(\S*?)[.!?][\"'”’)\]]*$")


def starts_sentence(before: str) -> bool:
    """Whether text that follows ``before`` (the prose before it in its paragraph) begins a sentence:
    nothing but citations before it, or a full stop, question or exclamation mark that does not end an
    abbreviation or an initial (as :func:`split_sentences` reads them)."""
    before = _TRAILING_CITES.sub("", before).rstrip()
    if not before:
        return True
    match = _END.search(before)
    if match is None:
        return False
    word = match.group(1).strip("(\"'“‘")
    return not (before.endswith(".") and (word.lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word)))


def link_text(site: Site, tokens: list[Token], i: int) -> str:
    """What the entity link ``tokens[i]`` reads as: its own text, else the entity's name as the sentence
    needs it (with its article, capitalised at a sentence's start: ``Record.in_sentence``)."""
    token = tokens[i]
    if token.text:
        return token.text
    record = site.entities.get(token.target)
    if record is None:
        return token.target
    before = "".join(t.text or (site.entities[t.target].name if t.target in site.entities else t.target)
                     if t.kind == "link" else t.text for t in tokens[:i])
    return record.in_sentence(starts_sentence(before))


def plain(text: str) -> str:
    """A statement as a reader sees it: citations and markers out, entity links as their text."""
    def shown(m: re.Match) -> str:
        if m.group(0).startswith("[["):
            return m.group(2) or m.group(1)
        return ""
    return " ".join(_MARKUP.sub(shown, text).split())


def cited(text: str) -> list[str]:
    """The source ids a text cites inline, in order, each once."""
    out: list[str] = []
    for body in _CITE.findall(text):
        for part in body.split(";"):
            source = part.strip().lstrip("@").split(",")[0].strip()
            if source and source not in out:
                out.append(source)
    return out


@dataclass(frozen=True)
class Statement:
    """One sentence of a prose value, or one sourced value, of an entity."""

    record: Record
    field: str  # e.g. "summary", "sections[3].body", "figures[1].value"
    loc: tuple
    sentence: int  # from 1 within the field; 0 for a structured value
    text: str
    sources: tuple[str, ...]  # the sources it cites (inline, the next cited sentence's, or its value's)
    owner: Any = field(default=None, compare=False, repr=False)
    """The model whose ``sources`` it takes (a value's, or a sentence's that cites nothing in its paragraph);
    None when it cites inline."""

    @property
    def path(self) -> str:
        """The data file."""
        return self.record.file.path

    @property
    def label(self) -> str:
        """The field and sentence, as people say it: ``summary, sentence 2``."""
        return f"{self.field}, sentence {self.sentence}" if self.sentence else self.field

    @property
    def digest(self) -> str:
        """A short hash of the statement as it stands."""
        if self.sentence:
            return sentence_digest(self.text)
        key = f"{self.field}={' '.join(self.text.split())}|{','.join(self.sources)}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def sentence_digest(text: str) -> str:
    """The hash of a prose sentence as a statement: its words, spaces as one (the field does not count,
    so a sentence keeps its audit when it moves)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


VALUE_FIELDS = ("value", "status", "name", "rank", "holder")
"""The fields of a sourced object (one with ``sources``) that state a fact: each is a statement."""


def field_path(loc: tuple) -> str:
    """A field path as editors write it: ``figures[2].value``."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _source_ids(value: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(getattr(c, "source", c)) for c in (getattr(value, "sources", None) or [])))


def _walk(value: Any, loc: tuple = (), parent: Any = None):
    yield loc, value, parent
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*loc, name), value)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, (*loc, i), parent)


def statements(site: Site) -> list[Statement]:
    """Every statement of every entity (sources' own records aside), in data order."""
    found = []
    for record in site.records.values():
        if record.kind == "source":
            continue
        for loc, value, parent in _walk(record.model):
            if isinstance(value, ProseText):
                inherited = _source_ids(parent)
                n = 0
                for paragraph in paragraphs(str(value)):
                    sentences = split_sentences(paragraph)
                    # a sentence that cites nothing takes the next cited sentence's sources: read from the end
                    nexts: list[list[str]] = []
                    for sentence in reversed(sentences):
                        nexts.append(cited(sentence) or (nexts[-1] if nexts else []))
                    for sentence, own in zip(sentences, reversed(nexts), strict=True):
                        n += 1
                        found.append(Statement(record, field_path(loc), loc, n, sentence, tuple(own) or inherited,
                                               None if own else parent))
            elif (loc and loc[-1] in VALUE_FIELDS and isinstance(value, str) and parent is not None
                  and _source_ids(parent)):
                found.append(Statement(record, field_path(loc), loc, 0, value, _source_ids(parent), parent))
    return found


def audit_counts(site: Site, record: Any) -> dict[str, Any]:
    """Audited (with evidence) and total statements, and the date of the latest audit, for the coverage
    page. ``record`` is the audit record (``mnfu.checks.audits.AuditRecord``, read by the pipeline), or None."""
    every = statements(site)
    found = record.current() if record is not None else {}
    current = [found[(s.path, s.digest)] for s in every if (s.path, s.digest) in found]
    with_evidence = [e for e in current if e.evidence]
    dates = sorted(e.checked.isoformat() for e in current)
    return {"audited": len(with_evidence), "total": len(every), "latest": dates[-1] if dates else None}


