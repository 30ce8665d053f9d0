"""The pipeline, as the README draws it::

    data/*.yaml --load--> models --resolve--> Site --render--> pages, downloads --write--> docs/ref/ --engine--> site/

:func:`build` is that line from end to end; the other functions are its parts, which the commands, the
live preview, the benchmark and the Lighthouse script run. Nothing here parses arguments or prints.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mnfu.errors import DataError, Diagnostic
from mnfu.pages import OUT, Output
from mnfu.site import engine
from mnfu.site.handwritten import check_pages
from mnfu.site.write import (
    WriteReport,
    copy_site_config,
    link_or_copy,
    read_stamp,
    replace_dirs,
    stage_outputs,
    write_stamp,
)
from mnfu.workspace import WORK, atomic_write, work_dir, work_folder

if TYPE_CHECKING:
    from mnfu.site.resolve import Site


class EngineFailed(Exception):
    """The engine (MkDocs, ProperDocs, Zensical) did not build the site: what it found, each at its page's
    line (``diagnostics``), and the file that keeps its whole output (``log``)."""

    def __init__(self, engine_name: str, diagnostics: list[Diagnostic], log: Path):
        self.engine, self.diagnostics, self.log = engine_name, sorted(diagnostics), log
        super().__init__(f"{engine_name} could not build the site")


ENGINE_LOG = "engine.log"
"""The engine's whole output from the last build, in the work folder (``.mnfu/engine.log``)."""


def build(root: Path, today: dt.date, engine_name: str = "mkdocs", site_dir: Path | None = None,
          quiet: bool = False) -> WriteReport:
    """The whole pipeline: load and resolve the data, render every page and download, write them into a
    work folder and build the site there strictly; only when every stage succeeded do docs/ref/ and
    ``site_dir`` (default site/) change, by renames. Raises DataError (bad data or templates, or a broken
    link or include in a hand-written page), EngineFailed, or FileNotFoundError (no such engine installed)."""
    site_dir = site_dir or root / "site"
    stamp = read_stamp(root, today)
    work = work_dir(root, "build-")
    try:
        copy_site_config(root, work)
        docs = root / "docs"
        shutil.copytree(docs, work / "docs", copy_function=link_or_copy,
                        ignore=lambda folder, names: [OUT] if Path(folder) == docs else [])
        site = load_site(root, today)  # load -> models -> resolve
        outputs = outputs_iter(root, site, today)  # render, one page at a time
        report = stage_outputs(outputs, docs, work / "docs" / OUT)  # write, each page as it comes
        problems = check_pages(work / "docs", work / "mkdocs.yml")  # the hand-written pages' links and includes
        if problems:
            raise DataError(problems)
        run = engine.build(engine_name, work, work / "site", quiet=quiet)
        log = work_folder(root) / ENGINE_LOG
        atomic_write(log, run.output)
        if run.returncode != 0:
            raise EngineFailed(engine_name, engine.problems(engine_name, run.output, work / "docs"), log)
        replace_dirs([(work / "docs" / OUT, docs / OUT), (work / "site", site_dir)])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_stamp(root, stamp, len(report.written) + len(report.unchanged))  # a later generate has nothing to do
    return report


def pipeline(root: Path, today: dt.date | None = None, downloads: bool = True,
             memo: bool = False) -> tuple[Site, list[Output]]:
    """load -> models -> resolve -> render (and the downloads); raises DataError with every problem found."""
    site, outputs = pipeline_iter(root, today, downloads, memo)
    return site, list(outputs)


def pipeline_iter(root: Path, today: dt.date | None = None, downloads: bool = True,
                  memo: bool = False) -> tuple[Site, Iterator[Output]]:
    """load -> models -> resolve, then the pages and downloads one at a time, for writing as they come.

    Data errors are raised at once; template errors when the iterator reaches its end.
    """
    site = load_site(root, today, memo)
    return site, outputs_iter(root, site, today, downloads)


def load_site(root: Path, today: dt.date | None = None, memo: bool = False) -> Site:
    """load -> models -> resolve; raises DataError with every problem found. With ``memo`` (check and the
    live preview, which run again and again on data that barely changed), a file unchanged since the last
    such run is not parsed or validated again (``mnfu.memo``)."""
    from mnfu.data.load import iter_files
    from mnfu.site.resolve import resolve

    problems: list[Diagnostic] = []
    unreadable: dict[str, str] = {}
    if not memo:
        return resolve(iter_files(root / "data", problems, unreadable, today=today), today, problems, unreadable)
    from mnfu.data.memo import Memo

    kept = Memo(root, today or dt.date.today())
    try:
        return resolve(iter_files(root / "data", problems, unreadable, kept, today), today, problems, unreadable)
    finally:
        kept.save()


def outputs_iter(root: Path, site: Site, today: dt.date | None = None, downloads: bool = True,
                 only: set[str] | None = None, history: bool = True) -> Iterator[Output]:
    """The pages of a resolved site, then (``downloads``) the download files, one at a time. ``only``
    (paths under docs/) renders just those pages: the live preview's first pass. What only the pages
    need is read when the first page is asked for, so a check that does not render pays for none of it.
    Without ``history`` the pages leave out the git history (``mnfu diff`` compares two versions' pages,
    which would otherwise differ by it alone)."""
    from mnfu.checks import audits as audit
    from mnfu.checks.seeds import seed_coverage
    from mnfu.checks.site_quotes import site_quotes
    from mnfu.data.load import load_settings
    from mnfu.history.log import read_history
    from mnfu.site.render import render_iter

    site.history = read_history(root, work_folder(root) / "history.json") if history else None
    site.audit = audit.load(root)  # the notes and the bibliography show the excerpts each statement rests on
    site.quotes = site_quotes(site, root, site.audit)
    if only is None or f"{OUT}/coverage.md" in only:  # the coverage page alone shows these
        site.seed_paragraphs = seed_coverage(site, root)
    if only is None or f"{OUT}/maintenance.md" in only:  # the maintenance page lists what the evidence lacks
        from mnfu.checks.findings import load_config

        site.evidence_problems = audit.findings(site, root, load_config(root)[0].policy)
    yield from render_iter(site, root / "templates", today, load_settings(root),
                           cache_dir=root / WORK / "templates", only=only)
    if downloads:
        from mnfu.outputs import exports_iter  # only when the downloads are wanted: check and serve skip them

        yield from exports_iter(site, today or site.today)
