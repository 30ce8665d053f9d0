"""Downloads: every file parses with a real parser for its format, holds what the data says, escapes what
it must, and is the same for the same data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import feedparser
import icalendar
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, MonthIntMiddleware, SeparateCoAuthors

from conftest import FIXTURE, ROOT, TODAY
from mnfu import outputs as export
from mnfu.data.load import load_all
from mnfu.data.models import SOURCE_KINDS
from mnfu.data.schemas import schemas
from mnfu.outputs import csl, exports, fold, plain_text
from mnfu.outputs.ris import RIS_TYPES
from mnfu.site.escape import latex as latex_escape
from mnfu.site.render import render
from mnfu.site.resolve import resolve

SITE_URL = "https://example.org/mnf-u/"
FEED_URL = SITE_URL + "ref/downloads/events.atom"
FEED_HEADERS = {"content-location": FEED_URL, "content-type": "application/atom+xml"}

# A source and an event full of what each format must escape (added to a copy of the fixture data).
ODD_SOURCE = r"""kind: book-chapter
title: 'R&D: 50% of {budgets} for C_2 #1 ~ $5 ^ \ <b> | end, "quoted"'
title_translated: "Traduit & titré"
authors:
  - {family: "Dupont & Fils", given: "Jean-Luc"}
  - {name: "Smith and Jones Ltd"}
editors: [{family: Müller, given: Anna}]
work: "Handbook of Peace & War"
publisher: Routledge
pages: "12–34"
language: fr
published: "2025-05"
retrieved: 2025-06-01
identifiers: {doi: "10.1234/ab_cd%2F", isbn: "978-0-00-000000-2"}
"""
ODD_EVENT = r"""title: 'Talks; in Genève, with "quotes" & <tags>'
date: "2025-11"
end_date: 2025-12-15
place: Palais des Nations, Genève
participants: [gb]
summary: >-
  Delegations from [[gb]] and [[ua|Kyiv]] met in Genève; they spoke of ünïcödé, “curly quotes” — and
  dashes, a backslash \ and commas, which the calendar must escape [@beta-2025, p. 7] and fold, at
  length, over many lines [@alpha-2025-07-17].

  A second paragraph [@gamma-nd; @odd-2025-05].
"""
ODD_TITLE = r'R&D: 50% of {budgets} for C_2 #1 ~ $5 ^ \ <b> | end, "quoted"'

CSL_TYPES = {  # CSL 1.0.2 item types
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
    "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report",
    "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
}
BIB_TYPES = {"article", "techreport", "incollection", "book", "misc", "online"}


def _files(site, build_date=TODAY) -> dict[str, str]:
    outputs = exports(site, build_date)
    assert all(o.path.startswith("ref/downloads/") for o in outputs)
    return {o.path.removeprefix("ref/downloads/"): o.text for o in outputs}


@pytest.fixture(scope="module")
def files(site):
    return _files(site)


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("odd")
    shutil.copytree(FIXTURE / "data", root / "data")
    (root / "data" / "sources" / "odd-2025-05.yaml").write_text(ODD_SOURCE, encoding="utf-8")
    (root / "data" / "events" / "2025-11-odd-talks.yaml").write_text(ODD_EVENT, encoding="utf-8")
    return resolve(load_all(root / "data"), TODAY)


@pytest.fixture(scope="module")
def odd(odd_site):
    return _files(odd_site)


def _bib(text: str, *middleware):
    library = bibtexparser.parse_string(text, append_middleware=list(middleware))
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def _unlatex(value: str) -> str:
    """Undo export.latex_escape (pylatexenc does not know every command it writes)."""
    from mnfu.site import escape
    inverse = {v: k for k, v in escape._LATEX.items()}
    return re.sub("|".join(re.escape(k) for k in sorted(inverse, key=len, reverse=True)),
                  lambda m: inverse[m.group(0)], value)


# ---------------------------------------------------------------- the set of files


def test_every_file_is_under_downloads(files):
    expected = set(export.FILES) | {f"schema/{name}" for name in schemas()}
    assert set(files) == expected


def test_same_data_gives_byte_identical_files(site, files):
    again = resolve(load_all(FIXTURE / "data"), TODAY)
    assert _files(again) == files
    assert _files(site) == files


def test_only_the_build_date_changes_with_the_build_date(site, files):
    later = _files(site, dt.date(2027, 1, 2))
    changed = {name for name in files if files[name] != later[name]}
    assert changed == {"mnfu-data.json", "bibliography.bib", "events.atom", "events.ics", "changes.atom"}
    for name in changed:
        assert "2027" in later[name]
    assert TODAY.isoformat() not in later["events.atom"] and TODAY.strftime("%Y%m%d") not in later["events.ics"]


def test_exports_read_nothing_from_disk(site, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("exports touched the disk")

    monkeypatch.setattr("builtins.open", refuse)
    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert exports(site, TODAY)


def test_every_source_kind_has_a_proper_type_in_each_format():
    for kind in SOURCE_KINDS:
        assert csl.CSL_TYPES[kind] in CSL_TYPES, kind
        assert RIS_TYPES[kind] in rispy.config.TYPE_OF_REFERENCE_MAPPING, kind


# ---------------------------------------------------------------- JSON and its schemas


def _validate(files: dict[str, str], data: dict) -> None:
    """Validate every item of mnfu-data.json against the schema it names (one validator per schema)."""
    validators: dict[str, jsonschema.Draft202012Validator] = {}
    items = data["entities"] + data["sources"] + [{"kind": "glossary", **data["glossary"]}]
    for item in items:
        if item["schema"] not in validators:
            schema = json.loads(files[item["schema"]])
            jsonschema.Draft202012Validator.check_schema(schema)
            validators[item["schema"]] = jsonschema.Draft202012Validator(schema)
        validators[item["schema"]].validate(item["data"])
    assert set(validators) == {f"schema/{name}" for name in schemas()}


def test_data_json_holds_every_entity_source_and_the_glossary(site, files):
    data = json.loads(files["mnfu-data.json"])
    assert data["generated"] == TODAY.isoformat()
    assert data["license"] == "CC BY-SA 4.0"
    assert len(data["entities"]) == len(site.entities) == 10
    assert [s["id"] for s in data["sources"]] == sorted(site.sources) == [
        "alpha-2025-07-17", "beta-2025", "delta-2024", "gamma-nd"]
    assert data["counts"] == {"force": 1, "contributor": 3, "organization": 1, "headquarters": 1, "event": 2,
                              "legal_issue": 1, "precedent": 1, "source": 4, "glossary_term": 3}
    assert [t["abbr"] for t in data["glossary"]["data"]["terms"]] == ["MNF-U", "NATO", "SOFA"]
    by_id = {item["id"]: item for item in data["entities"] + data["sources"]}
    gb = by_id["gb"]
    assert (gb["kind"], gb["page"], gb["schema"]) == ("contributor", "ref/contributors/gb/",
                                                       "schema/contributor.schema.json")
    assert gb["data"]["role"] == {"value": "lead-nation", "as_of": "2025-09-05",
                                  "sources": [{"source": "alpha-2025-07-17"}]}
    assert gb["data"]["pledges"] == [{"text": "Staff for the headquarters in [[paris-hq|Paris]] [@alpha-2025-07-17]."}]
    assert by_id["2025-09-paris-hq"]["page"] == "ref/timeline/#2025-09-paris-hq"
    assert by_id["beta-2025"]["page"] == "ref/sources/b/#beta-2025"
    assert by_id["beta-2025"]["data"]["seed_refs"] == [{"ref": 90, "locator": "p. 7"}]
    assert by_id["alpha-2025-07-17"]["data"]["retrieved"] == "2025-11-01"
    assert by_id["mnf-u"]["page"] == "ref/force/"


def test_data_json_validates_against_the_schemas(files):
    data = json.loads(files["mnfu-data.json"])
    _validate(files, data)
    gb = next(i for i in data["entities"] if i["id"] == "gb")
    gb["data"]["role"]["value"] = "overlord"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(gb["data"], json.loads(files[gb["schema"]]), cls=jsonschema.Draft202012Validator)


def test_schema_copies_are_the_schemas(files):
    for name, text in schemas().items():
        assert files[f"schema/{name}"] == text


# ---------------------------------------------------------------- CSV


def _rows(text: str) -> list[dict[str, str]]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_contributors_csv(files):
    rows = _rows(files["contributors.csv"])
    assert [r["id"] for r in rows] == ["no", "ua", "gb"]  # by name: Norway, Ukraine, United Kingdom
    assert rows[2] == {"id": "gb", "name": "United Kingdom", "role": "lead-nation", "role_as_of": "2025-09-05",
                       "parliamentary_approval": "unknown", "parliamentary_approval_as_of": "", "pledges": "1",
                       "conditions": "0", "page": "ref/contributors/gb/"}
    assert (rows[0]["parliamentary_approval"], rows[0]["conditions"]) == ("required", "1")
    assert rows[1]["parliamentary_approval"] == ""


def test_events_csv(files):
    rows = _rows(files["events.csv"])
    assert list(rows[0]) == ["id", "date", "end_date", "approximate", "title", "place", "participants", "page"]
    assert [r["id"] for r in rows] == ["2025-03-02-london-summit", "2025-09-paris-hq"]
    assert rows[0]["place"] == "Lancaster House, London"
    assert rows[0]["participants"] == "gb; ua"
    assert (rows[0]["approximate"], rows[1]["approximate"]) == ("false", "true")
    assert rows[1]["date"] == "2025-09"
    assert rows[1]["page"] == "ref/timeline/#2025-09-paris-hq"


def test_sources_csv(files, odd):
    rows = {r["id"]: r for r in _rows(files["sources.csv"])}
    assert len(rows) == 4
    beta = rows["beta-2025"]
    assert beta["authors"] == "Mills, Claire"
    assert beta["title"] == "Proposals for a Coalition: the <b>bold</b> [draft]"
    assert (beta["kind"], beta["published"], beta["language"]) == ("report", "2025", "en")
    assert beta["identifiers"] == "report_number=CBP-10308"
    assert beta["seed_refs"] == "90 (p. 7)"
    assert rows["alpha-2025-07-17"]["retrieved"] == "2025-11-01"
    odd_row = {r["id"]: r for r in _rows(odd["sources.csv"])}["odd-2025-05"]
    assert odd_row["title"] == ODD_TITLE
    assert odd_row["authors"] == "Dupont & Fils, Jean-Luc; Smith and Jones Ltd"
    assert odd_row["identifiers"] == "doi=10.1234/ab_cd%2F; isbn=978-0-00-000000-2"


# ---------------------------------------------------------------- bibliography


def test_csl_json(files, odd):
    items = {i["id"]: i for i in json.loads(files["bibliography.json"])}
    assert list(items) == ["alpha-2025-07-17", "beta-2025", "delta-2024", "gamma-nd"]
    assert {i["type"] for i in items.values()} <= CSL_TYPES
    alpha, beta = items["alpha-2025-07-17"], items["beta-2025"]
    assert alpha["type"] == "speech"
    assert alpha["author"] == [{"literal": "UK Ministry of Defence"}]
    assert alpha["issued"] == {"date-parts": [[2025, 7, 17]]}
    assert alpha["accessed"] == {"date-parts": [[2025, 11, 1]]}
    assert beta["type"] == "report"
    assert beta["issued"] == {"date-parts": [[2025]]}
    assert beta["author"] == [{"family": "Mills", "given": "Claire"}]
    assert beta["number"] == "CBP-10308"
    assert "issued" not in items["gamma-nd"] and items["gamma-nd"]["language"] == "fr"
    assert items["delta-2024"]["type"] == "article-newspaper"
    item = {i["id"]: i for i in json.loads(odd["bibliography.json"])}["odd-2025-05"]
    assert item["type"] == "chapter"
    assert item["title"] == ODD_TITLE
    assert item["issued"] == {"date-parts": [[2025, 5]]}
    assert item["editor"] == [{"family": "Müller", "given": "Anna"}]
    assert (item["container-title"], item["page"], item["DOI"]) == ("Handbook of Peace & War", "12–34",
                                                                    "10.1234/ab_cd%2F")


def test_bibtex_parses_with_the_source_ids_as_keys(files):
    library = _bib(files["bibliography.bib"], MonthIntMiddleware(True))
    entries = {e.key: e for e in library.entries}
    assert list(entries) == ["alpha-2025-07-17", "beta-2025", "delta-2024", "gamma-nd"]
    assert {e.entry_type for e in library.entries} <= BIB_TYPES
    beta = entries["beta-2025"]
    assert beta.entry_type == "techreport"
    assert beta["institution"] == "House of Commons Library"
    assert (beta["number"], beta["year"]) == ("CBP-10308", "2025")
    assert beta["title"] == r"{Proposals for a Coalition: the \textless{}b\textgreater{}bold\textless{}/b\textgreater{} [draft]}"
    alpha = entries["alpha-2025-07-17"]
    assert alpha.entry_type == "misc"
    assert alpha["author"] == "{UK Ministry of Defence}"
    assert (alpha["year"], alpha["month"], alpha["date"], alpha["urldate"]) == ("2025", 7, "2025-07-17", "2025-11-01")
    assert entries["gamma-nd"]["language"] == "French"


def test_bibtex_escapes_latex_special_characters(odd):
    raw = {e.key: e for e in _bib(odd["bibliography.bib"]).entries}["odd-2025-05"]
    assert raw.entry_type == "incollection"
    title = raw["title"]
    assert title.startswith(r"{R\&D: 50\% of \{budgets\} for C\_2 \#1 \textasciitilde{} \$5 \textasciicircum{} ")
    assert _unlatex(title[1:-1]) == ODD_TITLE
    assert raw["booktitle"] == r"Handbook of Peace \& War"
    assert raw["pages"] == "12--34"
    assert raw["doi"] == "10.1234/ab_cd%2F"  # verbatim field: not escaped
    assert raw["editor"] == "Müller, Anna"
    decoded = {e.key: e for e in _bib(odd["bibliography.bib"], SeparateCoAuthors(),
                                      LatexDecodingMiddleware()).entries}["odd-2025-05"]
    assert decoded["title"].startswith("R&D: 50% of {budgets} for C_2 #1")
    assert decoded["author"] == [r"Dupont \& Fils, Jean-Luc", "{Smith and Jones Ltd}"]  # the body is not split
    assert decoded["note"] == "English title: Traduit & titré"
    assert decoded["booktitle"] == "Handbook of Peace & War"


@pytest.mark.parametrize("text, expected", [
    ("R&D 50% a_b #1 $2", r"R\&D 50\% a\_b \#1 \$2"),
    ("{x} ~ ^ \\", r"\{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}"),
    ("Genève – “quoted”", "Genève – “quoted”"),
    ("two\n lines", "two lines"),
])
def test_latex_escape(text, expected):
    assert latex_escape(text) == expected


def test_ris(files, odd):
    text = files["bibliography.ris"]
    assert "\n" not in text.replace("\r\n", "")
    records = {r["id"]: r for r in rispy.loads(text)}
    assert list(records) == ["alpha-2025-07-17", "beta-2025", "delta-2024", "gamma-nd"]
    alpha, beta = records["alpha-2025-07-17"], records["beta-2025"]
    assert (alpha["type_of_reference"], alpha["type_of_work"]) == ("GEN", "Speech")
    assert alpha["authors"] == ["UK Ministry of Defence"]
    assert (alpha["year"], alpha["date"], alpha["access_date"]) == ("2025", "2025/07/17/", "2025/11/01/")
    assert beta["type_of_reference"] == "RPRT"
    assert (beta["title"], beta["translated_title"]) == ("Proposals for a Coalition: the <b>bold</b> [draft]", "Proposals")
    assert (beta["secondary_title"], beta["issn"], beta["date"]) == ("House of Commons Library", "CBP-10308", "2025///")
    assert records["delta-2024"]["type_of_reference"] == "NEWS"
    assert records["gamma-nd"]["language"] == "fr"
    chapter = {r["id"]: r for r in rispy.loads(odd["bibliography.ris"])}["odd-2025-05"]
    assert chapter["type_of_reference"] == "CHAP"
    assert chapter["title"] == ODD_TITLE
    assert chapter["authors"] == ["Dupont & Fils, Jean-Luc", "Smith and Jones Ltd"]
    assert chapter["secondary_authors"] == ["Müller, Anna"]
    assert (chapter["start_page"], chapter["end_page"], chapter["doi"]) == ("12", "34", "10.1234/ab_cd%2F")
    assert (chapter["date"], chapter["issn"]) == ("2025/05//", "978-0-00-000000-2")


# ---------------------------------------------------------------- timeline


def test_plain_text_keeps_link_text_and_drops_citations(site):
    text = "Staff in [[paris-hq|Paris]] [@alpha-2025-07-17]; [[gb]] agreed [@beta-2025, p. 7].\n\nMore [citation needed, 2026-01-01]."
    assert plain_text(site, text) == "Staff in Paris; United Kingdom agreed.\n\nMore [citation needed]."


def test_atom_feed(files):
    text = files["events.atom"]
    ET.fromstring(text.encode("utf-8"))  # well-formed XML
    feed = feedparser.parse(text, response_headers=FEED_HEADERS)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == "tag:mnf-u.reference,2026:events"
    assert feed.feed.title == "Multinational Force – Ukraine: an open, cited reference: timeline"
    assert feed.feed.updated_parsed[:3] == (2026, 11, 22)
    assert feed.feed.link == SITE_URL + "ref/timeline/"
    assert [e.id for e in feed.entries] == ["tag:mnf-u.reference,2026:event/2025-09-paris-hq",
                                            "tag:mnf-u.reference,2026:event/2025-03-02-london-summit"]
    london = feed.entries[1]
    assert london.title == "London summit"
    assert london.link == SITE_URL + "ref/timeline/#2025-03-02-london-summit"
    assert london.updated_parsed[:3] == (2026, 11, 22)
    assert london.summary_detail.type == "text/plain"
    assert london.summary == ("2 March 2025, Lancaster House, London. Participants: United Kingdom, Ukraine.\n\n"
                              "Leaders met in London and the coalition was first discussed.")
    assert feed.entries[0].summary.startswith("c. September 2025.")


def test_atom_feed_escapes_and_strips_inline_syntax(odd):
    feed = feedparser.parse(odd["events.atom"], response_headers=FEED_HEADERS)
    assert not feed.bozo, feed.get("bozo_exception")
    entry = next(e for e in feed.entries if e.id.endswith("/2025-11-odd-talks"))
    assert entry.title == 'Talks; in Genève, with "quotes" & <tags>'
    assert entry.summary.startswith("November 2025 – 15 December 2025, Palais des Nations, Genève.")
    assert "Delegations from United Kingdom and Kyiv met in Genève" in entry.summary
    assert "[@" not in entry.summary and "[[" not in entry.summary
    assert entry.summary.endswith("over many lines.\n\nA second paragraph.")


def _ical_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "a bare LF"
    lines = text.split("\r\n")[:-1]
    for line in lines:
        assert len(line.encode("utf-8")) <= 75, line
    return lines


def test_icalendar(files):
    lines = _ical_lines(files["events.ics"])
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    calendar = icalendar.Calendar.from_ical(files["events.ics"])
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert list(events) == ["tag:mnf-u.reference,2026:event/2025-03-02-london-summit",
                            "tag:mnf-u.reference,2026:event/2025-09-paris-hq"]
    london = events["tag:mnf-u.reference,2026:event/2025-03-02-london-summit"]
    assert london.decoded("DTSTART") == dt.date(2025, 3, 2)
    assert type(london.decoded("DTSTART")) is dt.date  # an all-day DATE, not a date-time
    assert london.decoded("DTEND") == dt.date(2025, 3, 3)  # exclusive
    assert london.decoded("DTSTAMP") == dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    assert str(london["SUMMARY"]) == "London summit"
    assert str(london["LOCATION"]) == "Lancaster House, London"
    assert "LOCATION:Lancaster House\\, London" in lines
    paris = events["tag:mnf-u.reference,2026:event/2025-09-paris-hq"]
    assert (paris.decoded("DTSTART"), paris.decoded("DTEND")) == (dt.date(2025, 9, 1), dt.date(2025, 9, 2))
    description = str(paris["DESCRIPTION"])
    assert "only to the month (September 2025)" in description and "first day of the month" in description
    assert "The date is approximate." in description


def test_icalendar_folds_long_lines_and_escapes_text(odd):
    text = odd["events.ics"]
    lines = _ical_lines(text)
    assert any(line.startswith(" ") for line in lines), "nothing was folded"
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Talks\\; in Genève\\, with \"quotes\" & <tags>\r\n" in unfolded
    event = next(e for e in icalendar.Calendar.from_ical(text).walk("VEVENT") if str(e["UID"]).endswith("odd-talks"))
    assert str(event["SUMMARY"]) == 'Talks; in Genève, with "quotes" & <tags>'
    assert event.decoded("DTSTART") == dt.date(2025, 11, 1)
    assert event.decoded("DTEND") == dt.date(2025, 12, 16)
    description = str(event["DESCRIPTION"])
    assert "Delegations from United Kingdom and Kyiv met in Genève; they spoke of ünïcödé" in description
    assert "a backslash \\ and commas" in description
    assert "[@" not in description and "\n\nA second paragraph." in description
    assert "only to the month (November 2025)" in description


def test_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "é€😀" * 40
    folded = fold(line)
    assert folded.endswith("\r\n")
    physical = folded[:-2].split("\r\n")
    assert len(physical) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded[:-2].replace("\r\n ", "") == line
    assert fold("SHORT:x") == "SHORT:x\r\n"


# ---------------------------------------------------------------- the data page


def test_data_page_links_every_file_and_gives_counts(site, files):
    page = {o.path: o.text for o in render(site, ROOT / "templates", TODAY)}["ref/data.md"]
    linked = set(re.findall(r"\]\(downloads/([^)]+)\)", page))
    assert linked == set(files)
    assert "# Data downloads" in page
    assert "CC BY-SA 4.0" in page
    assert "10 entities" in page and "4 sources" in page and "3 glossary terms" in page
    assert "| [events.ics](downloads/events.ics) | iCalendar (RFC 5545) | 2 all-day events" in page


# ---------------------------------------------------------------- the real data


@pytest.mark.integration
def test_every_export_of_the_real_data_parses():
    real = resolve(load_all(ROOT / "data"), TODAY)
    files = _files(real)
    _validate(files, json.loads(files["mnfu-data.json"]))
    assert len(_bib(files["bibliography.bib"]).entries) == len(real.sources)
    assert len(rispy.loads(files["bibliography.ris"])) == len(real.sources)
    assert len(json.loads(files["bibliography.json"])) == len(real.sources)
    assert len(_rows(files["sources.csv"])) == len(real.sources)
    feed = feedparser.parse(files["events.atom"], response_headers=FEED_HEADERS)
    assert not feed.bozo and len(feed.entries) == len(real.of_kind("event"))
    _ical_lines(files["events.ics"])
    assert len(icalendar.Calendar.from_ical(files["events.ics"]).walk("VEVENT")) == len(real.of_kind("event"))


def test_streamed_json_downloads_are_formatted_as_json_dumps_would(files):
    """mnfu-data.json and bibliography.json are written piece by piece; the text is the same as if the
    whole document had been dumped at once."""
    for name in ("mnfu-data.json", "bibliography.json"):
        text = files[name]
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", name
