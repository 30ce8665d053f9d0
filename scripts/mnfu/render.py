"""Render the resolved site into Markdown text through the Jinja templates. Pure: no disk writes.

Text from data is escaped before it reaches Markdown (``md_escape``), so a ``<script>``, a ``*`` or a
``{{`` in YAML shows as text. Templates use ``StrictUndefined``: a missing field fails loudly.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import models
from .errors import DataError, Diagnostic
from .escape import FILTERS, latex, md_block, md_inline
from .load import Settings
from .models import Cite, Person, Source, partial_date_bounds
from .resolve import Record, Site, Token, paragraphs, parse_prose

OUT = "ref"  # the generator's folder under docs/
INCLUDE = f"{OUT}/.include"
"""The only folder pymdownx.snippets may include from (mkdocs.yml): the home infobox and the abbreviations."""
_SNIPPET_LINE = re.compile(r"^[ \t]*;*-+8<-+", re.MULTILINE)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def md_escape(text: Any, line_start: bool = True) -> Markup:
    """Text from data as Markdown: ``md_block`` at the start of a line, ``md_inline`` after other text."""
    return md_block(text) if line_start else md_inline(text)


def _finalize(value: Any) -> Any:
    """Jinja finalize hook: every ``{{ }}`` output that is not already Markdown is escaped."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    return md_block(value)


def format_date(value: str | dt.date | None, approximate: bool = False) -> str:
    """'6 January 2026', 'January 2026' or '2026', as precise as the data."""
    if value is None:
        return "unknown"
    text = value.isoformat() if isinstance(value, dt.date) else value
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        out = f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    elif len(parts) == 2:
        out = f"{MONTHS[parts[1] - 1]} {parts[0]}"
    else:
        out = str(parts[0])
    return f"c. {out}" if approximate else out


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


LANGUAGES = {"en": "English", "fr": "French", "uk": "Ukrainian", "ru": "Russian", "de": "German",
             "fi": "Finnish", "no": "Norwegian", "nb": "Norwegian Bokmål", "it": "Italian", "pl": "Polish",
             "es": "Spanish", "sr": "Serbian", "tr": "Turkish", "cs": "Czech", "sv": "Swedish",
             "da": "Danish", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian", "nl": "Dutch"}


@dataclass
class Page:
    """One output page being rendered: resolves links relative to itself and numbers its notes."""

    site: Site
    path: str  # under docs/, e.g. "ref/contributors/fr.md"
    notes: dict[tuple[str, str | None], int] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)  # entities this page has linked to so far

    def url(self, target: str, anchor: str | None = None) -> str:
        """Relative link from this page to ``target`` (a path under docs/)."""
        rel = "" if target == self.path else posixpath.relpath(target, posixpath.dirname(self.path) or ".")
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

    def cite(self, cites: Iterable[Cite]) -> Markup:
        """Footnote references for a list of citations, numbered in order of first use."""
        out = []
        for c in cites:
            key = (c.source, c.locator)
            if key not in self.notes:
                self.notes[key] = len(self.notes) + 1
            out.append(f"[^{self.notes[key]}]")
        # Adjacent note numbers are separated by a comma that is in the text, not only in CSS.
        return Markup('<sup class="fn-sep">,</sup>'.join(out))

    def inline(self, text: str) -> Markup:
        """One paragraph of prose: escaped text, links and footnote references."""
        tokens, _ = parse_prose(text)
        parts = []
        for i, token in enumerate(tokens):
            if token.kind == "text" and i + 1 < len(tokens) and tokens[i + 1].kind == "cite":
                token = Token("text", token.text.rstrip())  # "ceasefire [@x]" -> "ceasefire[^1]"
            parts.append(self._token(token, line_start=not parts))
        return Markup("").join(parts)

    def _token(self, token: Token, line_start: bool) -> Markup:
        if token.kind == "text":
            return self._text(token.text, line_start)
        if token.kind == "cite":
            return self.cite(token.cites)
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

    def prose(self, text: str | None) -> Markup:
        """Prose as Markdown paragraphs separated by blank lines."""
        if not text:
            return Markup("")
        return Markup("\n\n").join(self.inline(p) for p in paragraphs(text))

    def footnotes(self) -> Markup:
        """Footnote definitions for every citation used on the page, linking to the bibliography."""
        lines = []
        for (source_id, locator), number in sorted(self.notes.items(), key=lambda kv: kv[1]):
            record = self.site.sources[source_id]
            text = citation_text(record.model)
            if locator:
                text = Markup(f"{text} At {md_escape(locator)}.")
            lines.append(f"[^{number}]: {text} [↗ Bibliography]({self.href(record)})")
        return Markup("\n".join(lines))

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


def _labels() -> dict[str, Any]:
    return {
        "ROLES": models.ROLES,
        "APPROVAL": models.APPROVAL,
        "ORG_KINDS": models.ORG_KINDS,
        "LEGAL_STATUS": models.LEGAL_STATUS,
        "SOURCE_KINDS": models.SOURCE_KINDS,
        "LANGUAGES": LANGUAGES,
    }


_ENVIRONMENTS: dict[tuple[str, str], jinja2.Environment] = {}


def environment(templates: Path, cache_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment: strict undefined, Markdown escaping of every output.

    One per templates folder and process, so each template compiles once (Jinja re-reads a template
    whose file changed). With ``cache_dir``, compiled templates are also kept on disk between runs,
    keyed by each template's text, so a run after a no-op edit compiles nothing.
    """
    key = (str(templates.resolve()), str(cache_dir or ""))
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = _new_environment(templates, cache_dir)
    return _ENVIRONMENTS[key]


def _new_environment(templates: Path, cache_dir: Path | None) -> jinja2.Environment:
    cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates.resolve())),  # absolute: tracebacks name the file
        bytecode_cache=cache,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=True,  # with ``finalize`` this escapes for Markdown, not HTML; macros return Markup
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters.update(date=format_date, people=people, citation=citation_text, bounds=partial_date_bounds,
                       bibtex=latex)
    env.globals.update(_labels())
    from . import graphics
    from .coverage import coverage

    env.globals.update(coverage=coverage, map_svg=graphics.map_svg, timeline_svg=graphics.timeline_svg,
                       bar_chart=graphics.bar_chart)
    return env


@dataclass(frozen=True)
class Output:
    """A rendered file: path under docs/ and its text."""

    path: str
    text: str


def plan(site: Site) -> list[tuple[str, str, dict[str, Any], str]]:
    """Every page to render: (template, output path under docs/, context, link base path)."""
    pages: list[tuple[str, str, dict[str, Any], str]] = []
    force = site.force
    pages.append(("home.md.j2", f"{INCLUDE}/home.md", {"record": force}, "index.md"))
    if force:
        pages.append(("force.md.j2", force.page, {"record": force}, force.page))
    for kind, folder, index_template, template in (
        ("contributor", "contributors", "contributors.md.j2", "contributor.md.j2"),
        ("organization", "organizations", "organizations.md.j2", "organization.md.j2"),
        ("headquarters", "headquarters", "headquarters_index.md.j2", "headquarters.md.j2"),
        ("legal_issue", "legal-issues", "legal_issues.md.j2", "legal_issue.md.j2"),
    ):
        records = site.of_kind(kind)
        index = f"{OUT}/{folder}/index.md"
        pages.append((index_template, index, {"records": records}, index))
        for record in records:
            pages.append((template, record.page, {"record": record}, record.page))
    for template, name, kind in (("timeline.md.j2", "timeline.md", "event"),
                                 ("precedents.md.j2", "precedents.md", "precedent"),
                                 ("sources.md.j2", "sources.md", "source")):
        path = f"{OUT}/{name}"
        pages.append((template, path, {"records": site.of_kind(kind)}, path))
    pages.append(("glossary.md.j2", f"{OUT}/glossary.md", {"glossary": site.glossary}, f"{OUT}/glossary.md"))
    # The map links to other pages from raw HTML (its SVG), so it is an index.md: see graphics.site_href.
    for name, path in (("map", "map/index.md"), ("statistics", "statistics.md"), ("data", "data.md"),
                       ("coverage", "coverage.md")):
        pages.append((f"{name}.md.j2", f"{OUT}/{path}", {}, f"{OUT}/{path}"))
    pages.append(("abbreviations.md.j2", f"{INCLUDE}/abbreviations.md", {"glossary": site.glossary}, "index.md"))
    pages.append(("nav.yml.j2", f"{OUT}/.nav.yml", {}, "mkdocs.yml"))
    return pages


def _stale_test(today: dt.date, settings: Settings | None):
    """A template function: is a partial date older than the configured age?"""
    limit = (settings or Settings()).stale_after_days

    def stale(value: str | None) -> bool:
        return bool(value) and (today - partial_date_bounds(value)[1]).days > limit

    return stale


def render(site: Site, templates: Path, build_date: dt.date | None = None,
           settings: Settings | None = None, cache_dir: Path | None = None) -> list[Output]:
    """Render every page. Raises :class:`DataError` naming the template file and line on failure.

    ``cache_dir`` (optional) keeps compiled templates between runs; nothing else is written.
    """
    env = environment(templates, cache_dir)
    outputs: list[Output] = []
    failures: dict[tuple[str, int, str], list[str]] = {}  # one error per template line, with its pages
    for template_name, out_path, context, base in plan(site):
        page = Page(site, base)
        try:
            template = env.get_template(template_name)
            text = template.render(site=site, page=page, build_date=build_date or site.today,
                                   settings=settings or Settings(), stale=_stale_test(build_date or site.today, settings),
                                   OUT=OUT, **context)
        except jinja2.TemplateSyntaxError as exc:
            failures.setdefault((exc.name or template_name, exc.lineno or 0,
                                 f"template syntax error: {exc.message}"), []).append(out_path)
            continue
        except jinja2.TemplateNotFound as exc:
            failures.setdefault((str(exc.name), 0, "template not found"), []).append(out_path)
            continue
        except Exception as exc:  # an error raised while rendering: name the template line
            name, line = _template_frame(exc, templates, template_name)
            failures.setdefault((name, line, f"template error: {type(exc).__name__}: {exc}"), []).append(out_path)
            continue
        marker = _SNIPPET_LINE.search(text)
        if marker:  # the escaping should make this impossible: refuse rather than publish an include
            line = text.count("\n", 0, marker.start()) + 1
            failures.setdefault((template_name, 0, f"generated line {line} would include a file "
                                 "(a snippet marker): a bug in the escaping, please report it"), []).append(out_path)
            continue
        outputs.append(Output(out_path, text.rstrip("\n") + "\n"))
    problems = [Diagnostic(f"templates/{name}", line, 1 if line else 0,
                           f"{message} (rendering {pages[0]}" + (f" and {len(pages) - 1} more page(s))" if len(pages) > 1
                                                                 else ")"), code="template")
                for (name, line, message), pages in failures.items()]
    for record in site.records.values():  # the YAML behind each page, linked as "View the data"
        outputs.append(Output(f"{OUT}/{record.file.path}", record.file.text))
    if site.glossary_file:
        outputs.append(Output(f"{OUT}/{site.glossary_file.path}", site.glossary_file.text))
    if problems:
        raise DataError(problems)
    return outputs


def _template_frame(exc: BaseException, templates: Path, default: str) -> tuple[str, int]:
    """The innermost template file and line in the traceback of ``exc``."""
    found = (default, 0)
    root = str(templates.resolve())
    for frame, line in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.startswith(root):
            found = (Path(filename).relative_to(root).as_posix(), line)
    return found
