"""Validation with locations: each data file against its kind's model, the checks across fields that a
schema cannot express, and every pydantic error turned into a message (and hint) an editor can act on,
at the line and column of the value."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel

from mnfu.data.models import (
    KIND_MODELS,
    PARTIAL_DATE_PATTERN,
    RESERVED_IDS,
    SLUG_PATTERN,
    SLUG_RE,
    Approval,
    Cite,
    CommandPost,
    Coordinates,
    Dispute,
    DisputedValue,
    Event,
    Figure,
    Identifiers,
    LegalStatus,
    Model,
    Name,
    Person,
    PlanProvision,
    Position,
    Quote,
    RoleFact,
    Section,
    SeedRef,
    Source,
    Statement,
    StatusEntry,
    Term,
    Uncovered,
    Untranscribed,
    partial_date_bounds,
)


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


_ALL_FIELDS = {name for model in list(KIND_MODELS.values()) + [
    Cite, Figure, Statement, Section, Dispute, DisputedValue, Name, StatusEntry, CommandPost, PlanProvision,
    RoleFact, Approval, Coordinates, Position, LegalStatus, Term, Person, SeedRef, Quote, Identifiers, Untranscribed,
    Uncovered,
] for name in model.model_fields}


# Fields that would say what a source argues: a source's entry shows only what we know of the work (its
# bibliographic record and the quotations a reference gives), so the model has no place for a summary.
_SOURCE_SUMMARY_FIELDS = {"summary", "abstract", "description", "argument", "argues", "content", "synopsis"}


def friendly(error: dict[str, Any], data_kind: str = "") -> tuple[str, str | None]:
    """Turn one pydantic error into a message and hint an editor can act on."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    field = str(loc[-1]) if loc else "file"
    shown = repr(value) if isinstance(value, str) and len(value) < 60 else None
    if kind == "missing":
        return f"missing required field '{field}'", None
    if kind == "extra_forbidden":
        from mnfu.errors import did_you_mean

        if data_kind == "source" and len(loc) == 1 and field in _SOURCE_SUMMARY_FIELDS:
            return (f"a source has no '{field}': its entry shows only the bibliographic record and quotations",
                    "say what the source states on the page that cites it, attributed and cited "
                    "(\"NUPI argues ... [@id]\"), and only what the seeds say it states; if a reference gives only "
                    "the title, say nothing more")
        suggestion = did_you_mean(field, _ALL_FIELDS - {field})
        return (f"unknown field '{field}'" + ("" if suggestion else f" for a {data_kind or 'value'} here"),
                suggestion or "remove it, or see the field reference (docs/fields.md)")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        from mnfu.errors import did_you_mean

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
        return f"{shown or repr(value)} is out of range for '{field}': {error['msg'].lower()}", None
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"])), None
    return f"'{field}': {error['msg']}", None


def misspelt_fields(errors: list[tuple[tuple, dict[str, Any]]]) -> dict[tuple, tuple]:
    """Unknown keys that are a missing required field of the same mapping misspelt (``sumary`` beside a
    missing ``summary``): the location of each unknown key -> the location of the field it stands for."""
    import difflib

    missing: dict[tuple, list[str]] = {}
    for loc, error in errors:
        if error["type"] == "missing" and loc and isinstance(loc[-1], str):
            missing.setdefault(loc[:-1], []).append(loc[-1])
    found: dict[tuple, tuple] = {}
    for loc, error in errors:
        if error["type"] != "extra_forbidden" or not loc or not isinstance(loc[-1], str):
            continue
        candidates = [name for name in missing.get(loc[:-1], []) if (*loc[:-1], name) not in found.values()]
        close = difflib.get_close_matches(loc[-1], candidates, n=1, cutoff=0.6)
        if close:
            found[loc] = (*loc[:-1], close[0])
    return found


def validate_file(file: Any, today: dt.date) -> tuple[Model | None, list[Any]]:
    """Validate one loaded file against its kind's model; every problem with its position."""
    from pydantic import ValidationError

    from mnfu.errors import Diagnostic

    model = KIND_MODELS[file.kind]
    problems: list[Diagnostic] = []
    if not SLUG_RE.match(file.id):
        problems.append(Diagnostic(file.path, 1, 1, f"file name '{file.id}' is not a valid id",
                                   "rename the file: lowercase letters, digits and single hyphens"))
    elif file.id in RESERVED_IDS and file.kind != "glossary":
        problems.append(Diagnostic(file.path, 1, 1, f"'{file.id}' is a name the site uses for its own pages "
                                   "and cannot be an id", "rename the file, e.g. add a word to the name"))
    if file.model is not None:  # the same text validated without a problem in an earlier run
        return file.model, problems
    if file.data is None or not isinstance(file.data, dict):
        what = "empty" if file.data is None else "not a mapping of fields"
        problems.append(Diagnostic(file.path, 1, 1, f"file is {what}",
                                   f"see data/schema/{file.kind}.schema.json for the fields"))
        return None, problems
    try:
        item = model.model_validate(file.data)
    except ValidationError as exc:
        errors = [(tuple(part for part in error["loc"] if not isinstance(part, str) or part in _ALL_FIELDS
                         or not part[:1].isupper()), error) for error in exc.errors()]
        misspelt = misspelt_fields(errors)
        for loc, error in errors:
            if error["type"] == "missing" and loc in misspelt.values():
                continue  # the unknown key beside it is this field misspelt: reported there, once
            message, hint = friendly(error, file.kind)
            if loc in misspelt:
                message, hint = f"unknown field '{loc[-1]}'", f"did you mean '{misspelt[loc][-1]}'?"
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


def validate(file: Any, today: dt.date) -> None:
    """Validate a loaded file in place: its ``model`` (None when it has problems) and its ``problems``.
    The raw data is dropped: the model holds it now (at a hundred times the data the copy would double
    the memory)."""
    from mnfu.errors import Diagnostic

    item, found = validate_file(file, today)
    if item is not None and file.kind == "glossary":
        seen: dict[str, int] = {}
        for i, term in enumerate(item.terms):
            if term.abbr in seen:
                pos = file.pos(("terms", i, "abbr"))
                found.append(Diagnostic(file.path, pos.line, pos.col,
                                        f"duplicate glossary term '{term.abbr}' (also item {seen[term.abbr] + 1})"))
            seen.setdefault(term.abbr, i)
    file.model, file.problems, file.data = item, found, None
