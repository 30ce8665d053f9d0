"""Paragraph by paragraph: how much of each seed document the site carries.

A seed document is a source with ``seed_document`` (the path of its text in ``seeds/``). Its prose is cut
into paragraphs (one line of the captured text each; tables, headings and the reference list are left
aside), and for each paragraph two things are measured against the data:

- **references cited**: the paragraph's reference markers ``[N]`` whose source some page cites;
- **figures and names found**: the paragraph's numbers and capitalised names that appear anywhere in
  the entities' data (sources' own records do not count: a title is not a fact on the site); for a
  paragraph with fewer than three of them, its content words are counted too.

A paragraph is *covered* when every figure and most of its names are found (and, if it has markers, at
least one of its references is cited), *partly covered* when some are, and *not covered* otherwise. A
paragraph the site leaves out on purpose is listed in the seed's source file under ``uncovered`` with
its first words and the reason, and shows as *left out* with that reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mnfu.site.resolve import Record, Site, walk

COVERED, PARTLY, NOT_COVERED, LEFT_OUT = "covered", "partly covered", "not covered", "left out"
FOUND_COVERED, FOUND_PARTLY = 0.6, 0.3  # shares of a paragraph's figures and names found

_MARKER = re.compile(r"\[(?:\d+|[a-z]{1,2}|no\. \d+|name \d+|TBD \d+|update|citation needed)\]")
_REF = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*\d(?!\w)|(?<![\w.,])\d{2,}(?!\w)")
_NAME = re.compile(r"\b[A-Z][\w'’\-]*[A-Za-z]")
# Capitalised words that say nothing of the content: sentence openers, pronouns, months, weekdays.
_PLAIN_WORDS = """
a about according additionally after again against all also although an and another any are as at
before both but by despite during each either even first following for from further furthermore he her
his however if in into it its many meanwhile more most moreover neither no nor not of on one only or other
our over several she since so some such than that the their then there these they this those though
through thus to two under unlike until was we were what when where whereas which while who with within
would yet
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
"""
_PLAIN = frozenset(_PLAIN_WORDS.split())


@dataclass
class Paragraph:
    """One paragraph of a seed and what of it the site carries."""

    number: int  # among the seed's paragraphs, from 1
    line: int  # in the seed's text file
    text: str
    refs: list[int]
    cited_refs: list[int] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)  # its figures and names
    found: list[str] = field(default_factory=list)
    status: str = NOT_COVERED
    reason: str = ""  # why it is left out

    @property
    def missing(self) -> list[str]:
        """The figures and names not found in the data."""
        return [t for t in self.tokens if t not in self.found]

    @property
    def start(self) -> str:
        """The first words, without reference markers."""
        words = _MARKER.sub("", self.text).split()
        return " ".join(words[:10]) + (" …" if len(words) > 10 else "")


@dataclass
class SeedCoverage:
    """The paragraphs of one seed document."""

    source: Record
    path: str
    paragraphs: list[Paragraph]
    error: str = ""  # the seed's text could not be read

    def count(self, status: str) -> int:
        return sum(1 for p in self.paragraphs if p.status == status)


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """The prose paragraphs of a captured text, with their line numbers: lines of at least 40 characters
    that are not table rows, up to a line 'References' (the numbered list of a Wikipedia article)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line == "References":
            break
        if len(line) >= 40 and not line.startswith("|") and line.count("|") < 3:
            found.append((number, line.removeprefix("- ^ ").removeprefix("- ")))
    return found


def _normal(text: str) -> str:
    """Reference markers out; hyphens and apostrophes made plain; possessives dropped."""
    text = _MARKER.sub(" ", text).replace("\u2010", "-").replace("\u2011", "-").replace("’", "'")
    return re.sub(r"'s\b", "", text)


def tokens(text: str) -> list[str]:
    """The figures (numbers, commas dropped) and capitalised names of a text, each once, in order."""
    text = _normal(text)
    out: list[str] = []
    for match in _NUMBER.finditer(text):
        number = match.group().replace(",", "").rstrip(".")
        if number not in out:
            out.append(number)
    for match in _NAME.finditer(text):
        name = match.group().strip("'-")
        if name.lower() not in _PLAIN and len(name) > 2 and name not in out:
            out.append(name)
    return out


def words(text: str) -> list[str]:
    """The content words of a text (lower case, four letters or more, not the plain ones), each once."""
    out: list[str] = []
    for word in re.findall(r"[\w'\-]+", _normal(text).lower()):
        word = word.strip("'-")
        if len(word) > 3 and word not in _PLAIN and word not in out:
            out.append(word)
    return out


def _pool(site: Site) -> tuple[set[str], set[str]]:
    """The numbers and the lower-case words of every value of every entity (not of sources)."""
    numbers: set[str] = set()
    found: set[str] = set()
    for record in site.records.values():
        if record.kind == "source":
            continue
        for _, value in walk(record.model):
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                text = _normal(str(value))
                numbers.update(m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text))
                found.update(w.lower().strip("'-") for w in re.findall(r"[\w'\-]+", text))
        found.update(record.name.lower().split())
    return numbers, found


def _starts(paragraph: str, prefix: str) -> bool:
    norm = " ".join(_MARKER.sub("", prefix).split()).rstrip(" …")
    return " ".join(_MARKER.sub("", paragraph).split()).startswith(norm)


def seed_coverage(site: Site, root: Path) -> list[SeedCoverage]:
    """Every seed document's paragraphs, each with its status."""
    seeds = [r for r in site.sources.values() if r.model.seed_document]
    if not seeds:
        return []
    numbers, known = _pool(site)
    cited = {ref.ref for source_id in site.citations if source_id in site.sources
             for ref in site.sources[source_id].model.seed_refs}
    result = []
    for source in sorted(seeds, key=lambda r: r.id):
        path = str(source.model.seed_document)
        try:
            text = (root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result.append(SeedCoverage(source, path, [], error=f"cannot read {path}: {exc}"))
            continue
        left_out = list(getattr(source.model, "uncovered", []) or [])
        paragraphs = []
        for number, (line, body) in enumerate(split_paragraphs(text), start=1):
            refs = sorted({int(n) for n in _REF.findall(body)})
            p = Paragraph(number, line, body, refs, cited_refs=[r for r in refs if r in cited], tokens=tokens(body))
            p.found = [t for t in p.tokens if (t in numbers if t[0].isdigit() else
                                               t.lower() in known or t.lower().removesuffix("s") in known)]
            share = len(p.found) / len(p.tokens) if p.tokens else 0.0
            if len(p.tokens) < 3:  # few figures or names: judge by the content words too
                content = words(body)
                share = max(share, sum(1 for w in content if w in known) / len(content) if content else 0.0)
            reason = next((u.reason for u in left_out if _starts(body, u.starts)), "")
            if reason:
                p.status, p.reason = LEFT_OUT, reason
            elif share >= FOUND_COVERED and (p.cited_refs or not p.refs) and not any(
                    t[0].isdigit() for t in p.missing):  # every figure of it is on the site
                p.status = COVERED
            elif share >= FOUND_PARTLY or p.cited_refs:
                p.status = PARTLY
            paragraphs.append(p)
        result.append(SeedCoverage(source, path, paragraphs))
    return result
