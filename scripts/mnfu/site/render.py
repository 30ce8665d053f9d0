"""Render the resolved site into Markdown text through the Jinja templates. Pure: no disk writes.

Text from data is escaped before it reaches Markdown (``md_escape``), so a ``<script>``, a ``*`` or a
``{{`` in YAML shows as text. Templates use ``StrictUndefined``: a missing field fails loudly.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from mnfu.data import models
from mnfu.data.load import Settings
from mnfu.data.models import partial_date_bounds
from mnfu.errors import DataError, Diagnostic
from mnfu.pages import INCLUDE, LANGUAGES, OUT, Output, format_date
from mnfu.site.escape import FILTERS, latex, md_block
from mnfu.site.page import Page, citation_text, people
from mnfu.site.resolve import SOURCES_INDEX, Record, Site

_SNIPPET_LINE = re.compile(r"^[ \t]*;*-+8<-+", re.MULTILINE)


def _finalize(value: Any) -> Any:
    """Jinja finalize hook: every ``{{ }}`` output that is not already Markdown is escaped."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    return md_block(value)


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
    from mnfu.site import graphics
    from mnfu.site.coverage import coverage
    from mnfu.site.excerpts import supports
    from mnfu.site.jsonld import dataset
    from mnfu.site.maintenance import maintenance
    from mnfu.site.statements import audit_counts

    env.globals.update(coverage=coverage, maintenance=maintenance, supports=supports, dataset_jsonld=dataset, audit_counts=audit_counts, map_svg=graphics.map_svg, timeline_svg=graphics.timeline_svg,
                       bar_chart=graphics.bar_chart)
    return env


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
    pages.append(("changes.md.j2", f"{OUT}/changes.md", {}, f"{OUT}/changes.md"))
    pages.append(("maintenance.md.j2", f"{OUT}/maintenance.md", {}, f"{OUT}/maintenance.md"))
    for template, name, kind in (("timeline.md.j2", "timeline.md", "event"),
                                 ("precedents.md.j2", "precedents.md", "precedent")):
        path = f"{OUT}/{name}"
        pages.append((template, path, {"records": site.of_kind(kind)}, path))
    letters: dict[str, list[Record]] = {}
    for record in site.of_kind("source"):
        letters.setdefault(record.page, []).append(record)
    pages.append(("sources_index.md.j2", SOURCES_INDEX, {"letters": letters, "records": site.of_kind("source")},
                  SOURCES_INDEX))
    for path, records in letters.items():
        pages.append(("sources.md.j2", path, {"records": records, "letters": letters}, path))
    pages.append(("glossary.md.j2", f"{OUT}/glossary.md", {"glossary": site.glossary}, f"{OUT}/glossary.md"))
    # The map links to other pages from raw HTML (its SVG), so it is an index.md: see graphics.site_href.
    for name, path in (("map", "map/index.md"), ("statistics", "statistics.md"), ("data", "data.md"),
                       ("coverage", "coverage.md")):
        pages.append((f"{name}.md.j2", f"{OUT}/{path}", {}, f"{OUT}/{path}"))
    pages.append(("abbreviations.md.j2", f"{INCLUDE}/abbreviations.md", {"glossary": site.glossary}, "index.md"))
    pages.append(("nav.yml.j2", f"{OUT}/.nav.yml", {}, "mkdocs.yml"))
    return pages


def _stale_facts(today: dt.date, settings: Settings | None):
    """A template function: the facts of a record whose as_of is older than the configured age."""
    from mnfu.site.resolve import walk

    stale = _stale_test(today, settings)

    def facts(record: Record) -> list[tuple[str, int, str]]:
        """Per part of the page (the top-level field: "Pledges", "Figures"...), in data order: how many of
        its values are stale, and the oldest date among them."""
        groups: dict[str, list[str]] = {}
        for loc, value in walk(record.model):
            if loc and loc[-1] == "as_of" and isinstance(value, str) and stale(value):
                part = str(loc[0]).replace("_", " ").capitalize() if len(loc) > 1 else "The entry as a whole"
                groups.setdefault(part, []).append(value)
        return [(part, len(dates), min(dates, key=lambda d: partial_date_bounds(d)[0]))
                for part, dates in groups.items()]

    return facts


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
    return list(render_iter(site, templates, build_date, settings, cache_dir))


def render_iter(site: Site, templates: Path, build_date: dt.date | None = None,
                settings: Settings | None = None, cache_dir: Path | None = None,
                only: set[str] | None = None) -> Iterator[Output]:
    """Render the pages one at a time, so a caller can write each and let it go (at a hundred times the
    data, holding every page at once would not fit the memory goal). Raises :class:`DataError` at the
    end when a template failed: whatever was written of this run must then be thrown away.

    ``only`` (paths under docs/) renders just those pages, and not the copies of the data files: the live
    preview shows the page of an edited file first, then renders everything."""
    env = environment(templates, cache_dir)
    failures: dict[tuple[str, int, str], list[str]] = {}  # one error per template line, with its pages
    for template_name, out_path, context, base in plan(site):
        if only is not None and out_path not in only:
            continue
        page = Page(site, base)
        try:
            template = env.get_template(template_name)
            text = template.render(site=site, page=page, build_date=build_date or site.today,
                                   settings=settings or Settings(), stale=_stale_test(build_date or site.today, settings),
                                   stale_facts=_stale_facts(build_date or site.today, settings),
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
        yield Output(out_path, text.rstrip("\n") + "\n")
    problems = [Diagnostic(f"templates/{name}", line, 1 if line else 0,
                           f"{message} (rendering {pages[0]}" + (f" and {len(pages) - 1} more page(s))" if len(pages) > 1
                                                                 else ")"), code="template")
                for (name, line, message), pages in failures.items()]
    for record in site.records.values() if only is None else ():  # the YAML behind each page ("View the data")
        yield Output(f"{OUT}/{record.file.path}", record.file.text)
    if site.glossary_file and only is None:
        yield Output(f"{OUT}/{site.glossary_file.path}", site.glossary_file.text)
    if problems:
        raise DataError(problems)


def _template_frame(exc: BaseException, templates: Path, default: str) -> tuple[str, int]:
    """The innermost template file and line in the traceback of ``exc``."""
    found = (default, 0)
    root = str(templates.resolve())
    for frame, line in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.startswith(root):
            found = (Path(filename).relative_to(root).as_posix(), line)
    return found
