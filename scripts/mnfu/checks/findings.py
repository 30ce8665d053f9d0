"""Checks beyond validation: citation integrity and the built site's links, with severities.

Every finding is a :class:`Diagnostic` with a ``code`` (the check kind). Severities per code come from
``[tool.mnfu.check]`` in pyproject.toml; ``--strict`` turns warnings into failures. Reads the data and
the built site (``site/``); writes nothing (``cli`` keeps its result in ``.mnfu/check.json``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import posixpath
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from mnfu.errors import Diagnostic
from mnfu.pages import Output

if TYPE_CHECKING:  # not imported at run time: a cached check of the built site needs no data model
    from mnfu.site.resolve import Record, Site

LEVELS = ("error", "warning", "info", "off")

DEFAULT_SEVERITY: dict[str, str] = {
    "data": "error",  # anything the pipeline rejects: schema, ids, references, uncited statements
    "yaml": "error",  # YAML syntax and structure
    "layout": "error",  # files and folders in data/ that fit no kind
    "template": "error",  # a template that fails to render
    "citation-needed": "warning",  # a dated [citation needed] marker younger than the maximum age
    "citation-needed-expired": "error",  # a marker older than the maximum age
    "uncited-source": "warning",  # a source no page cites
    "duplicate-source": "error",  # two sources with the same DOI, ISBN, URL or title+date+work
    "quote": "error",  # a quotation or locator that is not well formed
    "missing-url": "info",  # a source with no known URL: a known gap, listed, never a failure
    "audit": "error",  # data/audit.yaml itself: YAML, keys and values of its entries
    "no-evidence": "error",  # a statement with no evidence recorded for its current text
    "evidence": "error",  # an excerpt not found verbatim in its document at the stated place
    "evidence-source": "error",  # the excerpts and the statement's cited sources disagree
    "evidence-figure": "error",  # a figure or date of the statement in no excerpt
    "evidence-hedge": "warning",  # a hedge or attribution of an excerpt the statement drops
    "evidence-copy": "warning",  # ten or more words of an excerpt followed, one word aside at most (own words)
    "evidence-date": "warning",  # a month or day after every cited work was published: none could report it
    "evidence-via": "warning",  # an excerpt of a seed's own sentences (Wikipedia's prose), the seed not cited
    "evidence-policy": "warning",  # what a field's policy asks of its statements' evidence ([tool.mnfu.policy])
    "machinery": "error",  # data text that calls a source 'the article' or 'the seed' (readers see it)
    "broken-link": "error",  # an internal link in the built site whose page does not exist
    "broken-anchor": "error",  # an internal link whose #fragment does not exist on its page
    "missing-snippet": "error",  # a hand-written page includes (--8<--) a file that does not exist
    "engine": "error",  # anything else the engine (MkDocs, ProperDocs, Zensical) refused
    "not-in-nav": "error",  # a generated page the navigation does not reach
    "missing-page": "error",  # a generated page the built site does not contain
    # mnfu check --external (opt-in): only a link broken on several runs days apart is an error
    "external-redirected": "warning",
    "external-soft-404": "warning",
    "external-paywalled": "warning",
    "external-unverified": "warning",
    "external-broken": "warning",
    "external-dead": "error",
}
"""Default severity of each check kind; override any of them in ``[tool.mnfu.check.severity]``."""

DEFAULT_MAX_AGE_DAYS = 90
"""How old a [citation needed] marker may get before it fails the check (``citation-needed-max-age``)."""


@dataclass
class Config:
    """Check settings, from ``[tool.mnfu.check]`` in pyproject.toml."""

    severity: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    policy: dict[str, str] = field(default_factory=dict)  # "kind.field" -> evidence policy ([tool.mnfu.policy])


def load_config(root: Path) -> tuple[Config, list[Diagnostic]]:
    """Read the check settings; unknown codes or levels are reported as usage problems."""
    config = Config()
    problems: list[Diagnostic] = []
    path = root / "pyproject.toml"
    if not path.is_file():
        return config, problems
    try:
        tool = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("mnfu", {})
        table, policy = tool.get("check", {}), tool.get("policy", {})
    except tomllib.TOMLDecodeError as exc:
        return config, [Diagnostic("pyproject.toml", 0, 0, f"cannot read [tool.mnfu.check]: {exc}", code="config")]
    for code, level in table.get("severity", {}).items():
        if code not in DEFAULT_SEVERITY:
            problems.append(Diagnostic("pyproject.toml", 0, 0, f"unknown check kind '{code}' in [tool.mnfu.check.severity]",
                                       f"known kinds: {', '.join(DEFAULT_SEVERITY)}", code="config"))
        elif level not in LEVELS:
            problems.append(Diagnostic("pyproject.toml", 0, 0, f"unknown level '{level}' for '{code}'",
                                       f"use one of: {', '.join(LEVELS)}", code="config"))
        else:
            config.severity[code] = level
    problems += _read_policy(policy, config)
    age = table.get("citation-needed-max-age", DEFAULT_MAX_AGE_DAYS)
    if isinstance(age, int) and age >= 0:
        config.max_age_days = age
    else:
        problems.append(Diagnostic("pyproject.toml", 0, 0, "citation-needed-max-age must be a whole number of days",
                                   code="config"))
    return config, problems


def _read_policy(table: dict, config: Config) -> list[Diagnostic]:
    """``[tool.mnfu.policy]``: ``"kind.field" = "policy"`` (see ``mnfu.checks.evidence.POLICIES``)."""
    from mnfu.checks.evidence import POLICIES
    from mnfu.data.models import KIND_MODELS

    problems = []
    for key, rule in table.items():
        kind, _, name = str(key).partition(".")
        model = KIND_MODELS.get(kind)
        if model is None or name not in model.model_fields:
            problems.append(Diagnostic("pyproject.toml", 0, 0, f"[tool.mnfu.policy]: '{key}' is not a kind and field",
                                       f"write \"kind.field\", e.g. \"contributor.pledges\"; kinds: {', '.join(sorted(KIND_MODELS))}",
                                       code="config"))
        elif rule not in POLICIES:
            problems.append(Diagnostic("pyproject.toml", 0, 0, f"[tool.mnfu.policy]: unknown policy '{rule}' for '{key}'",
                                       f"use one of: {', '.join(POLICIES)}", code="config"))
        else:
            config.policy[str(key)] = str(rule)
    return problems


def _finding(record: Record, loc: tuple, code: str, message: str, hint: str | None = None) -> Diagnostic:
    pos = record.file.pos(loc)
    return Diagnostic(record.file.path, pos.line, pos.col, message, hint, code=code)


def normalize_url(url: str) -> str:
    """Compare URLs without scheme, 'www.', trailing slash, fragment or tracking parameters."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = "&".join(q for q in sorted(parts.query.split("&")) if q and not q.startswith("utm_"))
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


_TIME = re.compile(r"^(?:at )?(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def audit_findings(site: Site, root: Path, policy: dict[str, str] | None = None) -> list[Diagnostic]:
    """The content audit: the record's own problems, each statement's evidence and its field's policy
    (:mod:`mnfu.checks.audits`)."""
    from mnfu.checks import audits as audit

    return audit.findings(site, root, policy)


_MACHINERY = re.compile(r"(?i)\bthe\s+article\b|\bseeds?\b")
_NOT_MACHINERY = re.compile(r"\bseed_(refs|ref)\b|^seed_document:.*")  # field names, a file path
_WIKIPEDIA_ARTICLE = re.compile(r"(?i)\bwikipedia(?:'s)?\s+article\b")


def machinery_lines(text: str, source: bool = False) -> Iterator[tuple[int, int, str]]:
    """The lines of a data file that call a source 'the article' or 'the seed' (words of our own
    making, which readers do not know), as (line, column, line text). A source's own record may say
    what it is ("a Wikipedia article"); everywhere else "Wikipedia's article" is named "Wikipedia"."""
    for number, line in enumerate(text.split("\n"), 1):
        shown = _NOT_MACHINERY.sub(lambda m: " " * len(m.group()), line)
        if not source:
            shown = _WIKIPEDIA_ARTICLE.sub(lambda m: "the article".ljust(len(m.group())), shown)
        match = _MACHINERY.search(shown)
        if match:
            yield number, match.start() + 1, line


def machinery_findings(site: Site) -> list[Diagnostic]:
    """Every line of the data that names our machinery instead of a source's title (an error: readers
    see these words on the pages)."""
    files = {record.file.path: record for record in site.records.values() if record.file is not None}
    return [Diagnostic(path, line, col, "names a source 'the article' or 'the seed', words readers do not know",
                       "name the source by its title, or say \"Wikipedia\" (CONTRIBUTING.md, 'Content standards')",
                       code="machinery")
            for path, record in sorted(files.items())
            for line, col, _ in machinery_lines(record.file.text, record.kind == "source")]


def citation_findings(site: Site, today: dt.date, config: Config) -> list[Diagnostic]:
    """Citation integrity: markers, uncited and duplicate sources, quotes and locators, missing URLs."""
    found: list[Diagnostic] = []
    for record, where, date in site.needed:
        flagged = dt.date.fromisoformat(date)
        age = (today - flagged).days
        loc = _loc_of(record, where)
        if age > config.max_age_days:
            found.append(_finding(record, loc, "citation-needed-expired",
                                  f"'citation needed' in {where} flagged {date}, {age} days ago "
                                  f"(more than {config.max_age_days})", "find a source or remove the statement"))
        else:
            found.append(_finding(record, loc, "citation-needed", f"'citation needed' in {where} flagged {date}"))
        if flagged > today:
            found.append(_finding(record, loc, "quote", f"'citation needed' date {date} is in the future"))
    keys: dict[str, dict[str, Record]] = {"DOI": {}, "ISBN": {}, "URL": {}, "title, date and work": {}}
    for record in sorted(site.sources.values(), key=lambda r: r.id):
        source = record.model
        if record.id not in site.citations and not source.seed_document:
            found.append(_finding(record, (), "uncited-source", f"source '{record.id}' is cited by no page",
                                  "cite it where it supports a statement, or remove it"))
        if not source.url:
            found.append(_finding(record, (), "missing-url", f"source '{record.id}' has no known URL"))
        ids = source.identifiers
        candidates = {
            "DOI": ids.doi.lower() if ids and ids.doi else None,
            "ISBN": re.sub(r"[^0-9X]", "", ids.isbn) if ids and ids.isbn else None,
            "URL": normalize_url(source.url) if source.url else None,
            "title, date and work": "|".join([source.title.casefold(), source.published or "", (source.work or "").casefold()])
            if source.published else None,
        }
        for label, key in candidates.items():
            if key is None:
                continue
            first = keys[label].setdefault(key, record)
            if first is not record:
                found.append(_finding(record, (), "duplicate-source",
                                      f"source '{record.id}' has the same {label} as '{first.id}' ({first.file.path})",
                                      "merge them into one source and list both seed_refs"))
        seed_numbers = {s.ref for s in source.seed_refs}
        # a quotation of the work, and a note of the article's editors under its reference, alike
        for key, kind, items in (("quotes", "quote", source.quotes), ("reference_notes", "note", source.reference_notes)):
            for i, item in enumerate(items):
                if item.seed_ref and seed_numbers and item.seed_ref not in seed_numbers:
                    found.append(_finding(record, (key, i, "seed_ref"), "quote",
                                          f"{kind} names seed reference {item.seed_ref}, which is not in seed_refs"))
                if item.text[:1] in "\"“”'" and item.text[-1:] in "\"“”'" and len(item.text) > 1:
                    found.append(_finding(record, (key, i, "text"), "quote",
                                          f"{kind} text is wrapped in quotation marks", "the site adds them: remove them"))
        locators = [(("seed_refs", i, "locator"), s.locator) for i, s in enumerate(source.seed_refs)]
        locators += [(("quotes", i, "locator"), q.locator) for i, q in enumerate(source.quotes)]
        for loc, locator in locators:
            problem = locator_problem(locator) if locator else None
            if problem:
                found.append(_finding(record, loc, "quote", problem))
    for record in site.records.values():
        from mnfu.data.models import Cite
        from mnfu.site.resolve import walk

        for loc, value in walk(record.model):
            if isinstance(value, Cite) and value.locator:
                problem = locator_problem(value.locator)
                if problem:
                    found.append(_finding(record, loc, "quote", problem))
    return found


def locator_problem(locator: str) -> str | None:
    """Why a locator is malformed, or None: times must be real, page ranges must run forward."""
    text = locator.strip()
    time = _TIME.match(text)
    if time:
        first, second, third = time.groups()
        minutes, seconds = (int(first), int(second)) if third is None else (int(second), int(third))
        if seconds >= 60 or (third is not None and minutes >= 60):
            return f"locator '{locator}' is not a valid time (minutes and seconds run to 59)"
        return None
    pages = re.match(r"^pp?\.\s*(\d+)\s*[–-]\s*(\d+)$", text)
    if pages and int(pages.group(2)) < int(pages.group(1)):
        return f"locator '{locator}' is a page range that runs backwards"
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return f"locator '{locator}' has unbalanced brackets"
    return None


def _loc_of(record: Record, where: str) -> tuple:
    """Turn a 'pledges 2 text' description back into a field path for its position."""
    loc: list = []
    for part in where.split():
        loc.append(int(part) - 1 if part.isdigit() else part.replace(" ", "_"))
    return tuple(loc)


# ---------------------------------------------------------------- the built site


@dataclass
class SiteScan:
    """What the site check found by reading the built site: its files, its pages and the links among them
    that lead nowhere (not yet traced to the data line that made them: see ``locate``)."""

    files: set[str]
    pages: set[str]  # site-relative HTML files that were read
    broken: list[Broken]


def scan_site(site_dir: Path) -> SiteScan:
    """Every file of the built site, and every broken link and anchor, each page parsed once.

    lxml (libxml2's HTML parser, in C) reads each file in one pass; XPath collects every ``id``, every
    ``<a name>`` and every ``<a href>``. Links are then checked against that table: nothing is parsed
    again per link. The scan needs nothing from the data, so it can run in another process.
    """
    from lxml import etree

    root = site_dir.resolve()
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    parser = etree.HTMLParser(recover=True, no_network=True)
    ids: dict[str, set[str]] = {}
    links: dict[str, list[str]] = {}
    for rel in sorted(f for f in files if f.endswith(".html")):
        if rel == "404.html":
            continue  # MkDocs writes it with absolute links under site_url, for any depth
        document = etree.parse(str(root / rel), parser)
        ids[rel] = set(document.xpath("//@id | //a/@name"))
        links[rel] = document.xpath("//a/@href")
    return SiteScan(files, set(ids), _broken_links(files, ids, links))


_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")  # a scheme (https:, mailto:) or //host


def _html_for(md_path: str) -> str:
    """docs-relative Markdown path -> site-relative HTML path (MkDocs directory URLs)."""
    stem = md_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


@dataclass(frozen=True)
class Broken:
    """A link of the built site that leads nowhere, before it is traced back to the data."""

    page: str  # site-relative HTML file holding the link
    href: str
    target: str  # the site-relative file it leads to
    fragment: str
    code: str
    message: str


def _broken_links(files: set[str], ids: dict[str, set[str]], links: dict[str, list[str]]) -> list[Broken]:
    """Every link and anchor among the pages that leads nowhere."""
    broken: list[Broken] = []
    folders = {posixpath.dirname(f) for f in files}
    folders |= {posixpath.dirname(d) for d in folders}  # parents of folders that hold only folders

    @functools.cache
    def target_of(folder: str, target: str) -> str:
        """The site-relative file a link from a page in ``folder`` leads to ('..' first when outside)."""
        rel = posixpath.normpath(posixpath.join(folder, unquote(target)))
        if rel == ".":
            return "index.html"
        return f"{rel}/index.html" if rel in folders else rel

    for rel_page, hrefs in links.items():
        folder = posixpath.dirname(rel_page)
        for href in hrefs:
            if _EXTERNAL.match(href):
                continue
            target, _, fragment = href.partition("#")
            path = target_of(folder, target) if target else rel_page
            if not path.endswith(".html"):
                if path not in files:
                    broken.append(Broken(rel_page, href, path, "", "broken-link", f"link to missing file '{href}'"))
            elif path not in ids:
                broken.append(Broken(rel_page, href, path, "", "broken-link",
                                     f"link to a page that does not exist: '{href}'"))
            elif fragment and unquote(fragment) not in ids[path]:
                broken.append(Broken(rel_page, href, path, unquote(fragment), "broken-anchor",
                                     f"link to a missing anchor: '{href}'"))
    return broken


def page_problems(scan: SiteScan, generated: list[str], nav_paths: set[str]) -> list[Diagnostic]:
    """Generated pages missing from the built site or unreachable from its navigation."""
    found: list[Diagnostic] = []
    for path in generated:
        html = _html_for(path)
        if html not in scan.pages:
            found.append(Diagnostic(f"docs/{path}", 0, 0, f"generated page is missing from the built site ({html})",
                                    "rebuild the site: mnfu build", code="missing-page"))
        if path not in nav_paths:
            found.append(Diagnostic(f"docs/{path}", 0, 0, "generated page is not reachable from the navigation",
                                    "add it to templates/nav.yml.j2", code="not-in-nav"))
    return found


class ScanInBackground:
    """``scan_site`` run in a forked process while this one loads the data: the two take about as long,
    and a machine with two cores does them side by side. Where fork is missing, a thread (lxml parses
    outside the GIL) does the scan."""

    def __init__(self, site_dir: Path):
        import multiprocessing
        from concurrent import futures

        if "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1:
            pool: futures.Executor = futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        else:
            pool = futures.ThreadPoolExecutor(1)
        self._future = pool.submit(scan_site, site_dir)
        pool.shutdown(wait=False)

    def result(self) -> SiteScan:
        return self._future.result()


def locate(site: Site, broken: list[Broken]) -> list[Diagnostic]:
    """Each broken link reported against the data entry that produced it (else the HTML file)."""
    by_page: dict[str, Record] = {_html_for(r.page): r for r in site.records.values() if r.anchor is None}
    anchors: dict[tuple[str, str], Record] = {
        (_html_for(r.page), r.anchor): r for r in site.records.values() if r.anchor}
    found = []
    for b in broken:
        if b.code == "broken-anchor":
            target = anchors.get((b.target, b.fragment)) or by_page.get(b.target)
        else:
            target = by_page.get(b.target) if b.target.endswith(".html") else None
        found.append(_located(site, by_page, b.page, target, b.message, b.code))
    return found


def handwritten_findings(root: Path, site_dir: Path, generated: list[str], scan: SiteScan) -> list[Diagnostic]:
    """The hand-written pages of docs/ (about, the editing guide…): their links, anchors and includes,
    each at its line in the Markdown (:mod:`mnfu.site.handwritten`; anchors as the built site has them).
    The broken links the scan found on their built pages are reported at their Markdown line too, and taken
    out of ``scan.broken``, which keeps those of the generated pages (traced to the data by ``locate``)."""
    from lxml import etree

    from mnfu.site.handwritten import check_pages, locate_href, page_paths

    docs = root / "docs"
    parser = etree.HTMLParser(recover=True, no_network=True)

    def built_ids(page: str) -> set[str] | None:
        path = site_dir / _html_for(page)
        return set(etree.parse(str(path), parser).xpath("//@id | //a/@name")) if path.is_file() else None

    found = check_pages(docs, root / "mkdocs.yml", generated=generated, anchors_of=built_ids)
    seen = {(d.path, d.line, d.col) for d in found}
    pages = {_html_for(page): page for page in page_paths(docs)}
    others = []
    for b in scan.broken:
        page = pages.get(b.page)
        if page is None:
            others.append(b)
            continue
        try:
            line, col = locate_href((docs / page).read_text(encoding="utf-8"), b.href)
        except (OSError, UnicodeDecodeError):
            line, col = 0, 0
        if (f"docs/{page}", line, col) not in seen:  # once: the theme's menu may link where the text does
            seen.add((f"docs/{page}", line, col))
            found.append(Diagnostic(f"docs/{page}", line, col, f"{b.message} (on {b.page})", code=b.code))
    scan.broken = others
    return found


def generated_pages(outputs: list[Output]) -> list[str]:
    """The generated Markdown pages that become site pages (not the include files)."""
    return [o.path for o in outputs if o.path.endswith(".md") and not any(p.startswith(".") for p in Path(o.path).parts)]


def site_findings(site: Site, outputs: list[Output], site_dir: Path, nav_paths: set[str],
                  scan: SiteScan | None = None) -> list[Diagnostic]:
    """Links, anchors, reachability and completeness of the built site, reported against the data.

    ``scan`` is ``scan_site(site_dir)`` when the caller has already read the site (in parallel with
    the pipeline); otherwise it is read here.
    """
    scan = scan or scan_site(site_dir)
    return page_problems(scan, generated_pages(outputs), nav_paths) + locate(site, scan.broken)


def _located(site: Site, by_page: dict[str, Record], page: str, target: Record | None, message: str,
             code: str) -> Diagnostic:
    """Report a broken link against the data entry that produced it, else against the HTML file."""
    source = by_page.get(page)
    if source is not None and target is not None:
        index = site.citations if target.kind == "source" else site.mentions
        for mention in index.get(target.id, []):
            if mention.by == source.key:
                return Diagnostic(source.file.path, mention.line, mention.col, f"{message} (on {page})", code=code)
    if target is not None:
        mentions = (site.citations if target.kind == "source" else site.mentions).get(target.id, [])
        if mentions:
            m = mentions[0]
            record = site.records[m.by]
            return Diagnostic(record.file.path, m.line, m.col, f"{message} (on {page})", code=code)
    if source is not None:
        return Diagnostic(source.file.path, 1, 1, f"{message} (on {page})", code=code)
    return Diagnostic(f"site/{page}", 0, 0, message, code=code)


def nav_paths(nav_text: str) -> set[str]:
    """Every docs-relative page path named in the generated navigation file: in the sidebar, or in
    ``not_in_nav`` (entries of a large section, reached from the section's index page)."""
    return {path.lstrip("/") for path in re.findall(r"(?:^|\s|: )([\w./-]+\.md)\s*$", nav_text, flags=re.MULTILINE)}


# ---------------------------------------------------------------- output


@dataclass
class Result:
    """Findings with their final levels, and what the exit code should be."""

    findings: list[Diagnostic]
    strict: bool = False

    @property
    def failed(self) -> bool:
        """True when any finding fails the check (errors, and warnings under --strict)."""
        return any(d.level == "error" or (self.strict and d.level == "warning") for d in self.findings)


def apply_severity(diagnostics: list[Diagnostic], config: Config) -> list[Diagnostic]:
    """Set each finding's level from the config; drop the ones switched off."""
    from dataclasses import replace

    out = []
    for d in diagnostics:
        level = config.severity.get(d.code, "error")
        if level != "off":
            out.append(replace(d, level=level))
    return out


_RANK = {"error": 0, "warning": 1, "info": 2}


def ordered(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Most important first: errors, then warnings, then infos; within a level, by place."""
    return sorted(diagnostics, key=lambda d: (_RANK.get(d.level, 3), d.path, d.line, d.col, d.message))


def _counts(result: Result) -> str:
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    counts = {level: sum(1 for d in result.findings if d.level == level) for level in _RANK}
    return f"{n(counts['error'], 'error')}, {n(counts['warning'], 'warning')}, {n(counts['info'], 'notice')}"


def format_text(result: Result, verbose: bool = False) -> str:
    """Human text, one finding per line (with hints), then a summary line; notices only when verbose."""
    shown = [d for d in ordered(result.findings) if verbose or d.level != "info"]
    lines = [d.format() + f" [{d.code}]" if "\n" not in d.format() else
             d.format().replace("\n", f" [{d.code}]\n", 1) for d in shown]
    status = "failed" if result.failed else "passed"
    counts = {level: sum(1 for d in result.findings if d.level == level) for level in _RANK}
    lines.append(f"mnfu check {status}: {_counts(result)}"
                 + (" (strict: warnings fail)" if result.strict else "")
                 + ("" if verbose or not counts["info"] else "; notices listed with --verbose"))
    return "\n".join(lines) + "\n"


def format_json(result: Result, verbose: bool = True) -> str:
    """Machine-readable findings and counts."""
    items = [{"path": d.path, "line": d.line, "column": d.col, "level": d.level, "code": d.code,
              "message": d.message, "hint": d.hint} for d in ordered(result.findings)]
    counts = {level: sum(1 for d in result.findings if d.level == level) for level in _RANK}
    return json.dumps({"passed": not result.failed, "strict": result.strict, "counts": counts, "findings": items},
                      indent=2, ensure_ascii=False) + "\n"


def _escape_gh(value: str, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(result: Result, verbose: bool = False) -> str:
    """GitHub workflow commands (annotations), most important first since their number is capped."""
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for d in ordered(result.findings):
        if d.level == "info" and not verbose:
            continue
        props = [f"file={_escape_gh(d.path, True)}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.col or 1}"]
        props.append(f"title={_escape_gh(d.code, True)}")
        message = d.message + (f" ({d.hint})" if d.hint else "")
        lines.append(f"::{kinds.get(d.level, 'notice')} {','.join(props)}::{_escape_gh(message)}")
    lines.append(f"mnfu check {'failed' if result.failed else 'passed'}: {_counts(result)}")
    return "\n".join(lines) + "\n"


FORMATS = {"text": format_text, "json": format_json, "github": format_github}
