"""Typed models of the data files (pydantic, unknown keys forbidden).

Every fact carries its sources: structured values have a ``sources`` list, prose cites inline
(see ``resolve``). Facts that can change carry ``as_of``. Each field's description is what editors
see in their YAML extension, through the JSON Schema written by ``mnfu schema``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
PARTIAL_DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"


class Model(BaseModel):
    """Base of every model: unknown keys are errors, text is stripped."""

    # allow_inf_nan=False: '.nan', 'inf' or '1e999' in a number field is an error, not an invalid JSON download
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, allow_inf_nan=False, defer_build=True)


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
class ProseText(str):
    """A string that may carry inline citations and links; ``resolve`` checks and parses it."""

    __slots__ = ()


Prose = Annotated[str, StringConstraints(min_length=1), AfterValidator(ProseText), Field(
    description="Text in your own words. Cite with [@source-id] or [@source-id, p. 7]; link an entity "
    "with [[entity-id]] or [[entity-id|shown text]]; mark a gap with [citation needed, YYYY-MM-DD].")]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$"),
                     Field(description="ISO 639-1 language code, e.g. en, fr, uk")]


MIN_YEAR, MAX_YEAR = 1900, 2100
"""Dates outside these years are typing mistakes in this data set (and would stretch the timeline)."""


def _check_year(year: int, value: object) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"'{value}' is not a plausible date: the year must be between {MIN_YEAR} and {MAX_YEAR}")


def _check_partial_date(value: str) -> str:
    parts = [int(p) for p in value.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    _check_year(year, value)
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date ({exc})") from None
    return value


def _check_day(value: dt.date) -> dt.date:
    _check_year(value.year, value.isoformat())
    return value


Day = Annotated[dt.date, AfterValidator(_check_day)]


PartialDate = Annotated[
    str,
    StringConstraints(pattern=PARTIAL_DATE_PATTERN),
    AfterValidator(_check_partial_date),
    Field(description="A date as precise as known: YYYY-MM-DD, YYYY-MM or YYYY"),
]


MAX_URL = 2000
_URL_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`\x00-\x1f]')  # not allowed in an address (RFC 3986): encode them
_HOST_RE = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9A-Fa-f:.]+\]")


def _check_url(value: str) -> str:
    """An http(s) address with a host name; checked by splitting, not by one regular expression, so a
    long address costs linear time."""
    import urllib.parse

    shown = value if len(value) <= 80 else value[:77] + "..."
    if len(value) > MAX_URL:
        raise ValueError(f"'{shown}' is longer than {MAX_URL} characters")
    try:
        parts = urllib.parse.urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        host, parts = "", None
    if (parts is None or parts.scheme not in ("http", "https") or not _HOST_RE.fullmatch(host)
            or _URL_FORBIDDEN.search(value) or not value.lower().startswith(parts.scheme + "://")):
        raise ValueError(f"'{shown}' is not an http:// or https:// address with a host name")
    return value


Url = Annotated[str, AfterValidator(_check_url), Field(description="http(s) address")]


def partial_date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest day a partial date can stand for."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


# ---------------------------------------------------------------- citations


class Cite(Model):
    """A citation of a source, with an optional locator (page, section or video time)."""

    source: Slug = Field(description="id of a file in data/sources/")
    locator: Text | None = Field(None, description="page, section or time, e.g. 'p. 7' or '02:34'")


def _cite_from_str(value: Any) -> Any:
    return {"source": value} if isinstance(value, str) else value


_CITE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": SLUG_PATTERN, "description": "id of a source"},
        {
            "type": "object",
            "properties": {
                "source": {"type": "string", "pattern": SLUG_PATTERN, "description": "id of a file in data/sources/",
                           "examples": ["allison-2025-09-06"]},
                "locator": {"type": "string", "minLength": 1, "description": "page, section or time in the source",
                            "examples": ["p. 7", "02:34"]},
            },
            "required": ["source"],
            "additionalProperties": False,
        },
    ]
}
CiteRef = Annotated[Cite, BeforeValidator(_cite_from_str), WithJsonSchema(_CITE_SCHEMA)]
Sources = Annotated[list[CiteRef], Field(min_length=1, description="at least one source id")]


class Figure(Model):
    """A sourced value: a figure, rank, date or short fact, with who gave it and when."""

    value: Text = Field(description="the value as the source gives it, e.g. '25,000–30,000 personnel'")
    low: float | None = Field(None, description="lower bound as a number, when the value is a figure")
    high: float | None = Field(None, description="upper bound as a number, when the value is a figure")
    given_by: Prose | None = Field(None, description="who stated it, e.g. '[[ua]] officials'")
    as_of: PartialDate | None = Field(None, description="The date the figure describes", examples=["2025-09"])
    sources: Sources
    note: Prose | None = Field(None, description="What qualifies the figure (what it counts, how it was reached)")


class Statement(Model):
    """A statement in prose with its inline citations, and as_of when it can change."""

    text: Prose
    as_of: PartialDate | None = Field(None, description="The date the statement describes, when it can change", examples=["2025-11"])


def _statement_from_str(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


_STATEMENT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {
                "text": {"type": "string", "minLength": 1,
                         "description": "The statement in your own words, with its citations [@source-id]"},
                "as_of": {"type": "string", "pattern": PARTIAL_DATE_PATTERN,
                          "description": "The date the statement describes, when it can change",
                          "examples": ["2025-11"]},
            },
            "required": ["text"],
            "additionalProperties": False,
        },
    ]
}
StatementRef = Annotated[Statement, BeforeValidator(_statement_from_str), WithJsonSchema(_STATEMENT_SCHEMA)]


class Section(Model):
    """A titled block of prose on an entity page."""

    title: Text = Field(description="The heading of the block", examples=["Background and formation"])
    body: Prose


class DisputedValue(Model):
    """One of the values sources give for a disputed point."""

    value: Text = Field(description="The value as this source gives it", examples=["10 July 2025"])
    sources: Sources
    note: Prose | None = Field(None, description="What qualifies this value")


class Dispute(Model):
    """A point where sources disagree: every value is shown with its sources."""

    topic: Text = Field(description="What the sources disagree on", examples=["When the headquarters was established"])
    values: list[DisputedValue] = Field(min_length=2, description="Each value a source gives, with its sources (at least two)")
    note: Prose | None = Field(None, description="How the values differ or might be reconciled")


class Entity(Model):
    """Fields shared by every entity page."""

    name: Text = Field(description="the name shown on the site")
    article: Literal["the"] | None = Field(
        None, description="The article the name takes in a sentence: a link [[id]] in prose then reads "
        "'the United Kingdom' ('The United Kingdom' at the start of a sentence); lists and tables show the "
        "name alone", examples=["the"])
    summary: Prose
    sections: list[Section] = Field([], description="More titled blocks of prose on the entity's page")
    disputes: list[Dispute] = Field([], description="Points where the sources disagree; each value is shown with its own sources")
    see_also: list[Slug] = Field([], description="ids of related entities")


# ---------------------------------------------------------------- the force


class Name(Model):
    """A name of the force in one language."""

    name: Text = Field(description="The name as written in its language", examples=["Multinational Force – Ukraine"])
    lang: LangCode
    kind: Literal["official", "abbreviation", "former-initialism", "alternative", "descriptive"] = Field("official", description="What sort of name it is", examples=["official"])
    romanized: Text | None = Field(None, description="The name in Latin letters, for names in other scripts", examples=["Bahatonatsionalni syly — Ukraina"])
    literal: Text | None = Field(None, description="literal English translation")
    sources: Sources
    note: Prose | None = Field(None, description="Where and how the name is used")


class StatusEntry(Model):
    """The status of the force at a date."""

    status: Text = Field(description="The status in a few words", examples=["planned, not yet mandated"])
    as_of: PartialDate
    sources: Sources
    note: Prose | None = Field(None, description="What qualifies the status")


class CommandPost(Model):
    """A post in the command structure; holder unknown unless a source names one."""

    post: Text = Field(description="e.g. 'Commander (COM MNF-U)'")
    rank: Text | None = Field(None, description="The rank of the post holder, as the sources give it", examples=["three-star"])
    nation: Slug | None = Field(None, description="id of the contributor providing the post holder")
    based_at: Slug | None = Field(None, description="id of the headquarters")
    holder: Text | None = Field(None, description="name, only where a source gives it")
    as_of: PartialDate | None = Field(None, description="The date the sources describe", examples=["2025-09-05"])
    sources: Sources
    note: Prose | None = Field(None, description="What qualifies the post")


class PlanProvision(Model):
    """A peace plan whose provisions the force depends on."""

    name: Text = Field(description="The name of the plan", examples=["US 28-point peace plan"])
    date: PartialDate | None = Field(None, description="When the plan was made public", examples=["2025-11-21"])
    text: Prose


class Force(Entity):
    """The Multinational Force – Ukraine itself (data/force/mnf-u.yaml)."""

    abbreviation: Text = Field(description="The usual abbreviation of the force", examples=["MNF-U"])
    names: list[Name] = Field(min_length=1, description="Every name of the force, in each language, with its sources")
    names_note: Prose | None = Field(None, description="What the sources say of the names as a whole (first use, "
                                     "usage, translation), shown under the table of names")
    status: list[StatusEntry] = Field(min_length=1, description="The status of the force over time, oldest first")
    objectives: list[StatementRef] = Field([], description="The stated objectives, one statement each")
    tasks: list[StatementRef] = Field([], description="The planned tasks, one statement each")
    size_estimates: list[Figure] = Field([], description="Every estimate of the force's size, with who gave it and when")
    contributor_counts: list[Figure] = Field([], description="Counts of the countries taking part, as the sources give them")
    command: list[CommandPost] = Field([], description="The posts of the command structure")
    languages: list[Figure] = Field([], description="Working languages, as sourced figures")
    time_zone: Figure | None = Field(None, description="The time zone of the operation")
    funding: list[StatementRef] = Field([], description="How the force is to be paid for")
    operational_area: list[StatementRef] = Field([], description="Where the force would operate")
    peace_plans: list[PlanProvision] = Field([], description="Peace plans whose provisions the force depends on")
    end_state: list[StatementRef] = Field([], description="The end state and exit criteria")


# ---------------------------------------------------------------- contributors

ROLES = {
    "lead-nation": "Lead nation",
    "troop-pledge": "Troop pledge",
    "support-only": "Support only",
    "undecided": "Undecided",
    "ruled-out-troops": "Ruled out troops",
    "host-nation": "Host nation",
    "non-coalition-partner": "Non-coalition partner",
    "participant": "Participant (role not stated)",
    "unknown": "Unknown",
}
Role = Literal[
    "lead-nation", "troop-pledge", "support-only", "undecided", "ruled-out-troops",
    "host-nation", "non-coalition-partner", "participant", "unknown",
]


class RoleFact(Model):
    """A country's role in the force, as of a date."""

    value: Role = Field(description="The country's role", examples=["troop-pledge"])
    as_of: PartialDate
    sources: Sources
    note: Prose | None = Field(None, description="What qualifies the role")


APPROVAL = {
    "required": "Required, not yet given",
    "not-required": "Not required",
    "granted": "Granted",
    "pending": "Pending",
    "refused": "Refused",
    "unknown": "Unknown",
}


class Approval(Model):
    """Whether the national parliament must approve, or has approved, a deployment."""

    status: Literal["required", "not-required", "granted", "pending", "refused", "unknown"] = Field(description="Whether a parliamentary vote is needed, or has been held", examples=["required"])
    text: Prose | None = Field(None, description="What the sources say about the approval")
    as_of: PartialDate | None = Field(None, description="The date the sources describe", examples=["2025-11"])
    sources: list[CiteRef] = Field([], description="Sources for the status (none when it is unknown)")


class Contributor(Entity):
    """A country named in relation to the force (data/contributors/<iso 3166-1 alpha-2>.yaml)."""

    role: RoleFact = Field(description="The country's role in the force, as of a date")
    pledges: list[StatementRef] = Field([], description="What the country has pledged, one statement each")
    conditions: list[StatementRef] = Field([], description="The conditions it sets on taking part")
    parliamentary_approval: Approval | None = Field(None, description="Whether its parliament must approve, or has approved, a deployment")
    figures: list[Figure] = Field([], description="Other sourced figures about the country's part (money, troops, equipment)")


# ---------------------------------------------------------------- other kinds


class Coordinates(Model):
    """WGS 84 latitude and longitude in decimal degrees."""

    lat: float = Field(ge=-90, le=90, description="Latitude in decimal degrees, north positive", examples=[48.872828])
    lon: float = Field(ge=-180, le=180, description="Longitude in decimal degrees, east positive", examples=[2.213313])
    sources: Sources


class Headquarters(Entity):
    """A headquarters of the force (data/headquarters/<id>.yaml)."""

    place: Text = Field(description="Where it stands, as the sources give it", examples=["Mont-Valérien, west of Paris"])
    country: Slug | None = Field(None, description="id of the contributor where it stands")
    coordinates: Coordinates | None = Field(None, description="Latitude and longitude, with their source; the map places it there")
    role: Prose
    staff: list[Figure] = Field([], description="Staff figures, with who gave them and when")
    commander: list[Figure] = Field([], description="The commander, as the sources describe the post")
    established: list[Figure] = Field([], description="When it was established (several steps may each be dated)")


ORG_KINDS = {
    "coalition": "Coalition",
    "international-organization": "International organization",
    "mission": "Mission",
    "command": "Command",
    "group": "Group",
    "fund": "Fund",
    "opposing-state": "Opposing state",
    "initiative": "Initiative",
}


class Organization(Entity):
    """A partner, mission, command, group or opposing state (data/organizations/<id>.yaml)."""

    abbreviation: Text | None = Field(None, description="The usual abbreviation", examples=["NATO"])
    kind: Literal["coalition", "international-organization", "mission", "command", "group", "fund",
                  "opposing-state", "initiative"] = Field(
        description="What sort of body it is",
        examples=["international-organization"])
    relation: Prose | None = Field(None, description="how it relates to the force")


class Event(Model):
    """A dated event on the timeline (data/events/<yyyy-mm-dd-slug>.yaml)."""

    title: Text = Field(description="What happened, in a few words", examples=["London summit"])
    date: PartialDate
    end_date: PartialDate | None = Field(None, description="The last day, for an event over several days", examples=["2025-12-15"])
    approximate: bool = Field(False, description="true when the source gives the date as approximate")
    place: Text | None = Field(None, description="Where it happened", examples=["Lancaster House, London"])
    participants: list[Slug] = Field([], description="ids of the entities that took part")
    summary: Prose


class Position(Model):
    """A position taken on a legal issue."""

    holder: Slug | None = Field(None, description="id of the entity holding it")
    holder_name: Text | None = Field(None, description="who holds it, when not an entity")
    text: Prose
    as_of: PartialDate | None = Field(None, description="The date the position was stated", examples=["2025-10"])

    @model_validator(mode="after")
    def _has_holder(self) -> Position:
        if not (self.holder or self.holder_name):
            raise ValueError("a position needs 'holder' (an entity id) or 'holder_name'")
        return self


LEGAL_STATUS = {"open": "Open", "partly-settled": "Partly settled", "settled": "Settled"}


class LegalStatus(Model):
    """Where a legal issue stands, as of a date."""

    value: Literal["open", "partly-settled", "settled"] = Field(description="Where the issue stands", examples=["open"])
    as_of: PartialDate
    sources: Sources


class LegalIssue(Entity):
    """A legal question the force raises (data/legal-issues/<id>.yaml)."""

    status: LegalStatus = Field(description="Where the issue stands, as of a date")
    at_stake: Prose
    positions: list[Position] = Field([], description="Positions taken on the issue, each with who holds it")


class Precedent(Entity):
    """An earlier force the sources compare MNF-U with (data/precedents/<id>.yaml)."""

    period: Text | None = Field(None, description="When the earlier force operated", examples=["1999–present"])
    comparison: Prose


class Term(Model):
    """An abbreviation used on the site."""

    abbr: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 .&/–-]*$")] = Field(
        description="the abbreviation exactly as it appears in text, e.g. MNF-U")
    expansion: Annotated[str, StringConstraints(pattern=r"^[^\[\]\n<>]+$")] = Field(description="What it stands for, as the sources give it", examples=["Multinational Force – Ukraine"])
    entity: Slug | None = Field(None, description="id of the entity it names, if any")


class Glossary(Model):
    """Every abbreviation the site uses (data/glossary.yaml)."""

    terms: list[Term] = Field(min_length=1, description="Every abbreviation, in any order")


# ---------------------------------------------------------------- sources

SOURCE_KINDS = {
    "news": "News",
    "analysis": "Analysis",
    "government-statement": "Government statement",
    "parliamentary-answer": "Parliamentary answer",
    "speech": "Speech",
    "report": "Report",
    "journal-article": "Journal article",
    "book": "Book",
    "book-chapter": "Book chapter",
    "video": "Video",
    "press-release": "Press release",
    "reference-work": "Reference work",
    "web-page": "Web page",
    "social-media-post": "Social media post",
    "dataset": "Dataset",
}
SourceKind = Literal[
    "news", "analysis", "government-statement", "parliamentary-answer", "speech", "report",
    "journal-article", "book", "book-chapter", "video", "press-release", "reference-work", "web-page",
    "social-media-post", "dataset",
]


class Person(Model):
    """An author or editor: family and given name, or one name for a body or unsplittable name."""

    family: Text | None = Field(None, description="Family name", examples=["Allison"])
    given: Text | None = Field(None, description="Given name or initials", examples=["George"])
    name: Text | None = Field(None, description="A single name: a body, or a name that does not split", examples=["UK Ministry of Defence"])

    @model_validator(mode="after")
    def _one_form(self) -> Person:
        if bool(self.name) == bool(self.family or self.given):
            raise ValueError("give either 'family' (and 'given') or 'name', not both")
        if self.given and not self.family:
            raise ValueError("'given' needs 'family'")
        return self

    def display(self) -> str:
        """'Family, Given' or the single name."""
        if self.name:
            return self.name
        return f"{self.family}, {self.given}" if self.given else str(self.family)


class SeedRef(Model):
    """A numbered reference of the seed article this source was transcribed from."""

    ref: int = Field(ge=1, description="The reference's number in the Wikipedia article's list", examples=[38])
    locator: Text | None = Field(None, description="Page or section the reference points to", examples=["p. 18"])


def _seed_ref_from_int(value: Any) -> Any:
    return {"ref": value} if isinstance(value, (str, int)) else value


SeedRefItem = Annotated[SeedRef, BeforeValidator(_seed_ref_from_int), WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 1}, {
        "type": "object", "properties": {
            "ref": {"type": "integer", "minimum": 1, "description": "The reference's number in the Wikipedia article's list"},
            "locator": {"type": "string", "description": "Page or section the reference points to"}},
        "required": ["ref"], "additionalProperties": False}]})]


class Quote(Model):
    """A quotation the reference gives, verbatim, with its English translation where given."""

    text: Text = Field(description="The quotation, verbatim, in its language")
    translation: Text | None = Field(None, description="The English translation the reference gives")
    locator: Text | None = Field(None, description="Where in the work the quotation stands", examples=["p. 4"])
    seed_ref: int | None = Field(None, ge=1, description="The number of the reference in the Wikipedia article that gives the quotation", examples=[90])


class ReferenceNote(Model):
    """What a reference gives under the work that is not the work's own words: a note by the article's
    editors (a sum, a conversion, a date), verbatim."""

    text: Text = Field(description="The note, verbatim", examples=["As of October 2025, aid is valued at about €714 million."])
    seed_ref: int = Field(ge=1, description="The number of the reference in the Wikipedia article that gives the note", examples=[12])


class Untranscribed(Model):
    """A numbered reference of a seed document deliberately not transcribed, and why."""

    ref: int = Field(ge=1, description="The number of the reference left out", examples=[12])
    reason: Text = Field(description="Why it was left out")


class Uncovered(Model):
    """A paragraph of a seed document the site deliberately does not carry, and why."""

    starts: Text = Field(description="The paragraph's first words, as in the seed (reference markers may be left out)",
                         examples=["The Multinational Force–Ukraine (MNF-U), also referred to as"])
    reason: Text = Field(description="Why the site leaves it out", examples=["Repeats the lead section"])


class Identifiers(Model):
    """Standard identifiers of a source."""

    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = Field(None, description="Digital Object Identifier, without https://doi.org/", examples=["10.1080/16544951.2025.2463258"])
    isbn: Annotated[str, StringConstraints(pattern=r"^(?:97[89]-?)?(?:\d-?){9}[\dX]$")] | None = Field(None, description="ISBN-10 or ISBN-13")
    issn: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{3}[\dX]$")] | None = Field(None, description="ISSN of the journal or series", examples=["1234-5678"])
    uin: Text | None = Field(None, description="UK parliamentary written-question number")
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q\d+$")] | None = Field(None, description="Wikidata item id", examples=["Q123"])
    report_number: Text | None = Field(None, description="Number of a report or paper", examples=["CBP-10308"])


class Source(Model):
    """A bibliographic source (data/sources/<id>.yaml)."""

    kind: SourceKind = Field(description="What sort of work it is", examples=["news"])
    title: Text = Field(description="The title exactly as published, in its language", examples=["UK to lead headquarters of Multinational Force Ukraine"])
    title_translated: Text | None = Field(None, description="The English title, as the reference gives it")
    authors: list[Person] = Field([], description="The authors, in order")
    editors: list[Person] = Field([], description="The editors, for an edited work")
    work: Text | None = Field(None, description="newspaper, website, journal, series or book it appears in")
    publisher: Text | None = Field(None, description="The publisher", examples=["Norwegian Institute of International Affairs"])
    volume: Text | None = Field(None, description="Volume of a journal, series or book", examples=["849"])
    issue: Text | None = Field(None, description="Issue of a journal", examples=["2"])
    pages: Text | None = Field(None, description="Pages, as a range or a count", examples=["1–22"])
    language: LangCode = "en"
    published: PartialDate | None = Field(None, description="The publication date, as precise as known", examples=["2025-09-06"])
    retrieved: Day | None = Field(None, description="When the work was read online (YYYY-MM-DD)", examples=["2025-11-17"])
    archived: Day | None = Field(None, description="When the archive copy was made (YYYY-MM-DD)", examples=["2025-11-28"])
    url: Url | None = Field(None, description="The web address of the work, only where a source gives it", examples=["https://example.org/report"])
    archive_url: Url | None = Field(None, description="The address of an archived copy (needs 'archived')")
    via: Text | None = Field(None, description="The service it was read through (a database, a video site)", examples=["YouTube"])
    format: Literal["pdf"] | None = Field(None, description="pdf, when the work is a PDF file", examples=["pdf"])
    license: Text | None = Field(None, description="The licence of the work, where it has one", examples=["CC BY-SA 4.0"])
    identifiers: Identifiers | None = Field(None, description="DOI, ISBN, ISSN and the like")
    seed_refs: list[SeedRefItem] = Field([], description="numbers of the seed article's references")
    seed_document: Text | None = Field(None, description="path of the seed file, when the source is a seed")
    reference_count: int | None = Field(None, ge=0, description="for a seed document: how many numbered references it has")
    untranscribed: list[Untranscribed] = Field([], description="for a seed document: references left out, with the reason")
    uncovered: list[Uncovered] = Field([], description="for a seed document: paragraphs the site leaves out, with the reason")
    quotes: list[Quote] = Field([], description="Quotations the reference gives, verbatim")
    reference_notes: list[ReferenceNote] = Field([], description="Notes the reference gives that are not the work's own words "
                                                 "(the article's editors' sums, conversions, dates): shown as the article's words")
    note: Prose | None = Field(None, description="A transcription note: what is unusual about the reference as given")


KIND_MODELS: dict[str, type[Model]] = {
    "force": Force,
    "contributor": Contributor,
    "organization": Organization,
    "headquarters": Headquarters,
    "event": Event,
    "legal_issue": LegalIssue,
    "precedent": Precedent,
    "source": Source,
    "glossary": Glossary,
}


RESERVED_IDS = frozenset({
    "index", "search", "assets", "sitemap", "404", "ref", "downloads", "data", "schema", "stylesheets",
    "javascripts", "map", "timeline", "sources", "precedents", "glossary", "statistics", "coverage",
    "contributors", "organizations", "headquarters", "legal-issues", "references", "see-also",
    "what-links-here", "disputed-points", "cite-this-page", "changes", "maintenance",
})
"""Ids an entity or source cannot take: names of pages, folders and headings the site already uses
(an entity named ``index`` would replace its section's index page; a source named ``references`` would
share an anchor with a heading)."""
