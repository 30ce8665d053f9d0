"""``mnfu serve``: the live preview (regenerate on save, the engine's server in front)."""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from mnfu.commands.base import EXIT_FINDINGS, EXIT_OK
from mnfu.commands.base import report as _report
from mnfu.commands.base import today as _today
from mnfu.errors import DataError, Diagnostic
from mnfu.pages import INCLUDE, OUT
from mnfu.pipeline import load_site, outputs_iter
from mnfu.site import engine
from mnfu.site.write import read_stamp, write_outputs, write_stamp

if TYPE_CHECKING:
    from mnfu.site.resolve import Site


def _preview_first(root: Path, site: Site, today: dt.date, changed: list[Path]) -> None:
    """Write the pages of the edited data files before the whole regeneration (see ``preview``). A new
    name changes other pages and the navigation, which the whole regeneration writes too."""
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


def preview(root: Path, today: dt.date, changed: list[Path] | None = None) -> list[Diagnostic]:
    """One regeneration for ``mnfu serve``; returns the problems (empty when the pages are up to date).

    On success the pages are written as by ``generate``; when the navigation changed (a name, a new
    entity), every page is marked changed so the engine's dirty rebuild redoes them all. On a data
    error the last good pages stay, and a banner listing the problems is appended to every page.

    ``changed``: the files edited since the last regeneration. When they are all data files, the pages
    that show them are rendered and written first, so the browser has the edit before the rest of the
    site is regenerated.
    """
    from mnfu.site.write import PREVIEW_ERRORS, mark_changed, show_preview_errors

    nav = root / "docs" / OUT / ".nav.yml"
    before = nav.read_bytes() if nav.is_file() else b""
    include = root / "docs" / INCLUDE / "abbreviations.md"
    had_errors = include.is_file() and PREVIEW_ERRORS in include.read_text(encoding="utf-8")
    stamp = read_stamp(root, today)
    if stamp.fresh:
        return []
    try:
        site = load_site(root, today, memo=True)
        if changed and before and not had_errors:
            _preview_first(root, site, today, changed)
        outputs = list(outputs_iter(root, site, today))
    except DataError as exc:
        show_preview_errors(root / "docs", exc.diagnostics)
        return exc.diagnostics
    write_outputs(outputs, root / "docs", root)
    write_stamp(root, stamp, len(outputs))
    if had_errors or (nav.is_file() and nav.read_bytes() != before):
        mark_changed(root / "docs")  # every page: the banner goes, or the new navigation comes
    return []


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview: regenerate when data/ or templates/ change, while the engine serves and reloads.

    MkDocs and ProperDocs run with ``--dirty``: only pages whose Markdown changed are rebuilt.
    """
    root = Path(args.root)
    today = _today(args.today)
    problems = preview(root, today)
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
                found = preview(root, today, changed)
                if found:
                    _report(found)
                    print("mnfu: the preview shows the last good pages, with these problems on top", file=sys.stderr)
                else:
                    print("mnfu: pages regenerated", file=sys.stderr)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    command = engine.serve_command(args.engine, args.addr)
    if args.engine != "zensical":  # a preview: a dirty rebuild warns, so strict mode would stop it
        command += ["--dirty", "--no-strict"]
    server = subprocess.Popen(command, cwd=root, env=engine.environment())
    # Stopped with SIGTERM (a supervisor, a test): stop the engine too, which would otherwise go on
    # serving (and watching the folder) with no one to stop it. Ctrl-C reaches both already.
    stopped = []
    previous = signal.signal(signal.SIGTERM, lambda *_: stopped.append(server.terminate()))
    try:
        status = server.wait()
        return EXIT_OK if stopped else status
    except KeyboardInterrupt:
        server.wait()
        return EXIT_OK
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
