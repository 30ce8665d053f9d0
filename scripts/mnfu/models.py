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
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, allow_inf_nan=False)


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
                "source": {"type": "string", "pattern": SLUG_PATTERN},
                "locator": {"type": "string", "minLength": 1},
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
    as_of: PartialDate | None = None
    sources: Sources
    note: Prose | None = None


class Statement(Model):
    """A statement in prose with its inline citations, and as_of when it can change."""

    text: Prose
    as_of: PartialDate | None = None


def _statement_from_str(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


_STATEMENT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {
                "text": {"type": "string", "minLength": 1},
                "as_of": {"type": "string", "pattern": PARTIAL_DATE_PATTERN},
            },
            "required": ["text"],
            "additionalProperties": False,
        },
    ]
}
StatementRef = Annotated[Statement, BeforeValidator(_statement_from_str), WithJsonSchema(_STATEMENT_SCHEMA)]


class Section(Model):
    """A titled block of prose on an entity page."""

    title: Text
    body: Prose


class DisputedValue(Model):
    """One of the values sources give for a disputed point."""

    value: Text
    sources: Sources
    note: Prose | None = None


class Dispute(Model):
    """A point where sources disagree: every value is shown with its sources."""

    topic: Text
    values: list[DisputedValue] = Field(min_length=2)
    note: Prose | None = None


class Entity(Model):
    """Fields shared by every entity page."""

    name: Text = Field(description="the name shown on the site")
    summary: Prose
    sections: list[Section] = []
    disputes: list[Dispute] = []
    see_also: list[Slug] = Field([], description="ids of related entities")


# ---------------------------------------------------------------- the force


class Name(Model):
    """A name of the force in one language."""

    name: Text
    lang: LangCode
    kind: Literal["official", "abbreviation", "former-initialism", "alternative", "descriptive"] = "official"
    romanized: Text | None = None
    literal: Text | None = Field(None, description="literal English translation")
    sources: Sources
    note: Prose | None = None


class StatusEntry(Model):
    """The status of the force at a date."""

    status: Text
    as_of: PartialDate
    sources: Sources
    note: Prose | None = None


class CommandPost(Model):
    """A post in the command structure; holder unknown unless a source names one."""

    post: Text = Field(description="e.g. 'Commander (COM MNF-U)'")
    rank: Text | None = None
    nation: Slug | None = Field(None, description="id of the contributor providing the post holder")
    based_at: Slug | None = Field(None, description="id of the headquarters")
    holder: Text | None = Field(None, description="name, only where a source gives it")
    as_of: PartialDate | None = None
    sources: Sources
    note: Prose | None = None


class PlanProvision(Model):
    """A peace plan whose provisions the force depends on."""

    name: Text
    date: PartialDate | None = None
    text: Prose


class Force(Entity):
    """The Multinational Force – Ukraine itself (data/force/mnf-u.yaml)."""

    abbreviation: Text
    names: list[Name] = Field(min_length=1)
    status: list[StatusEntry] = Field(min_length=1)
    objectives: list[StatementRef] = []
    tasks: list[StatementRef] = []
    size_estimates: list[Figure] = []
    contributor_counts: list[Figure] = []
    command: list[CommandPost] = []
    languages: list[Figure] = []
    time_zone: Figure | None = None
    funding: list[StatementRef] = []
    operational_area: list[StatementRef] = []
    peace_plans: list[PlanProvision] = []
    end_state: list[StatementRef] = []


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
}
Role = Literal[
    "lead-nation", "troop-pledge", "support-only", "undecided", "ruled-out-troops",
    "host-nation", "non-coalition-partner", "participant",
]


class RoleFact(Model):
    """A country's role in the force, as of a date."""

    value: Role
    as_of: PartialDate
    sources: Sources
    note: Prose | None = None


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

    status: Literal["required", "not-required", "granted", "pending", "refused", "unknown"]
    text: Prose | None = None
    as_of: PartialDate | None = None
    sources: list[CiteRef] = []


class Contributor(Entity):
    """A country named in relation to the force (data/contributors/<iso 3166-1 alpha-2>.yaml)."""

    role: RoleFact
    pledges: list[StatementRef] = []
    conditions: list[StatementRef] = []
    parliamentary_approval: Approval | None = None
    figures: list[Figure] = []


# ---------------------------------------------------------------- other kinds


class Coordinates(Model):
    """WGS 84 latitude and longitude in decimal degrees."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    sources: Sources


class Headquarters(Entity):
    """A headquarters of the force (data/headquarters/<id>.yaml)."""

    place: Text
    country: Slug | None = Field(None, description="id of the contributor where it stands")
    coordinates: Coordinates | None = None
    role: Prose
    staff: list[Figure] = []
    commander: list[Figure] = []
    established: list[Figure] = []


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

    abbreviation: Text | None = None
    kind: Literal["coalition", "international-organization", "mission", "command", "group", "fund",
                  "opposing-state", "initiative"]
    relation: Prose | None = Field(None, description="how it relates to the force")


class Event(Model):
    """A dated event on the timeline (data/events/<yyyy-mm-dd-slug>.yaml)."""

    title: Text
    date: PartialDate
    end_date: PartialDate | None = None
    approximate: bool = Field(False, description="true when the source gives the date as approximate")
    place: Text | None = None
    participants: list[Slug] = Field([], description="ids of the entities that took part")
    summary: Prose


class Position(Model):
    """A position taken on a legal issue."""

    holder: Slug | None = Field(None, description="id of the entity holding it")
    holder_name: Text | None = Field(None, description="who holds it, when not an entity")
    text: Prose
    as_of: PartialDate | None = None

    @model_validator(mode="after")
    def _has_holder(self) -> Position:
        if not (self.holder or self.holder_name):
            raise ValueError("a position needs 'holder' (an entity id) or 'holder_name'")
        return self


LEGAL_STATUS = {"open": "Open", "partly-settled": "Partly settled", "settled": "Settled"}


class LegalStatus(Model):
    """Where a legal issue stands, as of a date."""

    value: Literal["open", "partly-settled", "settled"]
    as_of: PartialDate
    sources: Sources


class LegalIssue(Entity):
    """A legal question the force raises (data/legal-issues/<id>.yaml)."""

    status: LegalStatus
    at_stake: Prose
    positions: list[Position] = []


class Precedent(Entity):
    """An earlier force the sources compare MNF-U with (data/precedents/<id>.yaml)."""

    period: Text | None = None
    comparison: Prose


class Term(Model):
    """An abbreviation used on the site."""

    abbr: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 .&/–-]*$")] = Field(
        description="the abbreviation exactly as it appears in text, e.g. MNF-U")
    expansion: Annotated[str, StringConstraints(pattern=r"^[^\[\]\n<>]+$")]
    entity: Slug | None = Field(None, description="id of the entity it names, if any")


class Glossary(Model):
    """Every abbreviation the site uses (data/glossary.yaml)."""

    terms: list[Term] = Field(min_length=1)


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

    family: Text | None = None
    given: Text | None = None
    name: Text | None = None

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

    ref: int = Field(ge=1)
    locator: Text | None = None


def _seed_ref_from_int(value: Any) -> Any:
    return {"ref": value} if isinstance(value, (str, int)) else value


SeedRefItem = Annotated[SeedRef, BeforeValidator(_seed_ref_from_int), WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 1}, {
        "type": "object", "properties": {"ref": {"type": "integer", "minimum": 1},
                                         "locator": {"type": "string"}},
        "required": ["ref"], "additionalProperties": False}]})]


class Quote(Model):
    """A quotation the reference gives, verbatim, with its English translation where given."""

    text: Text
    translation: Text | None = None
    locator: Text | None = None
    seed_ref: int | None = Field(None, ge=1)


class Untranscribed(Model):
    """A numbered reference of a seed document deliberately not transcribed, and why."""

    ref: int = Field(ge=1)
    reason: Text


class Identifiers(Model):
    """Standard identifiers of a source."""

    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    isbn: Annotated[str, StringConstraints(pattern=r"^(?:97[89]-?)?(?:\d-?){9}[\dX]$")] | None = None
    issn: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{3}[\dX]$")] | None = None
    uin: Text | None = Field(None, description="UK parliamentary written-question number")
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q\d+$")] | None = None
    report_number: Text | None = None


class Source(Model):
    """A bibliographic source (data/sources/<id>.yaml)."""

    kind: SourceKind
    title: Text
    title_translated: Text | None = None
    authors: list[Person] = []
    editors: list[Person] = []
    work: Text | None = Field(None, description="newspaper, website, journal, series or book it appears in")
    publisher: Text | None = None
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = None
    language: LangCode = "en"
    published: PartialDate | None = None
    retrieved: Day | None = None
    archived: Day | None = None
    url: Url | None = None
    archive_url: Url | None = None
    via: Text | None = None
    format: Literal["pdf"] | None = None
    license: Text | None = None
    identifiers: Identifiers | None = None
    seed_refs: list[SeedRefItem] = Field([], description="numbers of the seed article's references")
    seed_document: Text | None = Field(None, description="path of the seed file, when the source is a seed")
    reference_count: int | None = Field(None, ge=0, description="for a seed document: how many numbered references it has")
    untranscribed: list[Untranscribed] = Field([], description="for a seed document: references left out, with the reason")
    quotes: list[Quote] = []
    note: Prose | None = None


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


def semantic_problems(kind: str, item: Model, today: dt.date) -> list[tuple[tuple, str, str | None]]:
    """Checks across fields that the schema cannot express: ``(loc, message, hint)`` each."""
    problems: list[tuple[tuple, str, str | None]] = []
    if isinstance(item, Source):
        if item.published and item.retrieved:
            earliest, _ = partial_date_bounds(item.published)
            if item.retrieved < earliest:
                problems.append((("retrieved",), f"retrieved ({item.retrieved}) is before published "
                                 f"({item.published})", "check both dates against the reference"))
        for field in ("retrieved", "archived"):
            value = getattr(item, field)
            if value and value > today:
                problems.append(((field,), f"{field} date {value} is in the future", None))
        if item.published and partial_date_bounds(item.published)[0] > today:
            problems.append((("published",), f"published date {item.published} is in the future", None))
        if item.archive_url and not item.archived:
            problems.append((("archive_url",), "archive_url needs an 'archived' date", None))
    if (isinstance(item, Event) and item.end_date
            and partial_date_bounds(item.end_date)[1] < partial_date_bounds(item.date)[0]):
        problems.append((("end_date",), f"end_date {item.end_date} is before date {item.date}", None))
    problems += _future_as_of(item, (), today)
    return problems


def _future_as_of(value: Any, loc: tuple, today: dt.date) -> list[tuple[tuple, str, str | None]]:
    """Every ``as_of`` after ``today``: a fact cannot be known as of a day that has not come."""
    found: list[tuple[tuple, str, str | None]] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if name == "as_of" and isinstance(child, str) and partial_date_bounds(child)[0] > today:
                found.append(((*loc, name), f"as_of {child} is after today ({today.isoformat()})",
                              "as_of is the date the sources describe, so it cannot be in the future"))
            else:
                found += _future_as_of(child, (*loc, name), today)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found += _future_as_of(item, (*loc, i), today)
    return found


RESERVED_IDS = frozenset({
    "index", "search", "assets", "sitemap", "404", "ref", "downloads", "data", "schema", "stylesheets",
    "javascripts", "map", "timeline", "sources", "precedents", "glossary", "statistics", "coverage",
    "contributors", "organizations", "headquarters", "legal-issues", "references", "see-also",
    "what-links-here", "disputed-points", "cite-this-page", "changes", "maintenance",
})
"""Ids an entity or source cannot take: names of pages, folders and headings the site already uses
(an entity named ``index`` would replace its section's index page; a source named ``references`` would
share an anchor with a heading)."""


# ---------------------------------------------------------------- validation with locations

_ALL_FIELDS = {name for model in list(KIND_MODELS.values()) + [
    Cite, Figure, Statement, Section, Dispute, DisputedValue, Name, StatusEntry, CommandPost, PlanProvision,
    RoleFact, Approval, Coordinates, Position, LegalStatus, Term, Person, SeedRef, Quote, Identifiers, Untranscribed,
] for name in model.model_fields}


def _friendly(error: dict[str, Any]) -> tuple[str, str | None]:
    """Turn one pydantic error into a message and hint an editor can act on."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    field = str(loc[-1]) if loc else "file"
    shown = repr(value) if isinstance(value, str) and len(value) < 60 else None
    if kind == "missing":
        return f"missing required field '{field}'", None
    if kind == "extra_forbidden":
        from .errors import did_you_mean

        return f"unknown field '{field}'", did_you_mean(field, _ALL_FIELDS) or "remove it or check the editing guide"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        from .errors import did_you_mean

        options = re.findall(r"'([^']+)'", expected)
        hint = did_you_mean(str(value), options) if isinstance(value, str) else None
        return f"{shown or 'value'} is not one of: {', '.join(options)}", hint
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if pattern == SLUG_PATTERN:
            return (f"{shown or 'value'} is not a valid id",
                    "ids are lowercase letters, digits and single hyphens, e.g. 'healey-2025-07-17'")
        if pattern == PARTIAL_DATE_PATTERN:
            return f"{shown or 'value'} is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY"
        return f"{shown or 'value'} does not have the expected form for '{field}'", f"expected pattern {pattern}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"{shown or 'value'} is not a valid date", "write YYYY-MM-DD"
    if kind == "list_type":
        return f"'{field}' must be a list", "start each item on its own line with '- '"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"'{field}' must be a mapping of fields, not {type(value).__name__ if value is not None else 'empty'}", None
    if kind in ("string_type",):
        if value is None:
            return f"'{field}' is empty", "give a value or remove the field"
        return f"'{field}' must be text, not a list or mapping", None
    if kind == "string_too_short":
        return f"'{field}' is empty", "give a value or remove the field"
    if kind == "too_short":
        return f"'{field}' needs at least {error.get('ctx', {}).get('min_length', 1)} item(s)", None
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{shown or 'value'} is not a whole number", None
    if kind == "finite_number":
        return f"{shown or 'value'} is not a finite number", "write an ordinary number, e.g. 48.85"
    if kind in ("float_parsing", "float_type"):
        return f"{shown or 'value'} is not a number", None
    if kind in ("bool_parsing", "bool_type"):
        return f"{shown or 'value'} is not true or false", None
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{shown or value!r} is out of range for '{field}': {error['msg'].lower()}", None
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"])), None
    return f"'{field}': {error['msg']}", None


def validate_file(file: Any, today: dt.date) -> tuple[Model | None, list[Any]]:
    """Validate one loaded file against its kind's model; every problem with its position."""
    from pydantic import ValidationError

    from .errors import Diagnostic

    model = KIND_MODELS[file.kind]
    problems: list[Diagnostic] = []
    if not SLUG_RE.match(file.id):
        problems.append(Diagnostic(file.path, 1, 1, f"file name '{file.id}' is not a valid id",
                                   "rename the file: lowercase letters, digits and single hyphens"))
    elif file.id in RESERVED_IDS and file.kind != "glossary":
        problems.append(Diagnostic(file.path, 1, 1, f"'{file.id}' is a name the site uses for its own pages "
                                   "and cannot be an id", "rename the file, e.g. add a word to the name"))
    if file.data is None or not isinstance(file.data, dict):
        what = "empty" if file.data is None else "not a mapping of fields"
        problems.append(Diagnostic(file.path, 1, 1, f"file is {what}",
                                   f"see data/schema/{file.kind}.schema.json for the fields"))
        return None, problems
    try:
        item = model.model_validate(file.data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(part for part in error["loc"] if not isinstance(part, str) or part in _ALL_FIELDS
                        or not part[:1].isupper())
            message, hint = _friendly(error)
            if error["type"] == "extra_forbidden":
                pos = file.key_pos(loc)
            elif error["type"] == "missing":
                pos = file.pos(loc[:-1])
            else:
                pos = file.pos(loc)
            problems.append(Diagnostic(file.path, pos.line, pos.col, message, hint))
        return None, problems
    for loc, message, hint in semantic_problems(file.kind, item, today):
        pos = file.pos(loc)
        problems.append(Diagnostic(file.path, pos.line, pos.col, message, hint))
    return (None if problems else item), problems
