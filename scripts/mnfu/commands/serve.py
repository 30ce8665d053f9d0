"""``mnfu serve``: the live preview (regenerate on save, the engine's server in front)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mnfu.commands.base import EXIT_FINDINGS, EXIT_OK
from mnfu.commands.base import report as _report
from mnfu.commands.base import today as _today
from mnfu.errors import DataError, Diagnostic
from mnfu.pages import INCLUDE, OUT
from mnfu.pipeline import load_site, outputs_iter
from mnfu.site import engine
from mnfu.site.write import read_stamp, write_outputs, write_stamp
from mnfu.workspace import work_folder

if TYPE_CHECKING:
    from mnfu.site.resolve import Site


def _preview_first(root: Path, site: Site, today: dt.date, changed: list[Path], touch: bool = False) -> None:
    """Write the pages of the edited data files before the whole regeneration (see ``preview``). A new
    name changes other pages and the navigation, which the whole regeneration writes too. ``touch``
    marks them changed even when their text is the same (the data error banner on them must go)."""
    import os

    from mnfu.workspace import atomic_write

    data = (root / "data").resolve()
    files = {p.resolve().relative_to(root.resolve()).as_posix() for p in changed
             if p.suffix == ".yaml" and p.resolve().is_relative_to(data)}
    if not files or len(files) != len(changed):
        return
    only = {r.page for r in site.records.values() if r.file.path in files}
    for output in outputs_iter(root, site, today, downloads=False, only=only) if only else ():
        target = root / "docs" / output.path
        if not target.is_file() or target.read_text(encoding="utf-8") != output.text:
            atomic_write(target, output.text)
        elif touch:
            os.utime(target)


def _snapshot(folders: list[Path]) -> dict[Path, tuple[int, int]]:
    """Each file's mtime and size (one stat per file: the preview takes a snapshot ten times a second)."""
    found = {}
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            try:
                info = path.stat()
            except OSError:  # gone since it was listed: an editor's temporary file
                continue
            if stat.S_ISREG(info.st_mode):
                found[path] = (info.st_mtime_ns, info.st_size)
    return found


NEXT_AT_MOST = 5.0
"""Seconds to wait for the engine to report its rebuild of the first pages before changing the next ones."""


@dataclass
class Preview:
    """What the live preview keeps from one regeneration to the next, and what the engine is doing.

    The engine rebuilds every page that changed, and a rebuild of every page takes seconds at the size of
    the real data, during which it shows no other edit. So a data error is shown the way a good edit is:
    its banner is written first at the end of the pages that show the edited files (the browser is likely
    showing one of them), then, once the engine has rebuilt those, of the pages that cite or link them;
    the other pages keep the last good version (the terminal lists the problems too). The next good
    regeneration writes those pages without it, the edited files' first.
    """

    shows: dict[str, set[str]] = field(default_factory=dict)
    """Each data file (``data/contributors/no.yaml``) -> the pages (under docs/) that show it, as of the
    last good regeneration."""
    cites: dict[str, set[str]] = field(default_factory=dict)
    """Each data file -> the other pages that cite or link it."""
    bannered: set[str] = field(default_factory=set)
    """The pages that carry the banner at their end."""
    problems: list[Diagnostic] = field(default_factory=list)
    """What the banner lists."""
    next: set[str] = field(default_factory=set)
    """Pages to give the banner once the engine has rebuilt the first ones."""
    next_after: int = 0
    next_since: float = 0.0
    busy: bool = False
    """The engine is rebuilding (from its output): a page marked changed now could be read half-way."""
    builds: int = 0
    """How many rebuilds the engine has reported finished."""
    failed: set[str] = field(default_factory=set)
    """Pages the engine failed to rebuild (one changed during its rebuild): marked again once idle."""

    def learn(self, site: Site) -> None:
        """Which pages show, cite or link each data file, from a good regeneration."""
        self.shows, self.cites = {}, {}
        for record in site.records.values():
            self.shows.setdefault(record.file.path, set()).add(record.page)
        for index, targets in ((site.citations, site.sources), (site.mentions, site.entities)):
            for id_, mentions in index.items():
                target = targets.get(id_)
                if target is not None:
                    self.cites.setdefault(target.file.path, set()).update(
                        site.records[m.by].page for m in mentions if m.by in site.records)

    def pages(self, root: Path, changed: list[Path] | None) -> tuple[set[str], set[str]] | None:
        """The pages that show the edited files and those that cite them, or None when that is not known
        (a template, a new file): then every page."""
        if not changed or not self.shows:
            return None
        base = root.resolve()
        shown: set[str] = set()
        cited: set[str] = set()
        for path in changed:
            if path.suffix != ".yaml" or path.name.startswith("."):
                continue  # an editor's temporary or backup file
            resolved = path.resolve()
            rel = resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else ""
            if rel not in self.shows:
                return None
            shown |= self.shows[rel]
            cited |= self.cites.get(rel, set())
        return (shown, cited - shown) if shown else None

    def show(self, docs: Path, problems: list[Diagnostic], first: set[str], then: set[str]) -> None:
        """The banner on ``first`` now, and on ``then`` (and on the pages that have an older one) once
        the engine has rebuilt those."""
        from mnfu.site.write import show_preview_errors

        show_preview_errors(docs, problems, first)
        self.problems, self.bannered = problems, self.bannered | first
        self.next = (then | self.bannered) - first
        self.next_after, self.next_since = self.builds, time.monotonic()

    def catch_up(self, docs: Path) -> None:
        """While the engine is idle: mark again the pages it failed to rebuild, and give the next pages the
        banner once it has rebuilt the first (or has said nothing for ``NEXT_AT_MOST`` seconds)."""
        from mnfu.site.write import mark_changed, show_preview_errors

        if self.busy:
            return
        if self.failed:
            failed, self.failed = self.failed, set()
            mark_changed(docs, failed)
        if self.next and (self.builds > self.next_after or time.monotonic() - self.next_since > NEXT_AT_MOST):
            pages, self.next = self.next, set()
            show_preview_errors(docs, self.problems, pages)
            self.bannered |= pages

    def engine_said(self, line: str) -> None:
        """Follow the engine's rebuilds from its output (MkDocs and ProperDocs; Zensical)."""
        if "Detected file changes" in line or "Building documentation" in line or line.startswith("Build started"):
            self.busy = True
        elif "Documentation built" in line or "error happened during the rebuild" in line or "issues found" in line:
            self.busy = False
            self.builds += 1
        failed = re.search(r"Error building page '([^']+)'", line)
        if failed:
            self.failed.add(failed.group(1))


def preview(root: Path, today: dt.date, changed: list[Path] | None = None,
            state: Preview | None = None) -> list[Diagnostic]:
    """One regeneration for ``mnfu serve``; returns the problems (empty when the pages are up to date).

    On success the pages are written as by ``generate``; when the navigation changed (a name, a new
    entity), every page is marked changed so the engine's dirty rebuild redoes them all. On a data error
    the last good pages stay, and a banner listing the problems is appended to them.

    ``changed``: the files edited since the last regeneration. When they are all data files, the pages
    that show them are rendered and written first, so the browser has the edit before the rest of the
    site is regenerated. With ``state`` (the preview's memory between regenerations, see ``Preview``),
    the banner of a data error goes on those pages first and on the pages that cite them next; without
    it (or when the pages of the edit are not known), on every page, through the include file.
    """
    from mnfu.site.write import PREVIEW_ERRORS, hide_preview_errors, mark_changed, show_preview_errors

    docs = root / "docs"
    nav = docs / OUT / ".nav.yml"
    before = nav.read_bytes() if nav.is_file() else b""
    include = docs / INCLUDE / "abbreviations.md"
    everywhere = include.is_file() and PREVIEW_ERRORS in include.read_text(encoding="utf-8")
    stamp = read_stamp(root, today)
    if stamp.fresh:
        return []
    pages = state.pages(root, changed) if state is not None and not everywhere else None
    if state is not None:
        state.next = set()
    try:
        site = load_site(root, today, memo=True)
        if everywhere:
            hide_preview_errors(docs)  # before any page changes: none is rebuilt with the banner
        if changed and before:
            _preview_first(root, site, today, changed, touch=everywhere)
        outputs = list(outputs_iter(root, site, today))
    except DataError as exc:
        if state is not None and pages is not None:
            state.show(docs, exc.diagnostics, *pages)
        else:
            show_preview_errors(docs, exc.diagnostics)
        return exc.diagnostics
    write_outputs(outputs, docs, root)  # a page that carries the banner differs from its text: written again
    write_stamp(root, stamp, len(outputs))
    if state is not None:
        state.learn(site)
        state.bannered = set()
    if everywhere or (nav.is_file() and nav.read_bytes() != before):
        mark_changed(docs)  # every page: the banner goes from them all, or the new navigation comes
    return []


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview: regenerate when data/ or templates/ change, while the engine serves and reloads.

    MkDocs and ProperDocs run with ``--dirty``: only pages whose Markdown changed are rebuilt.
    """
    root = Path(args.root)
    today = _today(args.today)
    state = Preview()
    problems = preview(root, today, state=state)
    if problems:
        _report(problems)
        if not (root / "docs" / OUT / ".nav.yml").is_file():
            print("mnfu: no good version of the pages to show yet; fix the data and run mnfu serve again",
                  file=sys.stderr)
            return EXIT_FINDINGS
    watched = [root / "data", root / "templates"]
    stop = threading.Event()

    def watch() -> None:
        before = _snapshot(watched)
        while not stop.wait(args.interval):
            now = _snapshot(watched)
            if now != before:
                changed = [p for p in now.keys() | before.keys() if now.get(p) != before.get(p)]
                before = now
                found = preview(root, today, changed, state)
                if found:
                    _report(found)
                    print("mnfu: the preview shows the last good pages, with these problems on top", file=sys.stderr)
                else:
                    print("mnfu: pages regenerated", file=sys.stderr)
            state.catch_up(root / "docs")

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    command = engine.serve_command(args.engine, args.addr)
    if args.engine != "zensical":  # a preview: a dirty rebuild warns, so strict mode would stop it
        command += ["--dirty", "--no-strict"]
    server = subprocess.Popen(command, cwd=root, env=engine.environment(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, errors="replace")
    relay = threading.Thread(target=_relay, args=(server.stdout, work_folder(root) / SERVE_LOG, args, state),
                             daemon=True)
    relay.start()
    # Stopped with SIGTERM (a supervisor, a test): stop the engine too, which would otherwise go on
    # serving (and watching the folder) with no one to stop it. Ctrl-C reaches both already.
    stopped = []
    previous = signal.signal(signal.SIGTERM, lambda *_: stopped.append(server.terminate()))
    try:
        status = server.wait()
        relay.join(timeout=5)
        return EXIT_OK if stopped else status
    except KeyboardInterrupt:
        server.wait()
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()


SERVE_LOG = "serve.log"
"""The engine's whole output while it serves the preview, in the work folder (``.mnfu/serve.log``)."""

_DIRTY = re.compile(r"A 'dirty' build is being performed")
_LEVEL = re.compile(r"^(?:INFO|WARNING|ERROR|DEBUG)\b")


def _relay(stream: Any, log_path: Path, args: argparse.Namespace, state: Preview | None = None) -> None:
    """Show the engine's output to the editor as it comes, but for two things that would read as if
    something were wrong: MkDocs' warning that a 'dirty' build is being performed (the preview asks for
    one: only the pages that changed are rebuilt) is explained once instead, and a Python traceback is
    summed up in one line. Everything is kept in ``.mnfu/serve.log``; ``state`` follows the rebuilds."""
    explained = False
    traceback: list[str] = []
    with open(log_path, "w", encoding="utf-8") as log:
        for line in stream:
            log.write(line)
            log.flush()
            text = engine.strip_colours(line)
            if state is not None:
                state.engine_said(text)
            if _DIRTY.search(text):
                if not explained:
                    explained = True
                    print("mnfu: the preview rebuilds only the pages that change (the engine's 'dirty' build, which "
                          "it warns about: expected here); mnfu build makes the whole site", file=sys.stderr)
                continue
            if text.startswith("Traceback (most recent call last)"):
                traceback = [text]
                continue
            if traceback:
                if text.startswith((" ", "\t", "During handling", "The above exception")) or not text.strip():
                    traceback.append(text)
                    continue
                traceback = []
                print(_crash_line(text, args), file=sys.stderr)
                if not _LEVEL.match(text):
                    continue  # the exception's own line: said above
            sys.stderr.write(line)
    if traceback:
        print(_crash_line(traceback[-1], args), file=sys.stderr)


def _crash_line(last: str, args: argparse.Namespace) -> str:
    """One line for a traceback of the engine: what went wrong, and what to do where that is known."""
    message = last.strip()
    if "Address already in use" in message:
        return (f"mnfu: {args.engine} cannot serve on {args.addr}: another program uses that address; "
                "choose another with --addr 127.0.0.1:PORT")
    return (f"mnfu: {args.engine} hit an error ({message}); the preview shows the last pages it built, and "
            f"{SERVE_LOG} in .mnfu/ has its whole output")
