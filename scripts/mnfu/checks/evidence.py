"""Evidence: the verbatim excerpts a statement rests on, and the checks a machine can make of them.

A *statement* is one sentence of a prose field, or one sourced structured value (a figure, a role, a
status). Its audit entry in ``data/audit.yaml`` carries ``evidence``: excerpts, each naming its document
(``doc``: a seed's file name, e.g. ``000_9cab52ddeb08c648.txt``, or a source id), where in it (``line``
of the seed; for a source, the number of its quote) and the verbatim ``text``. ``check`` verifies:

- the excerpt occurs in its document at the stated place (whitespace, quotes and dashes normalised);
- the statement's cited sources and the excerpts agree: a seed excerpt's reference markers ``[N]`` name
  a cited source (``seed_refs``), or the statement cites the seed itself; a source's excerpt belongs to a
  cited source; and every cited source is backed by an excerpt (a note the article's editors wrote under
  a reference, a source's ``reference_notes``, backs the article alone);
- every figure and date in the statement occurs in an excerpt (or in the date of a source an excerpt
  belongs to: the date a source bears is its own);
- a hedge or attribution in an excerpt (proposed, would, reportedly, said, ...) has a counterpart in
  the statement (a warning naming the word);
- the statement follows no excerpt for ten words, one word changed, added or left out at most, a name
  counting as one word (a warning), and names no month or day
  after every work it cites was published (a warning: none of them can have reported it);
- a statement with an excerpt of a seed's own sentences (Wikipedia's prose, with or without a work's
  marker) cites the seed too (a warning): it rests on what the seed says.

Pure: the documents' texts are handed in (:class:`Documents`), nothing is read here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mnfu.site.statements import plain, split_sentences

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"',
                         "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                         "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
                         "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})


def normalize(text: str) -> str:
    """Text as compared: compatibility forms, plain quotes and hyphens, single spaces, no space before
    a reference marker or punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split())


# ---------------------------------------------------------------- documents

_REF_MARKER = re.compile(r"\[(\d+)\]")


@dataclass
class Document:
    """A seed document's text, by line, and its reference list (line -> reference number)."""

    name: str  # the file name, e.g. 000_9cab52ddeb08c648.txt
    source: str  # the id of the source that stands for it
    lines: list[str]
    normal: list[str] = field(default_factory=list)
    reference_at: dict[int, tuple[int, ...]] = field(default_factory=dict)  # line -> its reference entries

    def __post_init__(self) -> None:
        self.normal = [normalize(line) for line in self.lines]
        number, in_list = 0, False
        for i, line in enumerate(self.lines, start=1):
            if line.strip() == "References":
                in_list = True
            elif in_list and line.startswith("- ^"):
                number += 1
                self.reference_at[i] = (number,)
            elif in_list and " - ^ " in line:  # an entry that begins at the end of another's quotation
                number += 1
                self.reference_at[i] = (number - 1, number)
            elif in_list and number:  # a further work of a bundled reference, or a quotation of it
                self.reference_at[i] = (number,)

    def find(self, text: str) -> list[int]:
        """The lines (1-based) that contain the excerpt."""
        needle = normalize(text)
        return [i for i, line in enumerate(self.normal, start=1) if needle and needle in line]


@dataclass
class Documents:
    """What excerpts are checked against: the seeds' texts and each source's own recorded words."""

    seeds: dict[str, Document] = field(default_factory=dict)  # file name -> document
    sources: dict[str, Any] = field(default_factory=dict)  # id -> Source model
    by_ref: dict[tuple[str, int], set[str]] = field(default_factory=dict)  # (seed source id, N) -> source ids

    @classmethod
    def build(cls, sources: dict[str, Any], texts: dict[str, str]) -> Documents:
        """``sources``: id -> Source model; ``texts``: seed file name -> its text."""
        docs = cls(sources=sources)
        seed_ids = {str(m.seed_document).rsplit("/", 1)[-1]: id_ for id_, m in sources.items() if m.seed_document}
        for name, text in texts.items():
            if name in seed_ids:
                docs.seeds[name] = Document(name, seed_ids[name], text.splitlines())
        main_seed = next((d.source for d in docs.seeds.values() if d.reference_at), None)
        for id_, model in sources.items():
            for ref in model.seed_refs:
                docs.by_ref.setdefault((main_seed or "", int(ref.ref)), set()).add(id_)
        return docs

    def source_words(self, source_id: str) -> list[str]:
        """A source's own words that we hold: its quotes, then its title."""
        model = self.sources.get(source_id)
        if model is None:
            return []
        return [q.text for q in model.quotes] + [model.title]


# ---------------------------------------------------------------- checks

@dataclass(frozen=True)
class Finding:
    """A problem of one statement's evidence."""

    level: str  # error | warning
    code: str
    message: str
    hint: str | None = None


_MARKER_RUN = re.compile(r"^[\s.,;:!?\"')\]]*((?:\[(?:\d+|[a-z]{1,2}|no\. \d+)\])+)")


def following_markers(line: str, text: str) -> set[int]:
    """The reference markers that cite an excerpt without markers of its own: as in the article, a
    citation covers the text before it up to the previous citation, so these are the first markers at
    or after the excerpt's end in its line."""
    normal, needle = normalize(line), normalize(text)
    at = normal.find(needle)
    if at < 0 or not needle:
        return set()
    rest = normal[at + len(needle):]
    run = _MARKER_RUN.match(rest)
    if run is None:
        later = _REF_MARKER.search(rest)
        if later is None:
            return set()
        run = _MARKER_RUN.match(rest[later.start():])
    return {int(n) for n in _REF_MARKER.findall(run.group(1))} if run else set()


def sources_of_excerpt(excerpt: dict[str, Any], docs: Documents) -> set[str]:
    """The sources an excerpt speaks for: the reference markers in it, or (when it has none) the ones
    that follow it in its line; a reference entry's own number; or the source it was taken from."""
    doc = str(excerpt.get("doc", ""))
    if doc in docs.seeds:
        seed = docs.seeds[doc]
        found = {seed.source}
        text = str(excerpt.get("text", ""))
        numbers = {int(n) for n in _REF_MARKER.findall(text)}
        line = excerpt.get("line")
        if isinstance(line, int) and line in seed.reference_at:
            numbers.update(seed.reference_at[line])
        elif not numbers and isinstance(line, int) and 0 < line <= len(seed.lines):
            numbers = following_markers(seed.lines[line - 1], text)
        for n in numbers:
            found |= {source for source in docs.by_ref.get((seed.source, n), set())
                      if not _in_reference_notes(text, docs.sources.get(source))}
        return found
    return {doc}


def _in_reference_notes(text: str, source: Any) -> bool:
    """Whether the excerpt is (part of) a note the article's editors wrote under the source's reference:
    those are the article's words, not the work's, so they speak for the article alone."""
    needle = normalize(text)
    return bool(needle) and any(needle in normalize(note.text) for note in getattr(source, "reference_notes", ()))


def _place_problem(excerpt: dict[str, Any], docs: Documents) -> Finding | None:
    doc, text, line = str(excerpt.get("doc", "")), str(excerpt.get("text", "")), excerpt.get("line")
    if not normalize(text):
        return Finding("error", "evidence", f"an excerpt from '{doc}' has no text")
    if doc in docs.seeds:
        seed = docs.seeds[doc]
        where = seed.find(text)
        if not where:
            return Finding("error", "evidence", f"excerpt not found in {doc}: \"{_short(text)}\"",
                           "paste the seed's words exactly (quotes, dashes and spaces may differ)")
        if line not in where:
            return Finding("error", "evidence", f"excerpt is not at line {line} of {doc}",
                           f"it is at line {where[0]}")
        return None
    if doc in docs.sources:
        words = docs.source_words(doc)
        needle = normalize(text)
        hits = [i for i, w in enumerate(words, start=1) if needle in normalize(w)]
        if not hits:
            return Finding("error", "evidence", f"excerpt not found among the words recorded for source '{doc}'",
                           "paste the source's own words into its `quotes`, then cite them here")
        if line is not None and line not in hits:
            return Finding("error", "evidence", f"excerpt is not in quote {line} of source '{doc}'",
                           f"it is in quote {hits[0]}" if hits[0] <= len(docs.sources[doc].quotes) else
                           "it is in the title: leave out `line`")
        return None
    return Finding("error", "evidence", f"unknown document '{doc}'",
                   f"a seed file ({', '.join(sorted(docs.seeds)) or 'none'}) or a source id")


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]


def numbers(text: str) -> list[str]:
    """The figures of a text, thousands separators out (30,000 -> 30000), each once, in order."""
    out: list[str] = []
    for m in _NUMBER.finditer(normalize(text)):
        value = m.group().replace(",", "")
        value = value.lstrip("0") or "0" if value.isdigit() else value
        if value not in out:
            out.append(value)
    return out


def _date_numbers(value: str) -> set[str]:
    """The numbers of a partial ISO date, as text writes them: 2025-09-20 -> 2025, 9, 20."""
    return {p.lstrip("0") or "0" for p in str(value).split("-") if p.isdigit()}


# A hedge or attribution in an excerpt, and the words that count as keeping it in the statement.
_MODAL = ("would", "could", "may", "might", "can", "should", "likely", "unlikely", "possible", "possibly",
          "probably", "perhaps", "potential", "potentially", "expected", "intended", "envisaged", "aim", "aims",
          "proposed", "planned", "plans", "plan", "if", "whether", "conditional", "depend", "depends",
          "contingent", "hinge", "not ruled out", "under consideration", "considered", "considering",
          "consider", "uncertain", "suggested", "mooted", "hypothetical", "would be", "unless",
          "reportedly", "reported", "reports", "according to", "said", "says", "say", "stated", "states",
          "told", "argued", "argues", "claims", "claimed", "announced", "wrote", "writes", "described",
          "describes", "sees", "saw", "view", "assessed", "assesses", "estimated", "estimates", "believe",
          "believes", "insisting", "insisted", "signalled", "signals", "expressed", "expresses", "voiced",
          "suggests", "analysts", "calls", "called", "framed", "frames", "judged", "noted", "notes",
          "appear", "appears", "seems", "in his words", "in her words", "quoted", "expect", "expects",
          "saying", "declared", "demanded", "indicated", "speaks of", "spoke of", "identifies", "under discussion",
          "records", "cites", "hold that", "at issue", "is to", "are to", "was to", "were to", "intent", "intention")
HEDGES: dict[str, tuple[str, ...]] = {
    "under current plans": ("current plans", "planned", "plans", "plan", "would", "proposed", "intended"),
    "proposed": ("proposed", "proposal", "proposes", "propose", "planned", "would", "suggested", "mooted"),
    "planned": ("planned", "plans", "plan", "would", "intended", "proposed", "envisaged", "expected", "to be",
                "is to", "are to", "announced"),
    "would": _MODAL,
    "could": _MODAL,
    "may": _MODAL,
    "might": _MODAL,
    "likely": _MODAL,
    "reportedly": ("reportedly", "reported", "reports", "according to", "said", "says"),
    "according to": ("according to", "reported", "reports", "said", "says", "stated", "told", "writes", "saying",
                     "records", "cites", "quoted", "speaks of", "identifies", "in the view of", "estimate",
                     "wrote", "argues", "argued", "describes", "described", "estimated", "estimates",
                     "calculation", "calculations", "assesses", "assessment", "in the view of", "sees"),
    "said": ("said", "says", "say", "stated", "states", "told", "announced", "declared", "according to",
             "wrote", "writes", "posted", "reported", "argued", "argues", "insisted", "added", "noted",
             "explained", "emphasised", "emphasized", "confirmed", "warned", "called", "described",
             "pledged", "promised", "voiced", "expressed", "answered", "responded", "replied", "remarks",
             "statement", "speech", "interview", "post", "told reporters", "in his words", "in her words",
             "saying", "demanded", "indicated", "speaks of", "quoted", "records", "cites", "identifies",
             "held", "hold that", "holds that", "reports"),
    "argues": ("argues", "argued", "argue", "in the view of", "according to", "writes", "wrote", "sees",
               "contends", "holds", "suggests", "says", "said", "assesses", "judges", "analysts"),
    "suggested": ("suggested", "suggest", "suggests", "proposed", "mooted", "floated", "according to", "said",
                  "put forward", "raised", "indicated"),
    "expected": ("expected", "expect", "expects", "would", "due to", "planned", "to be", "intended", "set to"),
}
_HEDGE_RE = re.compile(r"\b(" + "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True)) + r")\b",
                       re.IGNORECASE)


_AGENT = re.compile(r"\s+(?:[A-Z]|(?:the |a |an )?(?:report|officials?|analysts?|experts?|sources?|diplomats?|"
                    r"media|press|his|her|their|its)\b)")


def hedges(text: str) -> list[str]:
    """The hedges and attributions of a text (lower case, each once, in order). "According to" counts
    when someone follows it ("according to Politico", "according to officials"), not "according to
    pre-agreed formulas"."""
    out: list[str] = []
    normal = normalize(text)
    for m in _HEDGE_RE.finditer(normal):
        word = m.group(1).lower()
        if word == "according to" and not _AGENT.match(normal, m.end()):
            continue
        if word not in out:
            out.append(word)
    return out


def _has_any(text: str, words: Iterable[str]) -> bool:
    low = normalize(text).lower()
    return any(re.search(r"\b" + re.escape(w) + r"\b", low) for w in words)


def check(text: str, sources: Iterable[str], evidence: list[dict[str, Any]], docs: Documents,
          dates: dict[str, str] | None = None, context: str = "") -> list[Finding]:
    """Every problem of one statement's evidence. ``text`` is the statement (markup and all), ``sources``
    the sources it cites (inline, or its value's ``sources``), ``dates`` each source's date (published),
    ``context`` what a reader sees beside a value (who gave it, its note, the disputed point's topic),
    where a value's hedge or attribution may stand."""
    if not evidence:
        return [Finding("error", "no-evidence", "statement has no evidence",
                        "record the excerpts it rests on: mnfu audit --worksheet, then mnfu audit --record")]
    found: list[Finding] = []
    usable = []
    for excerpt in evidence:
        problem = _place_problem(excerpt, docs)
        if problem:
            found.append(problem)
        else:
            usable.append(excerpt)
    cited_ids = list(dict.fromkeys(sources))
    backed: set[str] = set()
    for excerpt in usable:
        speaks_for = sources_of_excerpt(excerpt, docs)
        ties = speaks_for & set(cited_ids)
        if not ties:
            found.append(Finding(
                "error", "evidence-source",
                f"excerpt from '{excerpt.get('doc')}' speaks for {_names(speaks_for)}, none of which the statement cites",
                "cite the source the excerpt names, or use an excerpt from a source the statement cites"))
        backed |= ties
    for source in cited_ids:
        if source not in backed and usable:
            found.append(Finding("error", "evidence-source",
                                 f"cited source '{source}' has no excerpt",
                                 "add the excerpt of it the statement rests on, or cite only what the excerpts support"))
    found += _told_by_a_seed(cited_ids, usable, docs)
    words = " ".join(str(e.get("text", "")) for e in usable)
    have = set(numbers(words))
    for excerpt in usable:
        for source in sources_of_excerpt(excerpt, docs):
            have |= _date_numbers((dates or {}).get(source, ""))
    for figure in numbers(plain(text)):
        if figure not in have:
            found.append(Finding("error", "evidence-figure", f"figure '{figure}' is in no excerpt",
                                 "add the excerpt that gives it, or take it out of the statement"))
    late = _after_every_source(plain(text), cited_ids, dates or {})
    if late:
        found.append(late)
    shown = plain(text)
    for excerpt in usable:
        run = copied(shown, str(excerpt.get("text", "")))
        if run:
            found.append(Finding("warning", "evidence-copy",
                                 f"the statement repeats {len(run)} words of its excerpt (one word aside, at most): "
                                 f"\"{_short(' '.join(run), 60)}\"",
                                 "write it in your own words (a passage kept verbatim goes in quotation marks, or in the "
                                 "source's `quotes`)"))
            break
    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", shown):  # a value from a fixed list (a role, a status):
        return _unique(found)  # its hedges belong in the note beside it
    beside = shown + " " + plain(context)
    for excerpt in usable:
        for hedge in hedges(str(excerpt.get("text", ""))):
            if not _has_any(beside, HEDGES[hedge]):
                found.append(Finding("warning", "evidence-hedge",
                                     f"the excerpt says '{hedge}'; the statement keeps no such hedge or attribution",
                                     "keep the source's hedge or say who says it"))
    return _unique(found)


_DATE = re.compile(r"\b(?:(\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s+)?(" + "|".join(m.capitalize() for m in _MONTHS) +
                   r")\s+(\d{4})\b")
_AHEAD = re.compile(r"\b(?:will|would|shall|plan|plans|planned|scheduled|due|expected|set to|is to|are to|was to|"
                    r"were to|intends?|intended|aims?|deadline|until|could|may|might|should)\b", re.IGNORECASE)


def dates_in(text: str) -> list[tuple[int, ...]]:
    """The dates a text names to the month or the day ("17 November 2025", "November 2025"), as
    (year, month[, day]); a year alone is left out (plans name years to come)."""
    out = []
    for day, month, year in _DATE.findall(normalize(text)):
        out.append((int(year), _MONTHS.index(month.lower()) + 1) + ((int(day),) if day else ()))
    return out


def _told_by_a_seed(cited_ids: list[str], usable: list[dict[str, Any]], docs: Documents) -> list[Finding]:
    """A warning for each seed whose own sentences (its prose, not a work's words quoted in its reference
    list, nor a title) are among the excerpts while the statement does not cite it: the statement rests on
    what the seed says, of the works it cites or in its own voice, so it cites the seed too."""
    found = []
    for teller in dict.fromkeys(docs.seeds[str(e.get("doc"))].source for e in usable if _seed_prose(e, docs)):
        if teller not in cited_ids:
            works = ", ".join(f"'{s}'" for s in cited_ids) or "its sources"
            found.append(Finding("warning", "evidence-via",
                                 f"the statement rests on '{teller}''s own sentences (about {works}) without citing it",
                                 f"cite '{teller}' as well, since it is what says so; or rest the statement on the "
                                 "works' own words (their `quotes`) alone"))
    return found


def _seed_prose(excerpt: dict[str, Any], docs: Documents) -> bool:
    seed = docs.seeds.get(str(excerpt.get("doc", "")))
    return seed is not None and excerpt.get("line") not in seed.reference_at


def _after_every_source(shown: str, cited_ids: list[str], dates: dict[str, str]) -> Finding | None:
    """A warning when the statement tells of a date after every work it cites was published: no cited
    work can have reported it (a sentence that looks ahead, with "would", "planned", "due", is left be).
    A work of unknown date could have: then nothing is said."""
    named = dates_in(shown)
    published = [tuple(int(p) for p in str(dates.get(s, "")).split("-") if p.isdigit()) for s in cited_ids]
    if not named or not published or not all(published) or _AHEAD.search(shown):
        return None
    latest = max(named)
    if all(p[:len(latest)] < latest[:len(p)] for p in published):
        newest = max(zip(published, cited_ids, strict=True))[1]
        return Finding("warning", "evidence-date",
                       f"the statement speaks of {_date_text(latest)}, after every work it cites was published "
                       f"(the latest, '{newest}', is dated {dates[newest]})",
                       "cite the work that reports it, or give the date as the cited work has it")
    return None


def _date_text(date: tuple[int, ...]) -> str:
    day = f"{date[2]} " if len(date) > 2 else ""
    return f"{day}{_MONTHS[date[1] - 1].capitalize()} {date[0]}"


COPY_WORDS = 10
"""How many words in a row a statement may share with its excerpt before it reads as a copy."""
_QUOTED = re.compile(r'"[^"]*"')


# British and American spellings of one word count as the same word when looking for a copy
# ("harmonises" copies "harmonizes"): each pattern maps a spelling to one form.
_SPELLINGS = [(re.compile(p), r) for p, r in (
    (r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$", r"iz\1"),  # organise, demilitarised
    (r"(?<=[a-z]{3})ys(e|es|ed|ing)$", r"yz\1"),  # analyse
    (r"(?<=[a-z]{3})our(s|ed|ing|ite|ites|able)?$", r"or\1"),  # colour, labour, favourite
    (r"(?<=[a-z]{2})([fc])ence(s)?$", r"\1ense\2"),  # defence, offence, licence
    (r"(?<=[a-z]{3})tre(s|d)?$", r"ter\1"),  # centre, theatre
    (r"(?<=[a-z]{2}[aeiou])ll(ed|ing|er|ers)$", r"l\1"),  # travelled, modelling
    (r"(?<=[a-z]{2})ogue(s)?$", r"og\1"),  # catalogue
    (r"(?<=[a-z]{2})wards$", "ward"),  # towards, afterwards
    (r"^(among|while)st$", r"\1"),  # amongst, whilst
)]


def _spelling(word: str) -> str:
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9%£€$]+", normalize(text).lower())


_SEED = 3  # a copy is looked for from each place where three words of the statement occur in the excerpt
_PLACES = 4  # ... at the first few places of those three words (a repetitive excerpt stays linear)


def copied(statement: str, excerpt: str, limit: int = COPY_WORDS) -> list[str]:
    """The first run of the statement that follows the excerpt for at least ``limit`` words, allowing
    one word changed, added or left out ("a military command" for "the military command"), outside the
    statement's own quotation marks (a quotation is meant to be verbatim); a word's British and American
    spellings count as one, and a name of several capitalised words as one word (a name cannot be put
    in other words); [] when there is none."""
    text = _QUOTED.sub(" | ", normalize(statement))
    shown = _words(text)
    said = [_spelling(w) for w in shown]
    source = [_spelling(w) for w in _words(excerpt)]
    counted = [0]  # counted[k]: how many of the statement's first k words count towards the limit
    previous = ""
    for word, joined in _cased(text, len(shown)):  # a name of several words ("Common Security") counts as one
        counted.append(counted[-1] + (not (joined and word[:1].isupper() and previous[:1].isupper())))
        previous = word
    places: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(source) - _SEED + 1):
        at = places.setdefault(tuple(source[j:j + _SEED]), [])
        if len(at) < _PLACES:
            at.append(j)

    def together(i: int, j: int, most: int, step: int = 1) -> int:
        """How many words the two share from i and j on (``step`` 1), or just before them (-1)."""
        n = 0
        if step < 0:
            i, j = i - 1, j - 1
        while n < most and 0 <= i + step * n < len(said) and 0 <= j + step * n < len(source) \
                and said[i + step * n] == source[j + step * n]:
            n += 1
        return n

    skips = ((1, 1), (1, 0), (0, 1))  # a word changed, added by the statement, left out of it

    def run(i: int, j: int, most: int) -> tuple[int, int, int]:
        """How many counted words match from i and j, one word aside at most, before or after the
        words that match from there; and where that run starts and ends in the statement."""
        same = together(i, j, most)
        runs = [(counted[i + same] - counted[i], i, i + same)]
        for skip_said, skip_source in skips:
            after = together(i + same + skip_said, j + same + skip_source, most)
            if after:
                end = i + same + skip_said + after
                runs.append((counted[end] - counted[i] - (counted[end - after] - counted[i + same]), i, end))
            before = together(i - skip_said, j - skip_source, most, -1)
            if before:
                start = i - skip_said - before
                runs.append((counted[i + same] - counted[start] - (counted[i] - counted[i - skip_said]), start,
                             i + same))
        return max(runs)

    for i in range(len(said) - _SEED + 1):
        for j in places.get(tuple(said[i:i + _SEED]), ()):
            if run(i, j, _NAMES * limit)[0] >= limit:
                _, start, end = run(i, j, len(said))
                return shown[start:end]  # the whole run, as the statement spells it
    return []


_NAMES = 3  # a run is followed for this many times the limit in words at most (names count as one)


def _cased(text: str, n: int) -> list[tuple[str, bool]]:
    """The words of ``_words(text)`` as written (capitals kept), each with whether only a space (or '&',
    '-') parts it from the word before, as within a name; none capitalised when they cannot be matched
    one to one (a letter whose lower case is longer)."""
    original = normalize(text)
    lowered = original.lower()
    if len(lowered) != len(original):
        return [("", False)] * n
    words, end = [], 0
    for m in re.finditer(r"[a-z0-9%£€$]+", lowered):
        words.append((original[m.start():m.end()], original[end:m.start()].strip(" &-") == ""))
        end = m.end()
    return words


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def _names(ids: Iterable[str]) -> str:
    ids = sorted(ids)
    return ", ".join(f"'{i}'" for i in ids) if ids else "no source"


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------- suggestions

_WORD = re.compile(r"[a-zA-Z]{4,}")


def candidates(text: str, sources: Iterable[str], docs: Documents, limit: int = 4) -> Iterator[dict[str, Any]]:
    """Excerpts a statement may rest on, best first: the seed sentences that carry a cited source's
    reference marker (or, for a seed cited itself, any of its sentences), and the cited sources' quotes,
    ranked by the words they share with the statement."""
    want = {w.lower() for w in _WORD.findall(plain(text))}
    figures = set(numbers(plain(text)))
    pool: list[tuple[float, dict[str, Any]]] = []
    cited_ids = set(sources)
    for seed in docs.seeds.values():
        refs = {n for (sid, n), ids in docs.by_ref.items() if sid == seed.source and ids & cited_ids}
        whole = seed.source in cited_ids
        for i, line in enumerate(seed.lines, start=1):
            if i in seed.reference_at:
                if not set(seed.reference_at[i]) & refs:
                    continue
                parts = [line]
            else:
                marks = {int(n) for n in _REF_MARKER.findall(line)}
                if not (whole or marks & refs):
                    continue
                parts = split_sentences(line)
            for part in parts:
                if not (whole or {int(n) for n in _REF_MARKER.findall(part)} & refs or i in seed.reference_at):
                    continue
                pool.append((_score(part, want, figures), {"doc": seed.name, "line": i, "text": part}))
    for source in cited_ids:
        model = docs.sources.get(source)
        if model is None:
            continue
        for n, quote in enumerate(model.quotes, start=1):
            pool.append((_score(quote.text, want, figures), {"doc": source, "line": n, "text": quote.text}))
    pool.sort(key=lambda p: -p[0])
    for _, excerpt in pool[:limit]:
        yield excerpt


def _score(text: str, want: set[str], figures: set[str]) -> float:
    have = {w.lower() for w in _WORD.findall(text)}
    share = len(want & have) / (len(want) or 1)
    return share + 0.5 * len(figures & set(numbers(text)))


# ---------------------------------------------------------------- field policies

POLICIES = {
    "figure": "every figure of the statement in an excerpt's own words (a source's date does not count)",
    "subject": "an excerpt whose subject is the entity itself (it names the country or its government)",
    "attributed": "the statement says who says it, or every clause of it is in the excerpts",
    "clauses": "every clause of the statement is in the excerpts (most of its words)",
}
"""What a field's statements need beyond the general checks (``[tool.mnfu.policy]`` in pyproject.toml)."""

ATTRIBUTIONS = ("according to", "said", "says", "say", "stated", "states", "told", "argued", "argues", "argue",
                "reported", "reports", "report", "wrote", "writes", "described", "describes", "sees", "saw",
                "judge", "judges", "judged", "assess", "assesses", "assessed", "estimated", "estimates", "announced",
                "claimed", "claims", "suggested", "suggests", "insisted", "warned", "noted", "in the view of",
                "calls", "called", "considers", "considered", "expects", "expected", "believes", "analysts",
                "authors", "brief", "briefing", "wikipedia", "the report", "declared", "pledged", "confirmed")
_STOP = frozenset(["that", "this", "with", "from", "have", "been", "were", "which", "their", "there", "would", "could", "should", "about", "into", "than", "then", "they", "them", "these", "those", "while", "where", "when", "what", "will", "also", "only", "over", "such", "more", "most", "other", "some", "each", "after", "before", "being", "under", "upon", "between", "against", "through", "within", "without", "says", "said"])
_CLAUSE = re.compile(r";|,\s*(?:and|but|while|whereas|which|who)\b|\s(?:and|but|while|whereas)\s")


def _stem(word: str) -> str:
    return word.lower()[:5]


def _content(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-zÀ-ÿ]{4,}", text) if w.lower() not in _STOP}


def policy_problems(rule: str, text: str, evidence: list[dict[str, Any]], subject: Iterable[str] = ()) -> list[Finding]:
    """What a statement lacks under its field's policy (``rule``: a key of :data:`POLICIES`)."""
    shown = plain(text)
    words = " ".join(str(e.get("text", "")) for e in evidence)
    if rule == "figure":
        have = set(numbers(words))
        return [Finding("warning", "evidence-policy", f"policy 'figure': '{f}' is in no excerpt's own words",
                        "add the excerpt that gives the figure") for f in numbers(shown) if f not in have]
    if rule == "subject":
        names = [n for n in subject if n]
        low = normalize(words).lower()
        if names and not any(re.search(r"\b" + re.escape(normalize(n).lower()) + r"\b", low) for n in names):
            return [Finding("warning", "evidence-policy",
                            f"policy 'subject': no excerpt names {names[0]} (or its government) as the one who acts",
                            "a pledge or position is the country's own: cite what it said or did")]
        return []
    if rule in ("attributed", "clauses"):
        if rule == "attributed" and _has_any(shown, ATTRIBUTIONS):
            return []
        have = _content(words)
        weak = []
        for clause in _CLAUSE.split(shown):
            want = _content(clause)
            if len(want) >= 2 and len(want & have) / len(want) < 0.5:
                weak.append(" ".join(clause.split()))
        return [Finding("warning", "evidence-policy",
                        f"policy '{rule}': the clause \"{_short(c, 60)}\" is mostly not in the excerpts",
                        "say who says it, or keep to what the excerpts say") for c in weak]
    return []
